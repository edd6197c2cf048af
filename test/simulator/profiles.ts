// Version and edition profiles (docs/gitlab-behaviour.md#versions-and-editions). Every version-dependent behaviour reads a
// flag here, so there is one place that says what, say, GitLab 14.7 could do.

export type ProfileName = 'ce' | 'ee-unlicensed' | '14.7' | '15.4' | '16.1' | '16.x' | 'latest';
export const PROFILE_NAMES: readonly ProfileName[] = ['ce', 'ee-unlicensed', '14.7', '15.4', '16.1', '16.x', 'latest'];

export interface Profile {
  name: ProfileName;
  version: string;
  revision: string;
  /** EE code present (approval and PE routes exist). */
  enterprise: boolean;
  /** The `protected_environments` license (Premium+). Without it `Environment#protected?` is false. */
  licensed: boolean;
  /** `enterprise` key in /version and /metadata exists since 15.6. */
  versionHasEnterpriseKey: boolean;
  /** GET /metadata exists since 15.2. */
  hasMetadata: boolean;
  /** GET /personal_access_tokens/self exists since 15.5. */
  hasPatSelf: boolean;
  /** POST …/deployments/:id/approval exists (EE ≥ 14.7). */
  hasApprovalRoute: boolean;
  /** PUT protected_environments since 15.4; before it Grape answers 405. */
  hasProtectedEnvironmentPut: boolean;
  /** Multiple approval rules (`approval_rules`, `approval_summary`, `represented_as`) since 15.0. */
  hasApprovalRules: boolean;
  /** How `required_approval_count` is treated: 14.7 only it; 15.x–16.x both; 17.0+ a value > 0 is answered with 422. */
  unifiedApprovalCount: 'only' | 'accepted' | 'rejected';
  /** One approval per (user, rule) since 16.10 (migration `ChangeDeploymentApprovalsIndex`, gl!146673); before, one per user per deployment. */
  approvalPerRule: boolean;
  /** `allow_pipeline_trigger_approve_deployment` since 15.8. */
  hasSelfApprovalSetting: boolean;
  /** Plain manual deployments report `blocked` (16.3, gl!125659); before, `created`. */
  manualDeploymentsBlocked: boolean;
  /**
   * Before 16.2 (gl!120699, gl!126269) the approval service moved a fully approved deployment from `blocked` to
   * `created` (`unblock!`), checked "not waiting" (`blocked?`) second, and `pending_approval_count` was 0 unless the
   * deployment was `blocked`. Seen at a ~15.8 revision; whether 15.0–15.7 did the same is unverified.
   */
  approvalUnblocksDeployment: boolean;
  /** The early-14.x approval service: old texts and check order. */
  legacyApprovalService: boolean;
  /**
   * Before 16.2 `pending_approval_count` was flat: the environment's required count minus every approval of the
   * deployment (`ee/app/models/ee/deployment.rb`, diffblue/gitlab@5057e122), so it reaches 0 while a rule is unmet;
   * 16.2 computes it per rule (gl!120699).
   */
  flatPendingApprovalCount: boolean;
  /** A compare's diffs say `collapsed` and `too_large` since 18.4 (gl!199633, doc/api/repositories.md); before, only an empty `diff`. */
  diffCollapseKeys: boolean;
  /**
   * GraphQL `Environment.deployFreezes` with computed `startTime`/`endTime` (gl!105436, 15.7 [inferred]); before it
   * GraphQL answers "Field 'deployFreezes' doesn't exist on type 'Environment'". The REST list is older (13.0).
   */
  hasDeployFreezesGraphql: boolean;
  /**
   * Who may read freeze periods (`read_freeze_period`): Reporter+ who can read environments on current GitLab
   * (app/policies/project_policy.rb), Maintainer+ in GitLab 13.0's (gitlabhq/gitlabhq's older policy). The version of
   * the change was not established: the 15.4 and 14.7 profiles take the old rule, the others the new [inferred].
   */
  freezeReadLevel: 20 | 40;
  /**
   * `deployment_approved` / `deployment_rejected` audit events on every approval (17.1, gl!153375;
   * ee/config/audit_events/types/deployment_approved.yml). Earlier profiles write none.
   */
  auditsDeploymentApprovals: boolean;
}

const latest: Profile = {
  name: 'latest',
  version: '18.9.0-ee',
  revision: '6714c913625',
  enterprise: true,
  licensed: true,
  versionHasEnterpriseKey: true,
  hasMetadata: true,
  hasPatSelf: true,
  hasApprovalRoute: true,
  hasProtectedEnvironmentPut: true,
  hasApprovalRules: true,
  unifiedApprovalCount: 'rejected',
  approvalPerRule: true,
  hasSelfApprovalSetting: true,
  manualDeploymentsBlocked: true,
  approvalUnblocksDeployment: false,
  legacyApprovalService: false,
  flatPendingApprovalCount: false,
  diffCollapseKeys: true,
  hasDeployFreezesGraphql: true,
  freezeReadLevel: 20,
  auditsDeploymentApprovals: true,
};

const PROFILES: Record<ProfileName, Profile> = {
  latest,
  '16.x': {
    ...latest,
    name: '16.x',
    auditsDeploymentApprovals: false,
    version: '16.11.10-ee',
    revision: 'e2a3a3d8a6b',
    unifiedApprovalCount: 'accepted',
    diffCollapseKeys: false,
  },
  '16.1': {
    ...latest,
    name: '16.1',
    auditsDeploymentApprovals: false,
    version: '16.1.5-ee',
    revision: 'a2b9b6d6e5c',
    unifiedApprovalCount: 'accepted',
    approvalPerRule: false,
    manualDeploymentsBlocked: false,
    approvalUnblocksDeployment: true,
    flatPendingApprovalCount: true,
    diffCollapseKeys: false,
  },
  '15.4': {
    ...latest,
    name: '15.4',
    auditsDeploymentApprovals: false,
    version: '15.4.6-ee',
    revision: '5d8a3ad1a4c',
    versionHasEnterpriseKey: false,
    hasPatSelf: false,
    unifiedApprovalCount: 'accepted',
    approvalPerRule: false,
    hasSelfApprovalSetting: false,
    manualDeploymentsBlocked: false,
    flatPendingApprovalCount: true,
    diffCollapseKeys: false,
    hasDeployFreezesGraphql: false,
    freezeReadLevel: 40,
  },
  '14.7': {
    ...latest,
    name: '14.7',
    auditsDeploymentApprovals: false,
    version: '14.7.7-ee',
    revision: '1e3d8c4e9c4',
    versionHasEnterpriseKey: false,
    hasMetadata: false,
    hasPatSelf: false,
    hasProtectedEnvironmentPut: false,
    hasApprovalRules: false,
    unifiedApprovalCount: 'only',
    approvalPerRule: false,
    hasSelfApprovalSetting: false,
    manualDeploymentsBlocked: false,
    legacyApprovalService: true,
    flatPendingApprovalCount: true,
    diffCollapseKeys: false,
    hasDeployFreezesGraphql: false,
    freezeReadLevel: 40,
  },
  'ee-unlicensed': { ...latest, name: 'ee-unlicensed', licensed: false },
  ce: { ...latest, name: 'ce', version: '18.9.0', enterprise: false, licensed: false, hasApprovalRoute: false },
};

/** Resolves a profile name; '17+' is an alias of 'latest'. */
export function getProfile(name: string | undefined): Profile {
  const key = name === undefined || name === '17+' ? 'latest' : name;
  const profile = PROFILES[key as ProfileName];
  if (!profile) throw new Error(`Unknown simulator profile '${name}'. Known: ${PROFILE_NAMES.join(', ')}, 17+`);
  return profile;
}
