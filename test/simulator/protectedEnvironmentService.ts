// Writing protected environments (ee/lib/api/protected_environments.rb, ee/app/services/protected_environments/,
// ee/app/models/protected_environment.rb; docs/gitlab-behaviour.md#protected-environments-api): Grape's nested-param checks,
// silent filtering of unqualified users and groups (sanitized_params), nested-attribute create/update/_destroy, model
// validations (422) and the 17.0 deprecation of `required_approval_count`.
import type { SimContext } from './context';
import { ApiError, grapeError, messageError, notFound } from './http';
import {
  AccessRuleBase,
  ApprovalRule,
  DeployAccessLevel,
  ENVIRONMENT_TIERS,
  Group,
  Project,
  ProtectedEnvironment,
} from './model';
import { groupAccessLevel, projectAccessLevel } from './policy';

const ALLOWED_ACCESS_LEVELS = [40, 30, 20, 60];

export const REQUIRED_APPROVAL_COUNT_DEPRECATED =
  "Parameter 'required_approval_count' is deprecated and shouldn't be used. See https://gitlab.com/groups/gitlab-org/-/epics/9662";

interface RuleInput {
  id?: number;
  destroy: boolean;
  accessLevel?: number;
  userId?: number;
  groupId?: number;
  groupInheritanceType?: 0 | 1;
  requiredApprovals?: number;
}

export interface PeWrite {
  deployAccessLevels?: RuleInput[];
  approvalRules?: RuleInput[];
  requiredApprovalCount?: number;
}

type Owner = { project: Project; group?: undefined } | { group: Group; project?: undefined };

/** Parses and validates the body with Grape's rules; throws 400 `{"error": …}` listing every problem. */
export function parsePeWrite(ctx: SimContext, params: Record<string, unknown>, mode: 'create' | 'update'): PeWrite {
  const errors: string[] = [];
  const write: PeWrite = {};
  if (mode === 'create') {
    if (params.name === undefined || params.name === null) errors.push('name is missing');
    if (params.deploy_access_levels === undefined || params.deploy_access_levels === null)
      errors.push('deploy_access_levels is missing');
  }
  if (params.deploy_access_levels !== undefined && params.deploy_access_levels !== null) {
    // No Grape constraint on the keys here (L33-47, L74-84): the model's ExactlyOnePresentValidator answers 422.
    write.deployAccessLevels = parseRules('deploy_access_levels', params.deploy_access_levels, 'none', errors);
  }
  // `approval_rules` is declared since 15.0; Grape drops undeclared params before that.
  if (ctx.profile.hasApprovalRules && params.approval_rules !== undefined && params.approval_rules !== null) {
    write.approvalRules = parseRules('approval_rules', params.approval_rules, 'at-least-one', errors);
  }
  if (params.required_approval_count !== undefined && params.required_approval_count !== null) {
    if (!/^\d+$/.test(String(params.required_approval_count))) errors.push('required_approval_count is invalid');
    else write.requiredApprovalCount = Number(params.required_approval_count);
  }
  if (errors.length > 0) throw grapeError(400, errors.join(', '));
  return write;
}

function parseRules(name: string, raw: unknown, mode: 'at-least-one' | 'none', errors: string[]): RuleInput[] {
  if (!Array.isArray(raw) || raw.some((e) => typeof e !== 'object' || e === null || Array.isArray(e))) {
    errors.push(`${name} is invalid`);
    return [];
  }
  return raw.map((element: Record<string, unknown>, i) => {
    const key = (field: string) => `${name}[${i}][${field}]`;
    const int = (field: string): number | undefined => {
      const value = element[field];
      if (value === undefined || value === null) return undefined;
      if (!/^-?\d+$/.test(String(value))) {
        errors.push(`${key(field)} is invalid`);
        return undefined;
      }
      return Number(value);
    };
    const input: RuleInput = {
      id: int('id'),
      destroy:
        element._destroy === true || element._destroy === 'true' || element._destroy === 1 || element._destroy === '1',
      accessLevel: int('access_level'),
      userId: int('user_id'),
      groupId: int('group_id'),
      groupInheritanceType: int('group_inheritance_type') as 0 | 1 | undefined,
      // Grape `default: 1` (L65-68) survives `declared_params`: a rule sent without a count is set to 1, on PUT too.
      requiredApprovals: name === 'approval_rules' ? (int('required_approvals') ?? 1) : undefined,
    };
    const present = (['access_level', 'user_id', 'group_id'] as const).filter(
      (f) => element[f] !== undefined && element[f] !== null,
    );
    const all = ['access_level', 'user_id', 'group_id'].map(key).join(', ');
    if (mode === 'at-least-one' && present.length === 0)
      errors.push(`${all} are missing, at least one parameter must be provided`);
    if (input.accessLevel !== undefined && !ALLOWED_ACCESS_LEVELS.includes(input.accessLevel))
      errors.push(`${key('access_level')} does not have a valid value`);
    if (input.groupInheritanceType !== undefined && ![0, 1].includes(input.groupInheritanceType))
      errors.push(`${key('group_inheritance_type')} does not have a valid value`);
    return input;
  });
}

/** 17.0+: any `required_approval_count > 0` is refused with 422 (L154-156, L195-197), before the 409 conflict. */
export function checkRequiredApprovalCount(ctx: SimContext, write: PeWrite): void {
  if (ctx.profile.unifiedApprovalCount === 'rejected' && (write.requiredApprovalCount ?? 0) > 0) {
    throw messageError(422, REQUIRED_APPROVAL_COUNT_DEPRECATED);
  }
}

/**
 * `ProtectedEnvironments::BaseService#sanitized_params`: for projects a group must be one the project is shared with and a
 * user needs Developer+; for groups a group must be the group or a descendant and a user Maintainer/Owner. Others are dropped
 * silently. `_destroy` entries are exempt.
 */
function qualifies(ctx: SimContext, owner: Owner, input: RuleInput): boolean {
  if (input.destroy) return true;
  if (input.groupId !== undefined) {
    if (owner.project) return owner.project.sharedWithGroups.some((link) => link.groupId === input.groupId);
    const group = ctx.state.groups.get(input.groupId);
    return !!group && ctx.state.groupAncestry(group).includes(owner.group);
  }
  if (input.userId !== undefined) {
    const user = ctx.state.users.get(input.userId);
    if (!user) return false;
    return owner.project
      ? projectAccessLevel(ctx, user, owner.project) >= 30
      : groupAccessLevel(ctx, user, owner.group) >= 40;
  }
  return true;
}

function identity(input: RuleInput): Omit<AccessRuleBase, 'id'> {
  return {
    accessLevel: input.accessLevel ?? null,
    userId: input.userId ?? null,
    groupId: input.groupId ?? null,
    groupInheritanceType: input.groupInheritanceType ?? 0,
  };
}

/** Nested attributes: `id` updates, `id` + `_destroy` deletes, no `id` creates. An unknown id is RecordNotFound (404). */
function applyNested<T extends AccessRuleBase>(
  ctx: SimContext,
  existing: T[],
  inputs: RuleInput[],
  owner: Owner,
  make: (input: RuleInput) => T,
  update: (rule: T, input: RuleInput) => T,
): T[] {
  let result = existing.map((r) => ({ ...r }));
  for (const input of inputs.filter((i) => qualifies(ctx, owner, i))) {
    if (input.id === undefined) {
      if (!input.destroy) result.push(make(input));
      continue;
    }
    const index = result.findIndex((r) => r.id === input.id);
    if (index < 0) throw notFound.record();
    if (input.destroy) result = result.filter((r) => r.id !== input.id);
    else result[index] = update(result[index], input);
  }
  return result;
}

function merge<T extends AccessRuleBase>(rule: T, input: RuleInput): T {
  const next = { ...rule };
  if (input.accessLevel !== undefined || input.userId !== undefined || input.groupId !== undefined) {
    Object.assign(next, {
      accessLevel: input.accessLevel ?? null,
      userId: input.userId ?? null,
      groupId: input.groupId ?? null,
    });
  }
  if (input.groupInheritanceType !== undefined) next.groupInheritanceType = input.groupInheritanceType;
  return next;
}

/**
 * Model validations, as `full_messages` in a 422 `{"message": [...]}`, in Rails' order: the nested records first
 * (`accepts_nested_attributes_for` registers them before the `validates` lines), then the protected environment's own.
 */
function validateModel(pe: ProtectedEnvironment): void {
  const errors: string[] = [];
  for (const level of pe.deployAccessLevels) {
    const keys = [level.accessLevel, level.groupId, level.userId].filter((v) => v !== null).length;
    if (keys !== 1)
      errors.push('Deploy access levels base Exactly one of access_level, group_id, user_id must be present');
  }
  for (const rule of pe.approvalRules) {
    if (rule.requiredApprovals < 1) errors.push('Approval rules required approvals must be greater than or equal to 1');
    if (rule.requiredApprovals > 5) errors.push('Approval rules required approvals must be less than or equal to 5');
  }
  if (pe.deployAccessLevels.length === 0) errors.push('Deploy access levels is too short (minimum is 1 character)');
  if (pe.groupId !== null && !(ENVIRONMENT_TIERS as readonly string[]).includes(pe.name))
    errors.push(`Name must be one of environment tiers: ${ENVIRONMENT_TIERS.join(', ')}.`);
  if (pe.requiredApprovalCount > 5) errors.push('Required approval count must be less than or equal to 5');
  if (errors.length > 0) throw new ApiError({ status: 422, body: { message: [...new Set(errors)] } });
}

export function createProtectedEnvironment(
  ctx: SimContext,
  owner: Owner,
  name: string,
  write: PeWrite,
): ProtectedEnvironment {
  const draft: ProtectedEnvironment = {
    id: 0,
    projectId: owner.project?.id ?? null,
    groupId: owner.group?.id ?? null,
    name,
    deployAccessLevels: applyNested<DeployAccessLevel>(
      ctx,
      [],
      write.deployAccessLevels ?? [],
      owner,
      (i) => ({ id: 0, ...identity(i) }),
      merge,
    ),
    requiredApprovalCount: write.requiredApprovalCount ?? 0,
    approvalRules: applyNested<ApprovalRule>(
      ctx,
      [],
      write.approvalRules ?? [],
      owner,
      (i) => ({ id: 0, ...identity(i), requiredApprovals: i.requiredApprovals! }),
      mergeApproval,
    ),
  };
  validateModel(draft);
  const pe = ctx.state.protectEnvironment({
    ...(owner.project ? { project: owner.project } : { group: owner.group }),
    name,
    requiredApprovalCount: draft.requiredApprovalCount,
  });
  pe.deployAccessLevels = draft.deployAccessLevels.map((r) => ({ ...r, id: ctx.state.nextId('deploy_access_level') }));
  pe.approvalRules = draft.approvalRules.map((r) => ({ ...r, id: ctx.state.nextId('approval_rule') }));
  return pe;
}

export function updateProtectedEnvironment(
  ctx: SimContext,
  owner: Owner,
  pe: ProtectedEnvironment,
  write: PeWrite,
): ProtectedEnvironment {
  const newId = (kind: string) => ctx.state.nextId(kind);
  const draft: ProtectedEnvironment = {
    ...pe,
    deployAccessLevels: applyNested<DeployAccessLevel>(
      ctx,
      pe.deployAccessLevels,
      write.deployAccessLevels ?? [],
      owner,
      (i) => ({ id: newId('deploy_access_level'), ...identity(i) }),
      merge,
    ),
    approvalRules: applyNested<ApprovalRule>(
      ctx,
      pe.approvalRules,
      write.approvalRules ?? [],
      owner,
      (i) => ({ id: newId('approval_rule'), ...identity(i), requiredApprovals: i.requiredApprovals! }),
      mergeApproval,
    ),
    requiredApprovalCount: write.requiredApprovalCount ?? pe.requiredApprovalCount,
  };
  validateModel(draft);
  Object.assign(pe, draft);
  return pe;
}

function mergeApproval(rule: ApprovalRule, input: RuleInput): ApprovalRule {
  const next = merge(rule, input);
  if (input.requiredApprovals !== undefined) next.requiredApprovals = input.requiredApprovals;
  return next;
}
