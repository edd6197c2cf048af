// May the current user approve or reject this deployment? A local mirror of GitLab's approval service, because REST has
// no field for it (docs/gitlab-behaviour.md#approving-and-rejecting).

import { AccessLevel, type ApprovalRuleForSummary, type DeploymentDetail } from '../gitlab/types';
import { approvalsOfRule } from './attribution';
import { approvalsEnforced, awaitsItsStage, hasApprovalGate, pendingApprovals } from './classify';
import { externalWait, gateAccount } from './externalGates';
import { resolveApprovalRule, ruleHumanize, ruleLabels, ruleMatch, type ApproverContext } from './rules';

export type { ApproverContext } from './rules';

export type IneligibilityReason =
  /** No approval rules: a plain manual job (GitLab: "not protected" or "approvals is not configured"; REST cannot tell which). */
  | 'no-approval-rules'
  /** Rules are listed but not enforced, i.e. no Premium license (GitLab: "This environment is not protected."). */
  | 'not-protected'
  /** The user triggered the deployment and self-approval is off (approving only). */
  | 'own-deployment'
  /** Nothing is pending, or the deployment is no longer blocked. */
  | 'not-waiting'
  /** Someone rejected it; the job was dropped. */
  | 'deployment-rejected'
  /** The user rejected it. */
  | 'already-rejected'
  /** No approval rule matches the user. */
  | 'no-matching-rule'
  /**
   * Not a refusal: only role rules that may come from a group-level protected environment could still count the user,
   * and GitLab compares the role in that group, which the client cannot know. Approve is offered (`uncertain`); GitLab
   * decides. Set beside `canApprove: true` — the one reason that is.
   */
  | 'may-match-group-rule'
  /** The user has approved under every rule they match or may match (approving again changes nothing: GitLab's upsert). */
  | 'already-approved'
  /** GitLab refused this user's approval here before (remembered for the deployment: approvalAnswers.ts). */
  | 'refused-by-gitlab'
  /** Only rules of service accounts or bots are short of approvals: another system approves (externalGates.ts). */
  | 'external-approval';

/** A rule the user can approve under now. */
export interface RuleChoice {
  rule: ApprovalRuleForSummary;
  /** How the rule is shown: by origin, or by position among rules of one name (`ruleLabels`). */
  label: string;
  /** The `represented_as` that GitLab resolves to this very rule; undefined when none is needed (a single rule). */
  name?: string;
  /** The user is known to match the rule; false when only GitLab can tell (`ruleMatch` 'maybe'). */
  certain: boolean;
}

export interface ApprovalEligibility {
  canApprove: boolean;
  canReject: boolean;
  /**
   * The approval rests only on rules the user may match: GitLab may accept it or refuse it. Approve is offered, and
   * counted apart ("may await you").
   */
  uncertain: boolean;
  /** Why `canApprove` is false (the first failing check in GitLab's order), or `may-match-group-rule` when uncertain. */
  reason?: IneligibilityReason;
  /** Why `canReject` is false. */
  rejectReason?: IneligibilityReason;
  /** The rules the user is known to match. */
  matchingRules: ApprovalRuleForSummary[];
  /** Role rules the user matches if they are project-level, and may not if they are group-level. */
  possibleRules: ApprovalRuleForSummary[];
  /**
   * The rules to approve under, sure ones first: with several rules the user matches or may match, one per such rule
   * not approved yet whose name GitLab resolves to that very rule; with one, that rule unnamed. Empty when the user
   * cannot approve, or when there are no rules (unified approvals).
   */
  ruleChoices: RuleChoice[];
  /** The names of `ruleChoices` (the `represented_as` values to offer); empty when none is to be sent. */
  representedAsChoices: string[];
}

/**
 * GitLab's check order (docs/gitlab-behaviour.md#approving-and-rejecting): protected → self-approval → needs approval → waiting → permission →
 * represented_as. Self-approval blocks approving only; a matching triggerer may always reject.
 */
export function approvalEligibility(detail: DeploymentDetail, ctx: ApproverContext): ApprovalEligibility {
  const rules = detail.approval_summary?.rules ?? [];
  const matches = rules.map((rule) => ruleMatch(rule, ctx));
  // A service account's rule is never offered to a person, though GitLab lets an administrator match it.
  const forPeople = rules.map((rule) => gateAccount(rule, ctx) === undefined);
  const matchingRules = rules.filter((_, i) => matches[i] === 'yes' && forPeople[i]);
  const possibleRules = rules.filter((_, i) => matches[i] === 'maybe' && forPeople[i]);
  const gatesMatched = rules.filter((_, i) => matches[i] !== 'no' && !forPeople[i]).length;
  const rejectReason = commonBlocker(detail, ctx, matchingRules, possibleRules);
  const approveReason =
    protectionBlocker(detail, ctx) ??
    selfApprovalBlocker(detail, ctx) ??
    rejectReason ??
    (externalWait(detail, ctx) ? 'external-approval' : undefined) ??
    alreadyApprovedBlocker(detail, ctx, [...matchingRules, ...possibleRules]);
  const choices =
    approveReason === undefined ? ruleChoices(detail, ctx, rules, matchingRules, possibleRules, gatesMatched) : [];
  // With rules, the approval is sure only when a rule the user surely matches is still open to it.
  const uncertain =
    approveReason === undefined && rules.length > 0 && unapprovedRules(detail, ctx, matchingRules).length === 0;
  const reason = approveReason ?? (uncertain ? 'may-match-group-rule' : undefined);
  return {
    canApprove: approveReason === undefined,
    canReject: rejectReason === undefined,
    uncertain,
    ...(reason !== undefined && { reason }),
    ...(rejectReason !== undefined && { rejectReason }),
    matchingRules,
    possibleRules,
    ruleChoices: choices,
    representedAsChoices: choices.flatMap((choice) => (choice.name === undefined ? [] : [choice.name])),
  };
}

/** Checks that apply to approving and rejecting alike, in GitLab's order. */
function commonBlocker(
  detail: DeploymentDetail,
  ctx: ApproverContext,
  matchingRules: readonly ApprovalRuleForSummary[],
  possibleRules: readonly ApprovalRuleForSummary[],
): IneligibilityReason | undefined {
  return (
    protectionBlocker(detail, ctx) ??
    waitingBlocker(detail, ctx) ??
    permissionBlocker(detail, ctx, matchingRules, possibleRules)
  );
}

/** "Protected" and "needs approval" (checks 2 and 4): REST shows both only as rules being present and enforced. */
function protectionBlocker(detail: DeploymentDetail, ctx: ApproverContext): IneligibilityReason | undefined {
  if (!hasApprovalGate(detail)) return 'no-approval-rules';
  if (!approvalsEnforced(detail, { pendingCountPerRule: ctx.pendingCountPerRule !== false })) return 'not-protected';
  return undefined;
}

/** Check 3: `deployment.user == current_user` while `allow_pipeline_trigger_approve_deployment` is false. */
function selfApprovalBlocker(detail: DeploymentDetail, ctx: ApproverContext): IneligibilityReason | undefined {
  return detail.user?.id === ctx.currentUser.id && ctx.allowSelfApproval !== true ? 'own-deployment' : undefined;
}

/** Check 5 (`pending_approval_count > 0`), and a rejection, which drops the job. */
function waitingBlocker(detail: DeploymentDetail, ctx: ApproverContext): IneligibilityReason | undefined {
  const rejections = (detail.approvals ?? []).filter((approval) => approval.status === 'rejected');
  if (rejections.some((approval) => approval.user.id === ctx.currentUser.id)) return 'already-rejected';
  if (rejections.length > 0) return 'deployment-rejected';
  // A later stage's deployment (`created`, its job too) accepts approvals ahead of its stage once any are pending.
  const ahead = awaitsItsStage(detail);
  if ((detail.status !== 'blocked' && !ahead) || pendingApprovals(detail) === 0) return 'not-waiting';
  if (detail.deployable && detail.deployable.status !== 'manual' && !ahead) return 'not-waiting'; // played: queued
  return undefined;
}

/**
 * Check 6: a matching rule. Without rules (14.7–14.9 unified approvals) GitLab's legacy policy asked for
 * `update_deployment`, i.e. Developer or above.
 */
function permissionBlocker(
  detail: DeploymentDetail,
  ctx: ApproverContext,
  matchingRules: readonly ApprovalRuleForSummary[],
  possibleRules: readonly ApprovalRuleForSummary[],
): IneligibilityReason | undefined {
  if ((detail.approval_summary?.rules.length ?? 0) === 0) {
    return ctx.isAdmin || ctx.currentUserAccessLevel >= AccessLevel.developer ? undefined : 'no-matching-rule';
  }
  // A rule the user may match is offered: GitLab decides (the approval is marked uncertain).
  return matchingRules.length > 0 || possibleRules.length > 0 ? undefined : 'no-matching-rule';
}

/**
 * Approving again under a rule the user already approved is a no-op (GitLab's upsert). `matchingRules` are the rules
 * the user matches or may match: "approved under every rule" is said only when it is true of all of them.
 */
function alreadyApprovedBlocker(
  detail: DeploymentDetail,
  ctx: ApproverContext,
  matchingRules: readonly ApprovalRuleForSummary[],
): IneligibilityReason | undefined {
  const mine = (detail.approvals ?? []).filter((a) => a.user.id === ctx.currentUser.id && a.status === 'approved');
  if (mine.length === 0) return undefined;
  const unknownAttribution = matchingRules.some((rule) => approvalsOfRule(detail, rule) === undefined);
  if (matchingRules.length === 0 || unknownAttribution) {
    return mine.length >= Math.max(matchingRules.length, 1) ? 'already-approved' : undefined;
  }
  return unapprovedRules(detail, ctx, matchingRules).length === 0 ? 'already-approved' : undefined;
}

function unapprovedRules(
  detail: DeploymentDetail,
  ctx: ApproverContext,
  matchingRules: readonly ApprovalRuleForSummary[],
): ApprovalRuleForSummary[] {
  return matchingRules.filter(
    (rule) =>
      !(approvalsOfRule(detail, rule) ?? []).some((a) => a.user.id === ctx.currentUser.id && a.status === 'approved'),
  );
}

/**
 * Without `represented_as` GitLab takes the first matching rule, which may be one the user already approved, or a
 * group-level rule they only may match: the approval would then change nothing (gl#425759) or count elsewhere. So a
 * user matching several rules (known or possible) must name one. A name is offered only if GitLab resolves it to that
 * very rule: a longer name earlier in the list containing it, or an earlier Reporter/Admin rule (no name; GitLab then
 * answers 500), would capture it. Rules the user surely matches come first; a service account's rule is never one.
 */
function ruleChoices(
  detail: DeploymentDetail,
  ctx: ApproverContext,
  rules: readonly ApprovalRuleForSummary[],
  matchingRules: readonly ApprovalRuleForSummary[],
  possibleRules: readonly ApprovalRuleForSummary[],
  gatesMatched: number,
): RuleChoice[] {
  const labels = ruleLabels(rules, ctx, ctx.namespacePath);
  const choice = (rule: ApprovalRuleForSummary, name?: string): RuleChoice => ({
    rule,
    label: labels[rules.indexOf(rule)],
    ...(name !== undefined && { name }),
    certain: matchingRules.includes(rule),
  });
  const open = unapprovedRules(detail, ctx, [...matchingRules, ...possibleRules]);
  // An unnamed approval goes to the first rule the user matches, which may be a service account's (an administrator).
  if (matchingRules.length + possibleRules.length + gatesMatched < 2) return open.map((rule) => choice(rule));
  // A possible rule earlier in the list may capture a name too: resolve as if the user matched it.
  const optimistic = { ...ctx, groupLevelRulesPossible: false };
  return open.flatMap((rule) => {
    const name = ruleHumanize(rule);
    if (name === null) return [];
    const resolved = resolveApprovalRule(rules, optimistic, name);
    return resolved.kind === 'found' && resolved.rule === rule ? [choice(rule, name)] : [];
  });
}
