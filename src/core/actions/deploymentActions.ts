// Approve, reject and run: from the command (or agent tool) straight to the client. Nothing is read first: GitLab's
// approval service refuses a deployment that no longer waits with the exact reason ("This deployment is not waiting
// for approvals.") and the jobs API a job that cannot run ("Unplayable Job"); those texts reach the person as
// `RejectedByGitLabError.userMessage` through the presentation home. The caller re-reads that deployment afterwards
// (RefreshEngine.refreshDeployment), whatever the outcome. Writes are never retried by the transport.

import { validateApprovalComment } from '../approvals/validation';
import { asUserAction, type CallOptions, type GitLabClient, type ProjectIdOrPath } from '../gitlab/client';
import type { DeploymentApproval, JobSummary } from '../gitlab/types';
import type { DeploymentView } from '../refresh/snapshot';
import { isGitLabError } from '../errors';

export type ActionClient = Pick<GitLabClient, 'setApproval' | 'playJob'>;

export interface DeploymentTarget {
  projectId: ProjectIdOrPath;
  deploymentId: number;
}

export interface JobTarget {
  projectId: ProjectIdOrPath;
  jobId: number;
}

export interface DecisionInput {
  comment?: string;
  /** The rule to act for, when the user matches several (`represented_as`, docs/gitlab-behaviour.md#approving-and-rejecting). */
  representedAs?: string;
}

/** Approve or reject: bad input fails before any request; otherwise one POST. */
export function decide(
  client: ActionClient,
  target: DeploymentTarget,
  status: 'approved' | 'rejected',
  input: DecisionInput,
  options?: CallOptions,
): Promise<DeploymentApproval> {
  const comment = input.comment?.trim() || undefined;
  const invalid = comment === undefined ? undefined : validateApprovalComment(comment);
  if (invalid) return Promise.reject(invalid);
  const request = { status, comment, representedAs: input.representedAs };
  return client.setApproval(target.projectId, target.deploymentId, request, asUserAction(options));
}

export interface ApproveAndRunResult {
  approval: DeploymentApproval;
  /** The job, when it was started; undefined when it was not (the reason says why). */
  job?: JobSummary;
  notRunReason?: string;
}

/**
 * Approval never starts the job (docs/gitlab-behaviour.md#approving-and-rejecting), so "approve and run" plays it afterwards when this approval was the
 * last one the deployment waited for, as the view knew it. If the view was behind, GitLab answers "Unplayable Job" and
 * the approval stands; the result says so.
 */
export async function approveAndRun(
  client: ActionClient,
  target: DeploymentTarget,
  view: Pick<DeploymentView, 'progress' | 'deployment'>,
  input: DecisionInput,
  options?: CallOptions,
): Promise<ApproveAndRunResult> {
  const approval = await decide(client, target, 'approved', input, options);
  const stillPending = (view.progress?.totalPending ?? 1) - 1;
  const job = view.deployment.deployable;
  if (stillPending > 0 || !job) {
    const more = `${stillPending} more approval${stillPending === 1 ? ' is' : 's are'} needed`;
    return { approval, notRunReason: `${job ? more : 'It has no job'} before it can run.` };
  }
  try {
    return { approval, job: await runDeploymentJob(client, { projectId: target.projectId, jobId: job.id }, options) };
  } catch (error) {
    if (!isGitLabError(error) || error.kind !== 'rejected') throw error;
    return { approval, notRunReason: `The job was not started: ${error.userMessage}` };
  }
}

/** Run the deployment job of a manual or fully approved deployment: one POST. */
export function runDeploymentJob(client: ActionClient, target: JobTarget, options?: CallOptions): Promise<JobSummary> {
  return client.playJob(target.projectId, target.jobId, asUserAction(options));
}
