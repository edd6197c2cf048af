// Who approved or rejected a deployment, for display.

import type { ApprovalStatus, DeploymentDetail, UserBasic } from '../gitlab/types';
import { approvalsOfRule } from './attribution';
import { ruleLabel } from './rules';

export interface ApprovalDecision {
  user: UserBasic;
  status: ApprovalStatus;
  /** Null when empty. */
  comment: string | null;
  /** `created_at`: when the user first decided. A changed decision keeps it; GitLab exposes no `updated_at` (docs/gitlab-behaviour.md#approving-and-rejecting). */
  at: string;
  /** The rules this decision was recorded under, when the response says (a user may approve for several, docs/gitlab-behaviour.md#approving-and-rejecting). */
  ruleLabels: string[];
}

/** The deployment-scoped decisions, oldest first. */
export function decisions(detail: DeploymentDetail): ApprovalDecision[] {
  const rules = detail.approval_summary?.rules ?? [];
  return (detail.approvals ?? [])
    .map((approval) => ({
      user: approval.user,
      status: approval.status,
      comment: approval.comment ? approval.comment : null,
      at: approval.created_at,
      ruleLabels: rules
        .filter((rule) =>
          (approvalsOfRule(detail, rule) ?? []).some(
            (a) => a.user.id === approval.user.id && a.created_at === approval.created_at,
          ),
        )
        .map(ruleLabel),
    }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
