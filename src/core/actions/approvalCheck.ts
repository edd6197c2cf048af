// After an approval GitLab answered 201: did it count? GitLab returns the approval it already has, with 201, when the
// user's decision is already recorded — per user before the approvals per rule (GitLab 16.10, gl!146673), per user and
// rule since (docs/gitlab-behaviour.md#approving-and-rejecting). The answer and the re-read say which.

import type { DeploymentApproval, DeploymentDetail } from '../gitlab/types';
import type { NOT_COUNTED_TEXT } from '../presentation';
import type { LocatedDeployment } from '../refresh/snapshot';

/**
 * `one-per-person`: this GitLab keeps one approval per person on a deployment, and the user's was already there.
 * `already-approved`: the user's approval under that rule was already there.
 */
export type NotCountedReason = keyof typeof NOT_COUNTED_TEXT;

/**
 * Why the approvals just answered 201 did not count, or undefined when they did or it cannot be told. Two signs: an
 * answer carrying another comment than the one sent is a record GitLab already had (a new one stores the comment as
 * sent); and the user's approvals on the deployment did not move between the view before and the re-read (not told
 * when the user, or the detail before or after, is not known, or the deployment is no longer listed).
 */
export function notCountedReason(
  before: LocatedDeployment,
  after: LocatedDeployment | undefined,
  sent: { answers: readonly DeploymentApproval[]; comment?: string },
): NotCountedReason | undefined {
  const perPerson = (after ?? before).instance.capabilities?.approveForSeveralRules.available === false;
  const reason: NotCountedReason = perPerson ? 'one-per-person' : 'already-approved';
  if (sent.answers.length === 0) return undefined;
  const comment = sent.comment?.trim() || null;
  if (sent.answers.some((answer) => (answer.comment || null) !== comment)) return reason;
  const userId = before.instance.user?.id;
  const was = before.view.detail;
  const now = after?.view.detail;
  if (userId === undefined || !was || !now) return undefined;
  return approvalsBy(now, userId) > approvalsBy(was, userId) ? undefined : reason;
}

function approvalsBy(detail: DeploymentDetail, userId: number): number {
  return (detail.approvals ?? []).filter((a) => a.user.id === userId && a.status === 'approved').length;
}
