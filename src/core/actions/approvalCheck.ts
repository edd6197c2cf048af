// After an approval GitLab answered 201: did it count? GitLab returns the approval it already has, with 201, when the
// user's decision is already recorded — per user before the approvals per rule (GitLab 17.0, gl!146673), per user and
// rule since (docs/gitlab-behaviour.md#approving-and-rejecting). Only the re-read says which: the user's approvals on
// the deployment must have moved.

import type { DeploymentDetail } from '../gitlab/types';
import type { NOT_COUNTED_TEXT } from '../presentation';
import type { LocatedDeployment } from '../refresh/snapshot';

/**
 * `one-per-person`: this GitLab keeps one approval per person on a deployment, and the user's was already there.
 * `already-approved`: the user's approval under that rule was already there.
 */
export type NotCountedReason = keyof typeof NOT_COUNTED_TEXT;

/**
 * Why the approvals just answered 201 did not count, or undefined when they did — or when it cannot be told (the user,
 * or the detail before or after, is not known; the deployment is no longer listed).
 */
export function notCountedReason(
  before: LocatedDeployment,
  after: LocatedDeployment | undefined,
  sent: number,
): NotCountedReason | undefined {
  const userId = before.instance.user?.id;
  const was = before.view.detail;
  const now = after?.view.detail;
  if (sent === 0 || userId === undefined || !was || !now) return undefined;
  if (approvalsBy(now, userId) > approvalsBy(was, userId)) return undefined;
  const perPerson = after?.instance.capabilities?.approveForSeveralRules.available === false;
  return perPerson && approvalsBy(now, userId) > 0 ? 'one-per-person' : 'already-approved';
}

function approvalsBy(detail: DeploymentDetail, userId: number): number {
  return (detail.approvals ?? []).filter((a) => a.user.id === userId && a.status === 'approved').length;
}
