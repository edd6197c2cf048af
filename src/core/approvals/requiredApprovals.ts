// How to change the number of approvals an environment requires, which depends on the GitLab version (docs/gitlab-behaviour.md#protected-environments-api, docs/gitlab-behaviour.md#versions-and-editions),
// and how to notice entries GitLab silently dropped (docs/gitlab-behaviour.md#protected-environments-api).

import type { InstanceCapabilities } from '../capabilities';
import { InvalidInputError } from '../errors';
import type {
  AccessTarget,
  ApprovalRuleInput,
  DeployAccessLevel,
  DeployAccessLevelInput,
  ProtectedEnvironment,
  ProtectedEnvironmentApprovalRule,
  ProtectedEnvironmentCreateBody,
  ProtectedEnvironmentUpdateBody,
} from '../gitlab/types';
import { validateRequiredApprovals } from './validation';

export type RequiredApprovalsPlan =
  /** `PUT protected_environments/:name` with the unified count (15.4 ≤ v < 17.0, no rules). */
  | { kind: 'update-unified'; environmentName: string; body: ProtectedEnvironmentUpdateBody }
  /** `PUT protected_environments/:name` updating one rule, resending its original key (docs/gitlab-behaviour.md#protected-environments-api). */
  | { kind: 'update-rule'; environmentName: string; ruleId: number; body: ProtectedEnvironmentUpdateBody }
  /**
   * Before 15.4 there is no PUT: `DELETE protected_environments/:name`, then POST it again with every deploy access
   * level (and rule) preserved. The environment is unprotected in between, so a person must confirm.
   */
  | {
      kind: 'reprotect';
      environmentName: string;
      needsConfirmation: true;
      warning: string;
      create: ProtectedEnvironmentCreateBody;
    }
  | { kind: 'not-supported'; reason: string }
  | { kind: 'invalid-input'; error: InvalidInputError };

export function requiredApprovalsPlan(
  capabilities: InstanceCapabilities,
  environment: ProtectedEnvironment,
  newCount: number,
  ruleId?: number,
): RequiredApprovalsPlan {
  const invalid = validateRequiredApprovals(newCount);
  if (invalid) return { kind: 'invalid-input', error: invalid };
  if (!capabilities.deploymentApprovals.available)
    return { kind: 'not-supported', reason: capabilities.deploymentApprovals.reason };
  const rules = environment.approval_rules ?? [];
  if (rules.length > 0) return ruleChangePlan(capabilities, environment, rules, newCount, ruleId);
  if (!capabilities.unifiedApprovalCount.available) {
    return {
      kind: 'not-supported',
      reason: `The environment "${environment.name}" has no approval rules, and this GitLab version only counts approvals through rules; add a rule in GitLab first.`,
    };
  }
  if (capabilities.updateProtectedEnvironment.available) {
    return { kind: 'update-unified', environmentName: environment.name, body: { required_approval_count: newCount } };
  }
  return reprotectPlan(environment, { required_approval_count: newCount });
}

function ruleChangePlan(
  capabilities: InstanceCapabilities,
  environment: ProtectedEnvironment,
  rules: readonly ProtectedEnvironmentApprovalRule[],
  newCount: number,
  ruleId: number | undefined,
): RequiredApprovalsPlan {
  const target =
    ruleId === undefined ? (rules.length === 1 ? rules[0] : undefined) : rules.find((rule) => rule.id === ruleId);
  if (!target) {
    const message =
      ruleId === undefined
        ? `The environment "${environment.name}" has several approval rules; choose the one to change.`
        : `The environment "${environment.name}" has no approval rule ${ruleId}.`;
    return { kind: 'invalid-input', error: new InvalidInputError('rule', message) };
  }
  const key = accessTargetOf(target);
  if (!key)
    return {
      kind: 'not-supported',
      reason: `Approval rule ${target.id} has no user, group or role the extension recognises.`,
    };
  if (capabilities.updateProtectedEnvironment.available) {
    return {
      kind: 'update-rule',
      environmentName: environment.name,
      ruleId: target.id,
      body: { approval_rules: [{ id: target.id, ...key, required_approvals: newCount }] },
    };
  }
  const recreated: ApprovalRuleInput[] = [];
  for (const rule of rules) {
    const ruleKey = accessTargetOf(rule, true);
    if (!ruleKey)
      return {
        kind: 'not-supported',
        reason: `Approval rule ${rule.id} has no user, group or role the extension recognises.`,
      };
    recreated.push({ ...ruleKey, required_approvals: rule === target ? newCount : rule.required_approvals });
  }
  return reprotectPlan(environment, { approval_rules: recreated });
}

function reprotectPlan(
  environment: ProtectedEnvironment,
  approvals: Pick<ProtectedEnvironmentCreateBody, 'required_approval_count' | 'approval_rules'>,
): RequiredApprovalsPlan {
  const deployAccessLevels: DeployAccessLevelInput[] = [];
  for (const level of environment.deploy_access_levels) {
    const key = accessTargetOf(level, true);
    if (!key)
      return {
        kind: 'not-supported',
        reason: `A deployer of "${environment.name}" could not be read, so it could not be restored.`,
      };
    deployAccessLevels.push(key);
  }
  if (deployAccessLevels.length === 0) {
    return {
      kind: 'not-supported',
      reason: `"${environment.name}" lists no deployers, so it could not be protected again.`,
    };
  }
  return {
    kind: 'reprotect',
    environmentName: environment.name,
    needsConfirmation: true,
    warning: `This GitLab version cannot change "${environment.name}" in place: it will be unprotected and protected again with the same deployers, and is unprotected for a moment in between.`,
    create: { name: environment.name, deploy_access_levels: deployAccessLevels, ...approvals },
  };
}

/** The one identifying key of a rule or deploy access level; with `withInheritance`, a group's inheritance type too. */
function accessTargetOf(
  entry: DeployAccessLevel | ProtectedEnvironmentApprovalRule,
  withInheritance = false,
): AccessTarget | undefined {
  if (entry.user_id !== null) return { user_id: entry.user_id };
  if (entry.group_id !== null) {
    const inheritance = entry.group_inheritance_type;
    return withInheritance && inheritance !== null && inheritance !== undefined
      ? { group_id: entry.group_id, group_inheritance_type: inheritance }
      : { group_id: entry.group_id };
  }
  if (entry.access_level !== null) return { access_level: entry.access_level };
  return undefined;
}

export interface DroppedChange {
  collection: 'approval_rules' | 'deploy_access_levels' | 'required_approval_count';
  /** The requested entry (or count). */
  requested: ApprovalRuleInput | DeployAccessLevelInput | number;
  /** `missing`: not in the response; `not-applied`: present with other values; `not-removed`: `_destroy` ignored. */
  problem: 'missing' | 'not-applied' | 'not-removed';
}

/**
 * GitLab drops approval rules and deployers it does not accept (a group the project is not shared with, a user
 * without Developer access…) and still answers 200/201 (docs/gitlab-behaviour.md#protected-environments-api). Compare what was asked with what came back.
 */
export function changesDroppedByGitLab(
  requested: ProtectedEnvironmentUpdateBody | ProtectedEnvironmentCreateBody,
  response: ProtectedEnvironment,
): DroppedChange[] {
  const dropped: DroppedChange[] = [
    ...droppedEntries('approval_rules', requested.approval_rules ?? [], response.approval_rules ?? []),
    ...droppedEntries('deploy_access_levels', requested.deploy_access_levels ?? [], response.deploy_access_levels),
  ];
  const count = requested.required_approval_count;
  if (count !== undefined && response.required_approval_count !== count) {
    dropped.push({ collection: 'required_approval_count', requested: count, problem: 'not-applied' });
  }
  return dropped;
}

function droppedEntries<I extends ApprovalRuleInput | DeployAccessLevelInput>(
  collection: 'approval_rules' | 'deploy_access_levels',
  requested: readonly I[],
  actual: readonly (DeployAccessLevel | ProtectedEnvironmentApprovalRule)[],
): DroppedChange[] {
  const unclaimed = [...actual];
  const dropped: DroppedChange[] = [];
  for (const entry of requested) {
    if (entry._destroy) {
      if (actual.some((a) => a.id === entry.id)) dropped.push({ collection, requested: entry, problem: 'not-removed' });
      continue;
    }
    const index = unclaimed.findIndex((a) => (entry.id !== undefined ? a.id === entry.id : sameTarget(entry, a)));
    const match = unclaimed[index];
    if (!match) {
      dropped.push({ collection, requested: entry, problem: 'missing' });
      continue;
    }
    unclaimed.splice(index, 1);
    const requiredDiffers =
      'required_approvals' in entry &&
      entry.required_approvals !== undefined &&
      'required_approvals' in match &&
      match.required_approvals !== entry.required_approvals;
    if (!sameTarget(entry, match) || requiredDiffers)
      dropped.push({ collection, requested: entry, problem: 'not-applied' });
  }
  return dropped;
}

function sameTarget(entry: AccessTarget, actual: DeployAccessLevel | ProtectedEnvironmentApprovalRule): boolean {
  if ('user_id' in entry) return actual.user_id === entry.user_id;
  if ('group_id' in entry) return actual.group_id === entry.group_id;
  return actual.access_level === entry.access_level;
}
