// Per-rule approval progress of one deployment (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary).

import type { ApprovalRuleForSummary, DeploymentDetail, UserBasic } from '../gitlab/types';
import { approvalsOfRule, countApproved } from './attribution';
import { pendingApprovals } from './classify';
import { ruleLabel } from './rules';

export type RuleStatus = 'approved' | 'pending-approval' | 'rejected';

export interface RuleProgress {
  rule: ApprovalRuleForSummary;
  label: string;
  approved: number;
  required: number;
  /** `max(required - approved, 0)`. */
  pending: number;
  rejected: boolean;
  status: RuleStatus;
  approvers: UserBasic[];
  rejecters: UserBasic[];
}

export interface ApprovalProgress {
  rules: RuleProgress[];
  totalRequired: number;
  totalApproved: number;
  /** GitLab's deployment-scoped `pending_approval_count`. */
  totalPending: number;
  rejected: boolean;
  /** False when the response lacks per-rule approvals; per-rule counts are then 0 and only the totals are meaningful. */
  perRuleKnown: boolean;
}

/**
 * Per rule: its approvals for this deployment (see attribution.ts for why not `deployment_approvals` as is), then
 * GitLab's own summary arithmetic: pending = max(required − approved, 0); rejected if any rejection; approved if
 * approved ≥ required. Totals come from the deployment-scoped fields. Without `approval_summary` (14.7–14.9 unified
 * approvals) there are no rules and the requirement is approved + pending. `labels` (one per summary rule, in order) tell
 * rules apart by origin where the caller knows it (`ruleLabels`); by default each rule's plain label.
 */
export function ruleProgress(detail: DeploymentDetail, labels?: readonly string[]): ApprovalProgress {
  const approvals = detail.approvals ?? [];
  const summaryRules = detail.approval_summary?.rules ?? [];
  let perRuleKnown = true;
  const rules = summaryRules.map((rule, index): RuleProgress => {
    const own = approvalsOfRule(detail, rule);
    if (own === undefined) perRuleKnown = false;
    const ruleApprovals = own ?? [];
    const approved = countApproved(ruleApprovals);
    const rejecters = ruleApprovals.filter((a) => a.status === 'rejected').map((a) => a.user);
    const rejected = rejecters.length > 0;
    return {
      rule,
      label: labels?.[index] ?? ruleLabel(rule),
      approved,
      required: rule.required_approvals,
      pending: Math.max(rule.required_approvals - approved, 0),
      rejected,
      status: rejected ? 'rejected' : approved >= rule.required_approvals ? 'approved' : 'pending-approval',
      approvers: ruleApprovals.filter((a) => a.status === 'approved').map((a) => a.user),
      rejecters,
    };
  });
  const totalApproved = countApproved(approvals);
  const totalPending = pendingApprovals(detail);
  return {
    rules,
    totalRequired:
      summaryRules.length > 0
        ? summaryRules.reduce((sum, rule) => sum + rule.required_approvals, 0)
        : totalApproved + totalPending,
    totalApproved,
    totalPending,
    rejected: approvals.some((a) => a.status === 'rejected'),
    perRuleKnown,
  };
}
