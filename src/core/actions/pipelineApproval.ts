// Approve a release at once: every deployment of one pipeline that awaits the user (GitLab users ask for one approval
// per pipeline: gitlab-org/gitlab#477280). GitLab has no such request, so it is one approval per deployment (and per
// rule); this module says which deployments those are, and why each other deployment of the pipeline is left alone.
// Deployments of later stages (not started: `created`) are among them where GitLab accepts approvals ahead (16.2+).

import { awaitsItsStage } from '../approvals/classify';
import type { LocatedDeployment } from '../refresh/snapshot';
import { deploymentState, INELIGIBILITY_TEXT } from '../presentation';

export interface PipelineRef {
  instanceUrl: string;
  projectId: number;
  pipelineId: number;
}

export interface PipelineApprovalPlan {
  pipeline: PipelineRef;
  toApprove: LocatedDeployment[];
  /** The pipeline's other deployments (blocked, or of a later stage), each with why it is not approved. */
  leftAlone: { located: LocatedDeployment; why: string }[];
}

/** The pipeline a deployment's job belongs to; undefined for a deployment without a job. */
export function pipelineOf(located: LocatedDeployment): PipelineRef | undefined {
  const pipeline = located.deployment.deployable?.pipeline;
  return pipeline
    ? { instanceUrl: located.view.instanceUrl, projectId: located.project.project.id, pipelineId: pipeline.id }
    : undefined;
}

export function samePipeline(a: PipelineRef, b: PipelineRef | undefined): boolean {
  return (
    b !== undefined && a.instanceUrl === b.instanceUrl && a.projectId === b.projectId && a.pipelineId === b.pipelineId
  );
}

/**
 * Which of the pipeline's deployments the user can approve now, and why not the others. `all` holds the snapshot's
 * blocked deployments and, where read, the pipeline's later stages (`RefreshEngine.laterStageDeployments`).
 */
export function pipelineApprovalPlan(all: readonly LocatedDeployment[], pipeline: PipelineRef): PipelineApprovalPlan {
  const plan: PipelineApprovalPlan = { pipeline, toApprove: [], leftAlone: [] };
  for (const located of all.filter((l) => samePipeline(pipeline, pipelineOf(l)))) {
    if (located.view.awaitingMe) plan.toApprove.push(located);
    else plan.leftAlone.push({ located, why: whyNot(located) });
  }
  return plan;
}

/** Every pipeline with at least one deployment awaiting the user, in the order its first such deployment appears. */
export function pipelinesAwaitingMe(all: readonly LocatedDeployment[]): PipelineApprovalPlan[] {
  const plans: PipelineApprovalPlan[] = [];
  for (const located of all) {
    const pipeline = pipelineOf(located);
    if (!located.view.awaitingMe || !pipeline || plans.some((p) => samePipeline(p.pipeline, pipeline))) continue;
    plans.push(pipelineApprovalPlan(all, pipeline));
  }
  return plans;
}

/**
 * What one approved environment of the pipeline has now, from the re-read after the approval: GitLab's approvals of
 * its total required ("eu 1/2"), and whether its stage has yet to start. No counts when the re-read has none.
 */
export interface EnvironmentTally {
  environment: string;
  approved?: number;
  required?: number;
  laterStage: boolean;
}

export function environmentTally(before: LocatedDeployment, after: LocatedDeployment | undefined): EnvironmentTally {
  const progress = after?.view.progress;
  return {
    environment: before.environment.name,
    ...(progress && { approved: progress.totalApproved, required: progress.totalRequired }),
    laterStage: awaitsItsStage(after?.deployment ?? before.deployment),
  };
}

function whyNot({ view, deployment }: LocatedDeployment): string {
  const reason = view.eligibility?.reason;
  if (view.state === 'waiting-for-approval' && reason) return INELIGIBILITY_TEXT[reason];
  if (view.state === 'approved-not-run' && awaitsItsStage(deployment))
    return 'It is approved; its stage has not started.';
  const state = deploymentState(view);
  if (state) return `It is ${state.label}.`;
  return view.error ? view.error.userMessage : 'Its approval state is not loaded yet.';
}
