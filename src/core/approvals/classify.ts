// What a `blocked` deployment is waiting for (docs/gitlab-behaviour.md#deployment-statuses).

import type { DeploymentDetail, DeploymentListItem } from '../gitlab/types';
import { approvalsOfRule, countApproved } from './attribution';

export type BlockedDeploymentState = 'waiting-for-approval' | 'approved-not-run' | 'manual' | 'rejected' | 'queued';

/**
 * A blocked deployment is a manual job unless approvals gate it: any rejection drops the job; pending approvals mean
 * waiting; otherwise it is approved and waits for someone to run it. CE (no approval keys) and unlicensed EE (rules
 * listed but never enforced) are plain manual jobs. Once someone plays the job it is `queued`: the job is `pending`
 * (or another non-manual state), which is no deployment status, so GitLab keeps the deployment `blocked` until the job
 * runs (app/models/deployment.rb L406-411); it awaits nobody and cannot be run again.
 */
export function classifyBlockedDeployment(detail: DeploymentDetail): BlockedDeploymentState {
  if (detail.deployable && detail.deployable.status !== 'manual') return 'queued';
  if (!hasApprovalGate(detail)) return 'manual';
  if ((detail.approvals ?? []).some((approval) => approval.status === 'rejected')) return 'rejected';
  if (pendingApprovals(detail) > 0) return 'waiting-for-approval';
  if (!approvalsEnforced(detail)) return 'manual';
  return 'approved-not-run';
}

/** Approval rules, pending approvals or recorded decisions: anything that shows an approval requirement. */
export function hasApprovalGate(detail: DeploymentDetail): boolean {
  return (
    (detail.approval_summary?.rules.length ?? 0) > 0 ||
    pendingApprovals(detail) > 0 ||
    (detail.approvals?.length ?? 0) > 0
  );
}

/** `pending_approval_count`, 0 where GitLab omits it (CE). */
export function pendingApprovals(detail: DeploymentDetail): number {
  return Math.max(detail.pending_approval_count ?? 0, 0);
}

/**
 * Whether GitLab enforces the listed rules. `pending_approval_count` is 0 unless the environment is protected *and*
 * licensed, while the summary still lists the rules (unlicensed EE). Licensed, 0 pending means every rule has
 * its approvals; so 0 pending with a rule short of approvals can only mean the rules are not enforced.
 */
export function approvalsEnforced(detail: DeploymentDetail): boolean {
  if (pendingApprovals(detail) > 0) return true;
  const rules = detail.approval_summary?.rules ?? [];
  if (rules.length === 0) return (detail.approvals?.length ?? 0) > 0; // legacy unified approvals (14.7–14.9)
  const perRule = rules.map((rule) => approvalsOfRule(detail, rule));
  if (perRule.every((approvals) => approvals !== undefined)) {
    return rules.every((rule, i) => countApproved(perRule[i] ?? []) >= rule.required_approvals);
  }
  const required = rules.reduce((sum, rule) => sum + rule.required_approvals, 0);
  return countApproved(detail.approvals ?? []) >= required;
}

/** Whether the deployment still waits for a person (an approval or a Run); a queued job waits only for a runner. */
export function awaitsSomeone(state: BlockedDeploymentState | undefined): boolean {
  return state !== 'queued';
}

/**
 * Whether GitLab lists the deployment as waiting for a person: `blocked`, or before 16.3 `created` with its job still
 * `manual` (docs/gitlab-behaviour.md#deployment-statuses). A rejected deployment's job has failed, so it is neither.
 */
export function listedAsWaiting(deployment: Pick<DeploymentListItem, 'status' | 'deployable'>): boolean {
  return (
    deployment.status === 'blocked' || (deployment.status === 'created' && deployment.deployable?.status === 'manual')
  );
}
