// Approve under several rules in one action (GitLab counts one approval per user and rule, so a user in two rules
// approves twice: docs/gitlab-behaviour.md#approving-and-rejecting), then, for Approve and Run, start the job when
// those approvals were the last ones needed.

import { isGitLabError } from '../errors';
import type { CallOptions } from '../gitlab/client';
import type { DeploymentApproval, JobSummary } from '../gitlab/types';
import type { DeploymentView } from '../refresh/snapshot';
import { approvalCompletes, type MyRule } from './approvalRules';
import { decide, runDeploymentJob, type ActionClient, type DeploymentTarget } from './deploymentActions';

export interface ApproveUnderRulesResult {
  /** The rules approved under, in order. */
  approved: MyRule[];
  /** GitLab's answer to each of those approvals, in the same order (the record it created, or the one it had). */
  answers: DeploymentApproval[];
  /** The rules not approved under because GitLab refused (or failed) after at least one went through. */
  notApproved: MyRule[];
  /** Why the first of `notApproved` failed. */
  failure?: unknown;
  /** The job, when Approve and Run started it. */
  job?: JobSummary;
  /** Why Approve and Run did not start the job. */
  notRunReason?: string;
}

/**
 * One request per rule, in order. If the first fails, it throws (nothing was approved); a later failure stops there and
 * is returned beside what was approved, so the person is told both.
 */
export async function approveUnderRules(
  client: ActionClient,
  target: DeploymentTarget,
  view: Pick<DeploymentView, 'progress' | 'deployment'>,
  rules: readonly MyRule[],
  input: { comment?: string; andRun: boolean },
  options?: CallOptions,
): Promise<ApproveUnderRulesResult> {
  const approved: MyRule[] = [];
  const answers: DeploymentApproval[] = [];
  for (const [index, rule] of rules.entries()) {
    try {
      answers.push(
        await decide(client, target, 'approved', { comment: input.comment, representedAs: rule.name }, options),
      );
      approved.push(rule);
    } catch (failure) {
      if (approved.length === 0) throw failure;
      return { approved, answers, notApproved: rules.slice(index), failure };
    }
  }
  const result: ApproveUnderRulesResult = { approved, answers, notApproved: [] };
  const job = view.deployment.deployable;
  if (!input.andRun || !job) return result;
  if (!approvalCompletes(view, approved)) return { ...result, notRunReason: 'more approvals are needed' };
  try {
    return { ...result, job: await runDeploymentJob(client, { projectId: target.projectId, jobId: job.id }, options) };
  } catch (error) {
    // The approvals stand whatever happened to the job; the person is told both.
    return { ...result, notRunReason: isGitLabError(error) ? error.userMessage : String(error) };
  }
}
