import { classifyBlockedDeployment } from '../approvals/classify';
import { validateApprovalComment } from '../approvals/validation';
import { InvalidInputError } from '../errors';
import { asUserAction, type CallOptions, type GitLabClient, type ProjectIdOrPath } from '../gitlab/client';
import type { DeploymentApproval, DeploymentDetail, JobSummary } from '../gitlab/types';

export type ActionClient = Pick<GitLabClient, 'deployment' | 'setApproval' | 'playJob'>;

export interface DeploymentTarget {
  projectId: ProjectIdOrPath;
  deploymentId: number;
}

export interface DecisionInput {
  comment?: string;
  /** The rule to act for, when the user matches several (`represented_as`). */
  representedAs?: string;
}

/**
 * Approve or reject. Bad input fails before any request. The deployment is re-read first, so one that is no longer
 * blocked is reported plainly instead of GitLab's less helpful 400. The POST itself is never retried.
 */
export async function decide(
  client: ActionClient,
  target: DeploymentTarget,
  status: 'approved' | 'rejected',
  input: DecisionInput,
  options?: CallOptions,
): Promise<DeploymentApproval> {
  options = asUserAction(options);
  const comment = input.comment?.trim() || undefined;
  const invalid = comment === undefined ? undefined : validateApprovalComment(comment);
  if (invalid) throw invalid;
  const current = await client.deployment(target.projectId, target.deploymentId, options);
  assertStillBlocked(current);
  return client.setApproval(
    target.projectId,
    target.deploymentId,
    { status, comment, representedAs: input.representedAs },
    options,
  );
}

export interface ApproveAndRunResult {
  approval: DeploymentApproval;
  /** The job, when it was started; undefined when other approvals are still needed (the reason says so). */
  job?: JobSummary;
  notRunReason?: string;
}

/**
 * Approval never starts the job (approval_service.rb L66-70), so "approve and run" plays it afterwards — but only when the
 * re-read deployment says every rule is now satisfied; otherwise GitLab would answer "Unplayable Job".
 */
export async function approveAndRun(
  client: ActionClient,
  target: DeploymentTarget,
  input: DecisionInput,
  options?: CallOptions,
): Promise<ApproveAndRunResult> {
  options = asUserAction(options);
  const approval = await decide(client, target, 'approved', input, options);
  const after = await client.deployment(target.projectId, target.deploymentId, options);
  const state = classifyBlockedDeployment(after);
  if (state !== 'approved-not-run' || !after.deployable) {
    const pending = after.pending_approval_count ?? 0;
    return {
      approval,
      notRunReason: `Approved; ${pending} more approval${pending === 1 ? ' is' : 's are'} needed before the job can run.`,
    };
  }
  return { approval, job: await client.playJob(target.projectId, after.deployable.id, options) };
}

/** Run the deployment job of a manual or fully approved deployment. */
export async function runDeploymentJob(
  client: ActionClient,
  target: DeploymentTarget,
  options?: CallOptions,
): Promise<JobSummary> {
  options = asUserAction(options);
  const current = await client.deployment(target.projectId, target.deploymentId, options);
  assertStillWaiting(current);
  const state = classifyBlockedDeployment(current);
  if (state === 'queued') {
    throw new InvalidInputError(
      'deployment',
      `Deployment #${current.iid} was already started: its job is ${current.deployable?.status ?? 'queued'}. Nothing was changed.`,
    );
  }
  if (state === 'waiting-for-approval') {
    throw new InvalidInputError(
      'deployment',
      `Deployment #${current.iid} still needs ${current.pending_approval_count ?? 'more'} approval(s) before its job can run.`,
    );
  }
  if (!current.deployable) throw new InvalidInputError('deployment', `Deployment #${current.iid} has no job to run.`);
  return client.playJob(target.projectId, current.deployable.id, options);
}

function assertStillBlocked(deployment: DeploymentDetail): void {
  if (deployment.status !== 'blocked') notWaiting(deployment);
}

/** Blocked, or (before GitLab 16.3) `created` with its job still manual: approved or plain manual, waiting to run. */
function assertStillWaiting(deployment: DeploymentDetail): void {
  const createdManual = deployment.status === 'created' && deployment.deployable?.status === 'manual';
  if (deployment.status !== 'blocked' && !createdManual) notWaiting(deployment);
}

function notWaiting(deployment: DeploymentDetail): never {
  throw new InvalidInputError(
    'deployment',
    `Deployment #${deployment.iid} is no longer waiting: its status is now "${deployment.status}". Nothing was changed.`,
  );
}
