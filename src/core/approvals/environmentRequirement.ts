// How many approvals an environment's deployments need, as far as the client can see
// (docs/gitlab-behaviour.md#group-level-protected-environments,
// docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version).

import type { InstanceCapabilities } from '../capabilities';
import type { DeploymentDetail, ProjectSummary, ProtectedEnvironment } from '../gitlab/types';
import { countApproved } from './attribution';
import { pendingApprovals } from './classify';

/** What this rule reads of an environment (the refresh engine's `EnvironmentView` fits it). */
export interface EnvironmentApprovals {
  protection?: Pick<ProtectedEnvironment, 'approval_rules' | 'required_approval_count'>;
  deployments: readonly {
    detail?: Pick<DeploymentDetail, 'approval_summary' | 'pending_approval_count' | 'approvals'>;
  }[];
}

export interface ApprovalRequirement {
  count: number;
  /**
   * True when group-level protected environments of the environment's tier may add rules the client cannot see (their
   * API needs the group's Owner): `count` is then a floor, not the total.
   */
  atLeast: boolean;
}

/**
 * A blocked deployment's summary lists the rules of every protected environment that applies — the project's and the
 * group-level ones of the tier (`ProtectedEnvironment.for_environments`) — so it is the whole answer. Without one, the
 * project's own protection is all that can be read; in a group, group-level rules may add to it. Without any rule,
 * before 17.0 (`unifiedApprovalCount`), GitLab requires the **largest** unified count of the protected environments
 * that apply: a waiting deployment's approvals and pending count give it; the project's own count is only a floor.
 * From 17.0 that count is ignored.
 */
export function environmentRequirement(
  environment: EnvironmentApprovals,
  project: ProjectSummary,
  capabilities?: Pick<InstanceCapabilities, 'unifiedApprovalCount'>,
): ApprovalRequirement | undefined {
  const summary = environment.deployments.find((d) => d.detail?.approval_summary)?.detail?.approval_summary;
  if (summary && summary.rules.length > 0)
    return { count: summary.rules.reduce((sum, rule) => sum + rule.required_approvals, 0), atLeast: false };
  const inGroup = project.namespace?.kind !== 'user';
  const rules = environment.protection?.approval_rules;
  if (rules && rules.length > 0)
    return { count: rules.reduce((sum, rule) => sum + rule.required_approvals, 0), atLeast: inGroup };
  if (capabilities && !capabilities.unifiedApprovalCount.available) return undefined;
  const unified = unifiedFromWaitingDeployment(environment);
  if (unified) return { count: unified, atLeast: false };
  const own = environment.protection?.required_approval_count;
  return own ? { count: own, atLeast: inGroup } : undefined;
}

/**
 * Without rules, a deployment still waiting for approval says GitLab's unified requirement: its approvals plus
 * what is pending (the maximum over the protected environments, whatever the client can read of them).
 */
function unifiedFromWaitingDeployment(environment: EnvironmentApprovals): number | undefined {
  for (const { detail } of environment.deployments) {
    if (!detail || (detail.approval_summary?.rules.length ?? 0) > 0) continue;
    const pending = pendingApprovals(detail);
    if (pending > 0) return countApproved(detail.approvals ?? []) + pending;
  }
  return undefined;
}

/** "2 approvals required", or "at least 2 approvals required" when group-level rules may add more. */
export function requirementText(requirement: ApprovalRequirement): string {
  const { count, atLeast } = requirement;
  return `${atLeast ? 'at least ' : ''}${count} approval${count === 1 ? '' : 's'} required`;
}

/**
 * Where an environment's total comes from, for the person who changes one count of it: the project's own count being
 * changed (a rule's, or the unified count), the project's other rules, and what the rest adds. Rules add up; unified
 * counts (before 17.0, no rules) do not: GitLab takes the largest. `elsewhere` is what group-level protected environments
 * add, known only when the total is exact (a waiting deployment's summary lists every rule).
 */
export interface RequirementShares {
  own: number;
  otherRules: number;
  combine: 'sum' | 'max';
  /** What the tree shows (`environmentRequirement`). */
  total?: ApprovalRequirement;
  /** Group-level rules' share of an exact total (`sum` only); undefined when the total is a floor or unknown. */
  elsewhere?: number;
}

export function requirementShares(
  environment: EnvironmentApprovals,
  project: ProjectSummary,
  capabilities: Pick<InstanceCapabilities, 'unifiedApprovalCount'> | undefined,
  ruleId?: number,
): RequirementShares | undefined {
  const rules = environment.protection?.approval_rules ?? [];
  const total = environmentRequirement(environment, project, capabilities);
  if (rules.length === 0) {
    const own = environment.protection?.required_approval_count;
    return own === undefined ? undefined : { own, otherRules: 0, combine: 'max', total };
  }
  const rule = rules.find((r) => r.id === ruleId) ?? (rules.length === 1 ? rules[0] : undefined);
  if (!rule) return undefined;
  const projectSum = rules.reduce((sum, r) => sum + r.required_approvals, 0);
  return {
    own: rule.required_approvals,
    otherRules: projectSum - rule.required_approvals,
    combine: 'sum',
    total,
    elsewhere: total && !total.atLeast ? Math.max(total.count - projectSum, 0) : undefined,
  };
}
