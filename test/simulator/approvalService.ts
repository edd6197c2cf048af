// Deployments::ApprovalService (ee/app/services/deployments/approval_service.rb; docs/gitlab-behaviour.md): the checks in
// GitLab's order with GitLab's texts, the upsert and the effect on the job. Both the REST route and the control API go
// through here.
import {
  InternalServerError,
  deploymentStatus,
  environmentOf,
  findApprovalRuleFor,
  hasApprovalRules,
  isProtected,
  needsApproval,
  pendingApprovalCount,
} from './approvalRules';
import type { SimContext } from './context';
import { ApprovalRule, Deployment, DeploymentApproval, JobStatus, User } from './model';
import { canUpdateBuild } from './policy';

export const APPROVAL_TEXTS = {
  unrecognizedStatus: 'Unrecognized approval status.',
  notProtected: 'This environment is not protected.',
  selfApproval:
    'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.',
  notConfigured: 'Deployment approvals is not configured for this environment.',
  notWaiting: 'This deployment is not waiting for approvals.',
  noPermission: "You don't have permission to approve this deployment. Contact the project or group owner for help.",
  noRuleForRepresentedAs:
    'There are no approval rules for the given `represent_as` parameter. Use a valid User/Group/Role name instead.',
  commentTooLong: 'Comment is too long (maximum is 255 characters)',
} as const;

/** Early 14.x texts (`diffblue/gitlab@2942221e`); that service checked status → protected → permission → blocked → same user. */
export const LEGACY_APPROVAL_TEXTS = {
  unrecognizedStatus: 'Unrecognized status',
  notProtected: 'This environment is not protected',
  noPermission: 'You do not have permission to approve or reject this deployment',
  notWaiting: 'This deployment job is not waiting for approvals',
  selfApproval: 'The same user can not approve',
} as const;

export interface ApprovalRequest {
  deployment: Deployment;
  user: User;
  status: string;
  comment?: string;
  representedAs?: string;
}

export type ApprovalResult =
  | { ok: true; approval: DeploymentApproval }
  | { ok: false; httpStatus: 400 | 500; body: { message: string | string[] } };

export function approveDeployment(ctx: SimContext, request: ApprovalRequest): ApprovalResult {
  try {
    const error = ctx.profile.legacyApprovalService ? validateLegacy(ctx, request) : validate(ctx, request);
    if (error) return { ok: false, httpStatus: 400, body: { message: error } };
    const approval = upsert(ctx, request);
    if ('errors' in approval) return { ok: false, httpStatus: 400, body: { message: approval.errors } };
    // GitLab audits every approval it accepts, a repeated one too (create_audit_event, L20).
    if (ctx.profile.auditsDeploymentApprovals)
      ctx.state.auditApproval(request.deployment, request.user, approval.record);
    if (approval.changed) processBuild(ctx, request.deployment, approval.record);
    return { ok: true, approval: approval.record };
  } catch (e) {
    if (e instanceof InternalServerError)
      return { ok: false, httpStatus: 500, body: { message: '500 Internal Server Error' } };
    throw e;
  }
}

/**
 * `ApprovalService#validate` (18.9, L77-100): status → protected → self-approval → needs_approval → waiting →
 * permission → represented_as. Before 16.2 "waiting" was `deployment.blocked?` and came second.
 */
function validate(ctx: SimContext, { deployment, user, status, representedAs }: ApprovalRequest): string | undefined {
  const environment = environmentOf(ctx, deployment);
  const project = ctx.state.projects.get(deployment.projectId)!;
  if (status !== 'approved' && status !== 'rejected') return APPROVAL_TEXTS.unrecognizedStatus;
  if (ctx.profile.approvalUnblocksDeployment && deploymentStatus(ctx, deployment) !== 'blocked')
    return APPROVAL_TEXTS.notWaiting;
  if (!isProtected(ctx, environment)) return APPROVAL_TEXTS.notProtected;
  const selfApprovalAllowed = ctx.profile.hasSelfApprovalSetting && project.allowPipelineTriggerApproveDeployment;
  if (deployment.userId === user.id && status === 'approved' && !selfApprovalAllowed)
    return APPROVAL_TEXTS.selfApproval;
  if (!needsApproval(ctx, environment)) return APPROVAL_TEXTS.notConfigured;
  if (pendingApprovalCount(ctx, deployment) <= 0) return APPROVAL_TEXTS.notWaiting;
  if (!canApproveDeployment(ctx, deployment, user)) return APPROVAL_TEXTS.noPermission;
  if (
    hasApprovalRules(ctx, environment) &&
    representedAs &&
    !findApprovalRuleFor(ctx, environment, user, representedAs)
  ) {
    return APPROVAL_TEXTS.noRuleForRepresentedAs;
  }
  return undefined;
}

/**
 * `approve_deployment` (ee/app/policies/ee/deployment_policy.rb): with rules, `read_deployment` plus a matching rule; the legacy
 * rule-less branch (unified count before 17.0) needs `update_deployment` (Developer+).
 */
export function canApproveDeployment(ctx: SimContext, deployment: Deployment, user: User): boolean {
  const environment = environmentOf(ctx, deployment);
  const project = ctx.state.projects.get(deployment.projectId)!;
  if (!needsApproval(ctx, environment)) return false;
  if (hasApprovalRules(ctx, environment)) return findApprovalRuleFor(ctx, environment, user, undefined) !== undefined;
  return canUpdateBuild(ctx, user, project);
}

function validateLegacy(ctx: SimContext, { deployment, user, status }: ApprovalRequest): string | undefined {
  const environment = environmentOf(ctx, deployment);
  const project = ctx.state.projects.get(deployment.projectId)!;
  if (status !== 'approved' && status !== 'rejected') return LEGACY_APPROVAL_TEXTS.unrecognizedStatus;
  if (!isProtected(ctx, environment)) return LEGACY_APPROVAL_TEXTS.notProtected;
  if (!canUpdateBuild(ctx, user, project)) return LEGACY_APPROVAL_TEXTS.noPermission;
  if (ctx.state.jobOf(deployment)?.status !== 'manual' || !needsApproval(ctx, environment))
    return LEGACY_APPROVAL_TEXTS.notWaiting;
  if (deployment.userId === user.id && status === 'approved') return LEGACY_APPROVAL_TEXTS.selfApproval;
  return undefined;
}

/**
 * `upsert_approval`: keyed by (user, rule) since 17.0, by user before. Same status → returned unchanged (a new comment is
 * ignored); a different status updates status and comment.
 */
function upsert(
  ctx: SimContext,
  { deployment, user, status, comment, representedAs }: ApprovalRequest,
): { record: DeploymentApproval; changed: boolean } | { errors: string[] } {
  const environment = environmentOf(ctx, deployment);
  const rule: ApprovalRule | null = hasApprovalRules(ctx, environment)
    ? (findApprovalRuleFor(ctx, environment, user, representedAs)?.rule ?? null)
    : null;
  const existing = ctx.state
    .approvalsOf(deployment)
    .find((a) => a.userId === user.id && (!ctx.profile.approvalPerRule || a.approvalRuleId === (rule?.id ?? null)));
  if (existing && existing.status === status) return { record: existing, changed: false };
  // Rails counts characters (code points), not UTF-16 units: 255 emoji are fine.
  if (comment !== undefined && [...comment].length > 255) return { errors: [APPROVAL_TEXTS.commentTooLong] };
  const decided = status as 'approved' | 'rejected';
  if (existing) {
    existing.status = decided;
    existing.comment = comment ?? null;
    existing.updatedAt = ctx.state.now();
    return { record: existing, changed: true };
  }
  return {
    record: ctx.state.addApprovalRecord({ deployment, user, status: decided, rule, comment: comment ?? null }),
    changed: true,
  };
}

const DROPPABLE: readonly JobStatus[] = ['created', 'pending', 'running', 'manual'];

/**
 * `process_build!` (L61-74): a rejection drops the job for good; with rules an approval never starts it; rule-less
 * (legacy) auto-enqueues. Before 16.2 a full approval also moved the deployment `blocked → created` (`unblock!`).
 */
function processBuild(ctx: SimContext, deployment: Deployment, approval: DeploymentApproval): void {
  const job = ctx.state.jobOf(deployment);
  if (!job) return;
  if (approval.status === 'rejected') {
    // `drop!` leaves created, pending, running and manual (among others) for failed: app/models/commit_status.rb
    // `event :drop`. A later stage's job (`created`) rejected ahead of its stage fails too.
    if (DROPPABLE.includes(job.status)) ctx.state.setJobStatus(job, 'failed', 'deployment_rejected');
    return;
  }
  const fullyApproved = pendingApprovalCount(ctx, deployment) <= 0;
  // The early-14.x service unblocked too (`diffblue/gitlab@2942221e`), then enqueued the job.
  if (fullyApproved && (ctx.profile.approvalUnblocksDeployment || ctx.profile.legacyApprovalService)) {
    deployment.unblocked = true;
    deployment.updatedAt = ctx.state.now();
  }
  if (hasApprovalRules(ctx, environmentOf(ctx, deployment))) return;
  if (fullyApproved && job.status === 'manual') ctx.state.setJobStatus(job, 'pending');
}
