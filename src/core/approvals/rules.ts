// How GitLab names approval rules and decides whether a user matches one (docs/gitlab-behaviour.md#approving-and-rejecting).

import { AccessLevel, type ProtectedEnvironmentApprovalRule } from '../gitlab/types';
import { gateAccount, type BotAccount } from './externalGates';

/** What the core knows about the current user, for one deployment's project. */
export interface ApproverContext {
  currentUser: { id: number };
  /** The user's maximum access level in the deployment's project (0 when not a member). */
  currentUserAccessLevel: number;
  /** Group ids where the user is a direct member, and where they are a member directly or through an ancestor group. */
  groupMemberships: { direct: readonly number[]; inherited: readonly number[] };
  /** The project's `allow_pipeline_trigger_approve_deployment`; undefined (key absent) counts as GitLab's default, false. */
  allowSelfApproval: boolean | undefined;
  isAdmin: boolean;
  /**
   * User id → the service account or bot it is, for the users of user rules read so far (externalGates.ts); a rule of
   * such an account is an external gate, never offered to a person.
   */
  botAccounts?: ReadonlyMap<number, BotAccount>;
  /**
   * Ids of the approval rules of the environment's project-level protected environment, when the user could read it
   * (Maintainer+); undefined when not. A summary rule outside it comes from a group-level protected environment.
   */
  projectRuleIds?: ReadonlySet<number>;
  /** The project sits in a group, so group-level protected environments of its ancestors may add rules. */
  groupLevelRulesPossible?: boolean;
  /**
   * The user's role in the project's top-level group (inherited roles only grow further down), when read: a group-level
   * role rule on any ancestor then matches for sure if this role reaches it.
   */
  topGroupAccessLevel?: number;
  /** The project's namespace full path (`acme/platform`), to name a group-level rule's group where it can only be one. */
  namespacePath?: string;
  /** False before GitLab 16.2, whose pending count is flat (`InstanceCapabilities.pendingCountPerRule`); true by default. */
  pendingCountPerRule?: boolean;
}

/** `yes`/`no` when the client can tell; `maybe` when GitLab's answer depends on facts REST does not give. */
export type RuleMatch = 'yes' | 'no' | 'maybe';

/** `HUMAN_ACCESS_LEVELS`: only these two roles have a name (docs/gitlab-behaviour.md#approving-and-rejecting). */
const HUMAN_ACCESS_LEVELS: Readonly<Record<number, string>> = {
  [AccessLevel.maintainer]: 'Maintainers',
  [AccessLevel.developer]: 'Developers + Maintainers',
};

/**
 * GitLab's `humanize` for a rule, which `represented_as` is matched against: the user's display name, the group's
 * name (both arrive as `access_level_description`), or the role's name; null for Reporter and Admin role rules.
 */
export function ruleHumanize(rule: ProtectedEnvironmentApprovalRule): string | null {
  if (rule.user_id !== null || rule.group_id !== null) return rule.access_level_description || null;
  if (rule.access_level !== null) return HUMAN_ACCESS_LEVELS[rule.access_level] ?? null;
  return null;
}

/** A label for people: `ruleHumanize`, or a readable stand-in where GitLab has none. */
export function ruleLabel(rule: ProtectedEnvironmentApprovalRule): string {
  const humanized = ruleHumanize(rule);
  if (humanized) return humanized;
  if (rule.user_id !== null) return `User ${rule.user_id}`;
  if (rule.group_id !== null) return `Group ${rule.group_id}`;
  if (rule.access_level === AccessLevel.reporter) return 'Reporters + Developers + Maintainers';
  if (rule.access_level === AccessLevel.admin) return 'Administrators';
  return rule.access_level_description || 'Approval rule';
}

/**
 * `check_access` (ee/app/models/protected_environments/authorizable.rb L31-43): an admin matches every rule; a user rule
 * matches that user; a group rule matches direct members, or inherited members too when `group_inheritance_type` is 1;
 * a role rule compares the role in the protected environment's container — the project for a project-level one, the
 * group for a group-level one (ee/app/models/protected_environment.rb L99-105). REST does not say which protected
 * environment a summary rule comes from, so a role rule that is (or may be) group-level is `maybe` unless the project
 * role is already too low (a role in an ancestor group never exceeds the role it gives in the project) or the role in
 * the top-level group already reaches it (every group below inherits at least that role).
 */
export function ruleMatch(rule: ProtectedEnvironmentApprovalRule, ctx: ApproverContext): RuleMatch {
  if (ctx.isAdmin) return 'yes';
  const audience = ruleAudience(rule);
  switch (audience.kind) {
    case 'user':
      return audience.userId === ctx.currentUser.id ? 'yes' : 'no';
    case 'group': {
      const { direct, inherited } = ctx.groupMemberships;
      const member =
        direct.includes(audience.groupId) || (audience.inheritedMembers && inherited.includes(audience.groupId));
      return member ? 'yes' : 'no';
    }
    case 'role':
      if (ctx.currentUserAccessLevel < audience.minimumAccessLevel) return 'no';
      if (ruleIsProjectLevel(rule, ctx)) return 'yes';
      return (ctx.topGroupAccessLevel ?? 0) >= audience.minimumAccessLevel ? 'yes' : 'maybe';
    case 'nobody':
      return 'no';
  }
}

/** Whom a rule admits besides administrators, as `check_access` reads it (see `ruleMatch`). */
export type RuleAudience =
  | { kind: 'user'; userId: number }
  /** Direct members of the group, and members through its ancestors too when `inheritedMembers`. */
  | { kind: 'group'; groupId: number; inheritedMembers: boolean }
  /** Everyone whose role in the protected environment's container reaches this level. */
  | { kind: 'role'; minimumAccessLevel: number }
  | { kind: 'nobody' };

export function ruleAudience(rule: ProtectedEnvironmentApprovalRule): RuleAudience {
  if (rule.user_id !== null) return { kind: 'user', userId: rule.user_id };
  if (rule.group_id !== null)
    return { kind: 'group', groupId: rule.group_id, inheritedMembers: rule.group_inheritance_type === 1 };
  if (rule.access_level !== null) return { kind: 'role', minimumAccessLevel: rule.access_level };
  return { kind: 'nobody' };
}

/** Whether the rule is known to come from the project's own protected environment. */
function ruleIsProjectLevel(rule: ProtectedEnvironmentApprovalRule, ctx: ApproverContext): boolean {
  return ruleOrigin(rule, ctx) === 'project';
}

/**
 * Which protected environment a summary rule comes from, where the client can tell: every rule of a project in a user
 * namespace is the project's; in a group, only the project's own protection (readable by Maintainers) tells, and a rule
 * outside it is group-level. REST and GraphQL give no origin to anyone else (docs/gitlab-behaviour.md#group-level-protected-environments).
 */
export function ruleOrigin(
  rule: ProtectedEnvironmentApprovalRule,
  ctx: Pick<ApproverContext, 'groupLevelRulesPossible' | 'projectRuleIds'>,
): 'project' | 'group' | undefined {
  if (!ctx.groupLevelRulesPossible) return 'project';
  if (!ctx.projectRuleIds) return undefined;
  return ctx.projectRuleIds.has(rule.id) ? 'project' : 'group';
}

/**
 * Labels for a deployment's rules, in order, that tell them apart: by origin where the project sits in a group and the
 * origin is known ("Maintainers — project", "Maintainers — group acme"; the group is named only when the project's
 * namespace is a top-level group, the one ancestor it can be), otherwise by position among rules of the same label
 * ("Maintainers (rule 2 of 2)"). `namespacePath` is the project's namespace full path.
 */
export function ruleLabels(
  rules: readonly ProtectedEnvironmentApprovalRule[],
  ctx: Pick<ApproverContext, 'groupLevelRulesPossible' | 'projectRuleIds' | 'botAccounts'>,
  namespacePath: string | undefined,
): string[] {
  const plain = rules.map(ruleLabel);
  return rules.map((rule, index) => {
    const label = plain[index];
    const gate = gateAccount(rule, ctx);
    if (gate) return `${label} — external approval (service account or bot @${gate.username})`;
    const origin = ruleOrigin(rule, ctx);
    if (ctx.groupLevelRulesPossible && origin === 'project') return `${label} — project`;
    if (origin === 'group')
      return namespacePath && !namespacePath.includes('/')
        ? `${label} — group ${namespacePath}`
        : `${label} — a group above the project`;
    const same = plain.flatMap((other, i) => (other === label ? [i] : []));
    return same.length > 1 ? `${label} (rule ${same.indexOf(index) + 1} of ${same.length})` : label;
  });
}

/** A rule the user is known to match (see `ruleMatch`). */
export function ruleMatchesUser(rule: ProtectedEnvironmentApprovalRule, ctx: ApproverContext): boolean {
  return ruleMatch(rule, ctx) === 'yes';
}

export type RuleResolution<R> = { kind: 'found'; rule: R } | { kind: 'none' } | { kind: 'server-error' };

/**
 * `find_approval_rule_for(user, represented_as:)` (docs/gitlab-behaviour.md#approving-and-rejecting): the first rule, in order, whose humanize contains
 * `representedAs` (case-sensitive substring) and that the user matches. GitLab calls `humanize.exclude?` on every rule it
 * passes while a `representedAs` is given, and a nil humanize (Reporter/Admin role rules) then raises: a 500 (docs/gitlab-behaviour.md#open-points, inferred).
 */
export function resolveApprovalRule<R extends ProtectedEnvironmentApprovalRule>(
  rules: readonly R[],
  ctx: ApproverContext,
  representedAs?: string,
): RuleResolution<R> {
  for (const rule of rules) {
    if (representedAs !== undefined) {
      const humanized = ruleHumanize(rule);
      if (humanized === null) return { kind: 'server-error' };
      if (!humanized.includes(representedAs)) continue;
    }
    if (ruleMatchesUser(rule, ctx)) return { kind: 'found', rule };
  }
  return { kind: 'none' };
}
