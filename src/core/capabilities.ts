// What an instance (and a project on it) can do for deployment approvals, from `/version` or `/metadata` and the
// per-project license probe. Version thresholds: docs/gitlab-behaviour.md#versions-and-editions; every threshold lives
// in `instanceCapabilities`.

import { AccessLevel, type ProjectSummary, type VersionInfo } from './gitlab/types';

export type Edition = 'ee' | 'ce' | 'unknown';

export interface GitLabVersion {
  major: number;
  minor: number;
  patch: number;
  /** `-pre` builds (GitLab.com, nightlies) already carry the features of their version. */
  preRelease: boolean;
  /** Edition suffix of the version string, if any (`-ee`, `-jh` count as EE). */
  suffixEdition: Edition;
  raw: string;
}

const VERSION_PATTERN = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses `18.1.1-ee`, `14.7.0-pre`, `15.4.2`, `16.0.0-rc42-ee`; undefined for anything else. */
export function parseGitLabVersion(raw: string): GitLabVersion | undefined {
  const match = VERSION_PATTERN.exec(raw.trim());
  if (!match) return undefined;
  const tags = (match[4] ?? '').toLowerCase().split(/[.-]/).filter(Boolean);
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
    preRelease: tags.some((tag) => tag === 'pre' || /^rc\d*$/.test(tag)),
    suffixEdition: tags.includes('ee') || tags.includes('jh') ? 'ee' : tags.length === 0 ? 'ce' : 'unknown',
    raw,
  };
}

/** True when `version` is `major.minor` or later (patch levels never gate a feature here). */
export function isAtLeast(version: GitLabVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

export type Feature = { available: true } | { available: false; reason: string };

export interface InstanceCapabilities {
  version: GitLabVersion;
  edition: Edition;
  /** `blocked` deployments and `POST …/approval` (EE 14.7+). */
  deploymentApprovals: Feature;
  /** Approval comments (14.9). */
  approvalComments: Feature;
  /** Multiple approval rules, `approval_summary`, `represented_as` (15.0). */
  approvalRules: Feature;
  /**
   * One user approving for several rules through `represented_as`: approvals keyed by (user, rule) since 16.10
   * (migration `ChangeDeploymentApprovalsIndex`, milestone 16.10, gl!146673); before, a second approval by the same user
   * returns the first and counts nothing.
   */
  approveForSeveralRules: Feature;
  /** `PUT protected_environments/:name` (15.4). */
  updateProtectedEnvironment: Feature;
  /**
   * The unified `required_approval_count` (14.7 until 17.0, then ignored). Where several protected environments match
   * (the project's and group-level ones) and none has rules, GitLab requires the **maximum** of their counts, not the sum
   * (`required_approval_count` in `ee/app/models/ee/environment.rb` before 17.0).
   */
  unifiedApprovalCount: Feature;
  /** The project setting `allow_pipeline_trigger_approve_deployment` (15.8). */
  selfApprovalSetting: Feature;
  /**
   * Deployments waiting for a person stay `blocked` until their job runs (16.3: gl!120699 in 16.2 stopped the approval
   * service's `unblock!`, gl!125659 in 16.3 kept plain manual ones `blocked`). Before, they wait as `created`.
   */
  waitingDeploymentsStayBlocked: boolean;
  /**
   * `pending_approval_count` is the sum of each rule's pending (16.2, gl!120699). Before, it was flat — the required
   * count minus every approval of the deployment (`ee/app/models/ee/deployment.rb`, diffblue/gitlab@5057e122) — so it
   * reaches 0, and the job becomes playable, while a rule is unmet: the total then says less than the rules do.
   */
  pendingCountPerRule: boolean;
  /**
   * Approving a deployment whose job's stage has not started (`created`): since 16.2 `waiting_for_approval?` is
   * `pending_approval_count > 0` whatever the status (ee/app/models/ee/deployment.rb, gl!120699); before, the pending
   * count was 0 unless `blocked` (15.x) or the service wanted a manual job (14.x), so GitLab refused.
   */
  approveBeforeStage: Feature;
  /**
   * GraphQL `Environment.deployFreezes` with GitLab's own `startTime`/`endTime` (gl!105436, 15.7 [inferred from the
   * merge request's date]; docs/gitlab-behaviour.md#deploy-freezes). Deploy freezes are in every edition. Before it
   * none are read or shown.
   */
  deployFreezes: boolean;
}

/**
 * The edition: `enterprise` (15.6+) wins, then the version suffix. A plain `x.y.z` is CE because EE versions carry
 * `-ee`; a `-pre` build without `-ee` stays unknown (GitLab.com reports such versions).
 */
export function editionOf(info: VersionInfo, version: GitLabVersion): Edition {
  if (typeof info.enterprise === 'boolean') return info.enterprise ? 'ee' : 'ce';
  return version.suffixEdition;
}

/** Parses `/version` or `/metadata`; an unparseable version is reported, not guessed. */
export function instanceCapabilities(info: VersionInfo): InstanceCapabilities | undefined {
  const version = parseGitLabVersion(info.version);
  if (!version) return undefined;
  const edition = editionOf(info, version);
  const since = (major: number, minor: number, what: string): Feature => {
    if (edition === 'ce') return { available: false, reason: communityEditionReason(what) };
    if (!isAtLeast(version, major, minor)) {
      return {
        available: false,
        reason: `This GitLab instance runs ${version.raw}; ${what} arrived in GitLab ${major}.${minor}.`,
      };
    }
    return { available: true };
  };
  const approvals = since(14, 7, 'deployment approvals');
  return {
    version,
    edition,
    deploymentApprovals: approvals,
    approvalComments: since(14, 9, 'approval comments'),
    approvalRules: since(15, 0, 'multiple approval rules'),
    approveForSeveralRules: since(16, 10, 'approvals for several rules by one user'),
    updateProtectedEnvironment: since(15, 4, 'in-place changes to protected environments'),
    unifiedApprovalCount:
      approvals.available && isAtLeast(version, 17, 0)
        ? {
            available: false,
            reason: `GitLab ${version.raw} ignores the single required-approval count; it uses approval rules instead.`,
          }
        : approvals,
    selfApprovalSetting: since(15, 8, 'self-approval setting'),
    waitingDeploymentsStayBlocked: isAtLeast(version, 16, 3),
    pendingCountPerRule: isAtLeast(version, 16, 2),
    approveBeforeStage: since(16, 2, 'approvals for deployments of stages that have not started'),
    deployFreezes: isAtLeast(version, 15, 7),
  };
}

/**
 * The per-project Premium probe: `GET /projects/:id` exposes `allow_pipeline_trigger_approve_deployment` only when the
 * project has the `protected_environments` license feature (ee/lib/ee/api/entities/project.rb). Without it, GitLab answers every
 * approval with "This environment is not protected."
 */
export function projectApprovalsFeature(project: ProjectSummary): Feature {
  if (typeof project.allow_pipeline_trigger_approve_deployment === 'boolean') return { available: true };
  return {
    available: false,
    reason: `${project.name_with_namespace} is not on GitLab Premium or Ultimate, so its environments cannot require approvals.`,
  };
}

/**
 * The user's role in the project as the project's `permissions` say: their own membership or the project's group. A
 * group the project is shared with shows in neither (lib/api/entities/project_with_access.rb L6-23), so this is a floor;
 * `GET /projects/:id/members/all/:user_id` gives the effective level (docs/gitlab-behaviour.md#access-levels-and-shares).
 */
export function projectAccessLevel(project: ProjectSummary): number {
  const { project_access, group_access } = project.permissions ?? { project_access: null, group_access: null };
  return Math.max(project_access?.access_level ?? 0, group_access?.access_level ?? 0);
}

/**
 * The protected-environment API of a project answers Maintainers and up, and only a licensed project's protections
 * mean anything: the one rule for both reading them and changing them. `accessLevel` is the user's effective role.
 */
export function canManageProtectedEnvironments(project: ProjectSummary, accessLevel: number): boolean {
  return projectApprovalsFeature(project).available && accessLevel >= AccessLevel.maintainer;
}

function communityEditionReason(what: string): string {
  return `This GitLab instance is the Community Edition, which has no ${what}; that needs GitLab Premium or Ultimate.`;
}
