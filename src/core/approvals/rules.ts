// How GitLab names approval rules and decides whether a user matches one (REFERENCE §1.3).

import { AccessLevel, type ProtectedEnvironmentApprovalRule } from '../gitlab/types';

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
}

/** `HUMAN_ACCESS_LEVELS`: only these two roles have a name (REFERENCE §1.3). */
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
 * `check_access` (REFERENCE §1.3): an admin matches every rule; a user rule matches that user; a group rule matches
 * direct members, or inherited members too when `group_inheritance_type` is 1; a role rule matches a project access
 * level at least the rule's. (For group-level protected environments GitLab compares the group access level; the
 * caller passes the level that applies.)
 */
export function ruleMatchesUser(rule: ProtectedEnvironmentApprovalRule, ctx: ApproverContext): boolean {
  if (ctx.isAdmin) return true;
  if (rule.user_id !== null) return rule.user_id === ctx.currentUser.id;
  if (rule.group_id !== null) {
    const direct = ctx.groupMemberships.direct.includes(rule.group_id);
    return rule.group_inheritance_type === 1
      ? direct || ctx.groupMemberships.inherited.includes(rule.group_id)
      : direct;
  }
  if (rule.access_level !== null) return ctx.currentUserAccessLevel >= rule.access_level;
  return false;
}

export type RuleResolution<R> = { kind: 'found'; rule: R } | { kind: 'none' } | { kind: 'server-error' };

/**
 * `find_approval_rule_for(user, represented_as:)` (REFERENCE §1.3): the first rule, in order, whose humanize contains
 * `representedAs` (case-sensitive substring) and that the user matches. GitLab calls `humanize.exclude?` on every rule it
 * passes while a `representedAs` is given, and a nil humanize (Reporter/Admin role rules) then raises: a 500 (§12, inferred).
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
