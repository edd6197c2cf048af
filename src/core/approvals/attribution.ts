// Which of a deployment's approvals belong to which rule.
//
// docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary: REST `approval_summary.rules[].deployment_approvals` is the rule's whole association and may include
// approvals of *other* deployments; only the top-level `approvals` and `pending_approval_count` are known to be
// deployment-scoped. So a rule's approvals for this deployment are the entries of its `deployment_approvals` that also
// appear in the top-level `approvals` (same user, status and created_at: one record seen twice). This is right whether
// or not GitLab scopes the list, and needs no live check.

import type { ApprovalRuleForSummary, DeploymentApproval, DeploymentDetail } from '../gitlab/types';

/** This deployment's approvals recorded under `rule`, or undefined when the response does not say. */
export function approvalsOfRule(
  detail: DeploymentDetail,
  rule: ApprovalRuleForSummary,
): DeploymentApproval[] | undefined {
  if (!rule.deployment_approvals || !detail.approvals) return undefined;
  const scoped = detail.approvals;
  return rule.deployment_approvals.filter((candidate) =>
    scoped.some((approval) => isSameApproval(approval, candidate)),
  );
}

function isSameApproval(a: DeploymentApproval, b: DeploymentApproval): boolean {
  return a.user.id === b.user.id && a.status === b.status && a.created_at === b.created_at;
}

export function countApproved(approvals: readonly DeploymentApproval[]): number {
  return approvals.filter((approval) => approval.status === 'approved').length;
}
