// Approve, reject and run: the requests the action runner (runner.ts) sends. Nothing is read first: GitLab's
// approval service refuses a deployment that no longer waits with the exact reason ("This deployment is not waiting
// for approvals.") and the jobs API a job that cannot run ("Unplayable Job"); those texts reach the person as
// `RejectedByGitLabError.userMessage` through the presentation home. The runner re-reads that deployment afterwards
// (RefreshEngine.refreshDeployment), whatever the outcome. Writes are never retried by the transport.

import { validateApprovalComment } from '../approvals/validation';
import { asUserAction, type CallOptions, type GitLabClient, type ProjectIdOrPath } from '../gitlab/client';
import type { DeploymentApproval, JobSummary } from '../gitlab/types';

export type ActionClient = Pick<GitLabClient, 'setApproval' | 'playJob' | 'retryJob'>;

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

/** Run the deployment job of a manual or fully approved deployment: one POST. */
export function runDeploymentJob(client: ActionClient, target: JobTarget, options?: CallOptions): Promise<JobSummary> {
  return client.playJob(target.projectId, target.jobId, asUserAction(options));
}

/**
 * Retry a finished deployment job: one POST; GitLab answers the new job — `manual` again where the environment needs
 * approvals (docs/gitlab-behaviour.md#following-a-job).
 */
export function retryDeploymentJob(
  client: ActionClient,
  target: JobTarget,
  options?: CallOptions,
): Promise<JobSummary> {
  return client.retryJob(target.projectId, target.jobId, asUserAction(options));
}
