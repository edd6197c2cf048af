// Input limits GitLab enforces, checked before sending.

import { InvalidInputError } from '../errors';

/** `Deployments::Approval` validates `comment` length ≤ 255 (docs/gitlab-behaviour.md#approving-and-rejecting). */
export const MAX_APPROVAL_COMMENT_LENGTH = 255;

/** `ProtectedEnvironments::ApprovalRule#required_approvals` range (docs/gitlab-behaviour.md#protected-environments-api). */
export const MIN_REQUIRED_APPROVALS = 1;
export const MAX_REQUIRED_APPROVALS = 5;

/** Length as Rails counts it: Unicode code points, so an emoji is 1 (JavaScript's `length` would say 2). */
export function commentLength(comment: string): number {
  let count = 0;
  for (const _codePoint of comment) count++;
  return count;
}

export function validateApprovalComment(comment: string): InvalidInputError | undefined {
  const length = commentLength(comment);
  if (length <= MAX_APPROVAL_COMMENT_LENGTH) return undefined;
  return new InvalidInputError(
    'comment',
    `The comment is ${length} characters long; GitLab accepts at most ${MAX_APPROVAL_COMMENT_LENGTH}.`,
  );
}

export function validateRequiredApprovals(count: number): InvalidInputError | undefined {
  if (Number.isInteger(count) && count >= MIN_REQUIRED_APPROVALS && count <= MAX_REQUIRED_APPROVALS) return undefined;
  return new InvalidInputError(
    'requiredApprovals',
    `The number of required approvals must be a whole number from ${MIN_REQUIRED_APPROVALS} to ${MAX_REQUIRED_APPROVALS}.`,
    `required approvals out of range: ${String(count)}`,
  );
}
