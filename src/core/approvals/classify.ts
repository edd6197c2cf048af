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
export function classifyBlockedDeployment(
  detail: DeploymentDetail,
  counting: PendingCounting = PER_RULE,
): BlockedDeploymentState {
  if (detail.deployable && detail.deployable.status !== 'manual' && !awaitsItsStage(detail)) return 'queued';
  if (!hasApprovalGate(detail)) return 'manual';
  if ((detail.approvals ?? []).some((approval) => approval.status === 'rejected')) return 'rejected';
  if (pendingApprovals(detail) > 0) return 'waiting-for-approval';
  if (!approvalsEnforced(detail, counting)) return 'manual';
  return 'approved-not-run';
}

/** Its job waits for someone to run it: approved, or a plain manual job that no approval gates. */
export function waitsToBeRun(state: BlockedDeploymentState | undefined): boolean {
  return state === 'approved-not-run' || state === 'manual';
}

/**
 * How this GitLab counts `pending_approval_count`: per rule since 16.2 (`pendingCountPerRule`); before, flat — the
 * required count minus every approval of the deployment (docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version).
 */
export interface PendingCounting {
  pendingCountPerRule: boolean;
}

const PER_RULE: PendingCounting = { pendingCountPerRule: true };

/**
 * A deployment whose job's stage has not started: the deployment is `created` and so is its job. GitLab accepts its
 * approvals once it has any pending (16.2+, `waiting_for_approval?` in ee/app/models/ee/deployment.rb); when the stage
 * starts, the job turns manual and the deployment `blocked` (docs/gitlab-behaviour.md#deployment-statuses).
 */
export function awaitsItsStage(detail: Pick<DeploymentDetail, 'status' | 'deployable'>): boolean {
  return detail.status === 'created' && detail.deployable?.status === 'created';
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
export function pendingApprovals(detail: Pick<DeploymentDetail, 'pending_approval_count'>): number {
  return Math.max(detail.pending_approval_count ?? 0, 0);
}

/**
 * Whether GitLab enforces the listed rules. `pending_approval_count` is 0 unless the environment is protected *and*
 * licensed, while the summary still lists the rules (unlicensed EE). Licensed, 0 pending means every rule has
 * its approvals; so 0 pending with a rule short of approvals can only mean the rules are not enforced.
 */
export function approvalsEnforced(detail: DeploymentDetail, counting: PendingCounting = PER_RULE): boolean {
  if (pendingApprovals(detail) > 0) return true;
  const rules = detail.approval_summary?.rules ?? [];
  if (rules.length === 0) return (detail.approvals?.length ?? 0) > 0; // legacy unified approvals (14.7–14.9)
  // Before 16.2 GitLab's 0 means every approval together reached the total, whichever rules they count for; an
  // unlicensed project's environment requires 0, so it never got there with approvals of its own.
  const required = rules.reduce((sum, rule) => sum + rule.required_approvals, 0);
  if (!counting.pendingCountPerRule) return (detail.approvals?.length ?? 0) >= required;
  const perRule = rules.map((rule) => approvalsOfRule(detail, rule));
  if (perRule.every((approvals) => approvals !== undefined)) {
    return rules.every((rule, i) => countApproved(perRule[i] ?? []) >= rule.required_approvals);
  }
  return countApproved(detail.approvals ?? []) >= required;
}

/**
 * Whether the deployment still waits for a person (an approval or a Run): a queued job waits only for a runner, and one
 * waiting only for a service account's approval only for another system (externalGates.ts).
 */
export function awaitsSomeone(view: { state?: BlockedDeploymentState; externalWait?: object }): boolean {
  return view.state !== 'queued' && view.externalWait === undefined;
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
