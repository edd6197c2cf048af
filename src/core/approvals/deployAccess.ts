// May the user run a deployment job? On a protected environment GitLab refuses the play (403) to anyone who is not a
// deployer of every protected environment that applies, and lets a deployer play even with only Reporter access
// (ee/app/policies/ee/ci/deployable_policy.rb; docs/gitlab-behaviour.md#jobs-of-blocked-deployments).
// Elsewhere GitLab lets Developers and above play (`update_build`). So the extension offers "Run" only when a refusal
// is not known, and says where only GitLab can tell (`unknown`).

import { AccessLevel, type ProtectedEnvironment, type ProtectedEnvironmentApprovalRule } from '../gitlab/types';
import { ruleMatchesUser, type ApproverContext } from './rules';

export type DeployAccess = 'allowed' | 'denied' | 'unknown';

export interface DeployAccessInput {
  /** The project is licensed for protected environments; without it GitLab enforces none. */
  licensed: boolean;
  /** Whether the project's protected environments could be read (Maintainer+); otherwise protection is unknown. */
  protectionsRead: boolean;
  /** The project-level protection of the deployment's environment, if it has one. */
  protection?: ProtectedEnvironment;
  ctx: ApproverContext;
  /** Groups whose membership of the user is known; a deployer group outside them cannot be decided. */
  knownGroups: ReadonlySet<number>;
}

/**
 * Deploy access levels match users exactly like approval rules (`Authorizable#check_access`).
 * Group-level protections of the tier may restrict further; they are not readable per project, so an "allowed" here
 * is the best the REST API lets a client know.
 */
export function deployAccess(input: DeployAccessInput): DeployAccess {
  // A Reporter plays only as a deployer of a protected environment (deployment-only access); a Guest never.
  const role = input.ctx.currentUserAccessLevel;
  if (role < AccessLevel.reporter && !input.ctx.isAdmin) return 'denied';
  const byRole = role >= AccessLevel.developer || input.ctx.isAdmin ? 'allowed' : 'denied';
  if (!input.licensed) return byRole;
  if (!input.protection) return input.protectionsRead ? byRole : 'unknown';
  const levels = input.protection.deploy_access_levels.map(asRule);
  const projectLevel = { ...input.ctx, groupLevelRulesPossible: false }; // these come from the project's own protection
  if (levels.some((level) => ruleMatchesUser(level, projectLevel))) return 'allowed';
  const undecided = levels.some((level) => level.group_id !== null && !input.knownGroups.has(level.group_id));
  return undecided ? 'unknown' : 'denied';
}

function asRule(level: ProtectedEnvironment['deploy_access_levels'][number]): ProtectedEnvironmentApprovalRule {
  return {
    id: level.id ?? 0,
    user_id: level.user_id,
    group_id: level.group_id,
    access_level: level.access_level,
    access_level_description: level.access_level_description,
    required_approvals: 0,
    group_inheritance_type: level.group_inheritance_type ?? 0,
  };
}
