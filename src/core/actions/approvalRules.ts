// Which approval rules the user approves under, and whether approving under them completes the deployment: the one
// home for "Approve under all my rules" and for offering Approve and Run only where the job could then run.

import type { RuleProgress } from '../approvals/progress';
import { ruleHumanize, ruleLabel } from '../approvals/rules';
import type { DeploymentView } from '../refresh/snapshot';

export interface MyRule {
  /** The `represented_as` to send; undefined when the user matches one rule and GitLab needs no name. */
  name?: string;
  /** How the rule is shown to a person. */
  label: string;
  /** The rule's progress, when GitLab's answer says it per rule. */
  progress?: RuleProgress;
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
  const choices = eligibility.representedAsChoices;
  if (choices.length > 0)
    return choices.map((name) => ({ name, label: name, progress: rules.find((r) => ruleHumanize(r.rule) === name) }));
  const only = eligibility.matchingRules[0];
  const progress = only && rules.find((r) => r.rule.id === only.id);
  return [{ label: only ? ruleLabel(only) : 'your approval', progress }];
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
