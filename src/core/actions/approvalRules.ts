// Which approval rules the user approves under, and whether approving under them completes the deployment: the one
// home for "Approve under all my rules" and for offering Approve and Run only where the job could then run.

import type { RuleProgress } from '../approvals/progress';
import { ruleLabel } from '../approvals/rules';
import type { DeploymentView } from '../refresh/snapshot';

export interface MyRule {
  /** The `represented_as` to send; undefined when the user matches one rule and GitLab needs no name. */
  name?: string;
  /** How the rule is shown to a person. */
  label: string;
  /** The rule's progress, when GitLab's answer says it per rule. */
  progress?: RuleProgress;
  /** The rule's id, when the user approves under a known rule (not with unified approvals). */
  ruleId?: number;
  /** False when the user only may match the rule: GitLab decides (eligibility.ts). */
  certain: boolean;
}

/**
 * The rules the user can approve under now, with their progress: one per rule they match and have not approved yet
 * (each by a name GitLab resolves to that very rule), or one unnamed when they match a single rule. Empty when they
 * cannot approve.
 */
export function myApprovalRules(view: Pick<DeploymentView, 'eligibility' | 'progress'>): MyRule[] {
  const eligibility = view.eligibility;
  if (!eligibility?.canApprove) return [];
  const rules = view.progress?.rules ?? [];
  if (eligibility.ruleChoices.length === 0) {
    // No rules (unified approvals), or several that cannot be named (GitLab then takes the first that matches).
    const first = eligibility.matchingRules[0];
    return [{ label: first ? ruleLabel(first) : 'your approval', certain: !eligibility.uncertain }];
  }
  return eligibility.ruleChoices.map((choice) => ({
    ...(choice.name !== undefined && { name: choice.name }),
    label: choice.label,
    progress: rules.find((r) => r.rule.id === choice.rule.id),
    ruleId: choice.rule.id,
    certain: choice.certain,
  }));
}

/**
 * Whether approving under these rules leaves nothing pending, so the job could run right after. Per rule when GitLab
 * says each rule's approvals: every rule is satisfied or one short and among them. Otherwise by the deployment's total.
 */
export function approvalCompletes(view: Pick<DeploymentView, 'progress'>, rules: readonly MyRule[]): boolean {
  const progress = view.progress;
  if (!progress || rules.length === 0) return false;
  const chosen = rules.map((rule) => rule.progress);
  if (progress.perRuleKnown && progress.rules.length > 0 && chosen.every((rule) => rule !== undefined)) {
    return progress.rules.every((rule) => rule.pending === 0 || (rule.pending === 1 && chosen.includes(rule)));
  }
  return progress.totalPending <= rules.length;
}
