// The simulator's runner: moves started jobs through `pending → running → success | failed`, writing their log one
// chunk per step (docs/gitlab-behaviour.md#following-a-job). Driven by steps — tests call `stepJobs` or the control
// route `POST /__sim/jobs/step`, the demo a timer — never by wall time in a test.
import type { Deployment, Environment, Job, JobScript, Project, User } from './model';
import type { SimState } from './state';

const ESC = '\x1b';
const section = (kind: 'start' | 'end', name: string, at: number, collapsed = false) =>
  `section_${kind}:${at}:${name}${collapsed ? '[collapsed=true]' : ''}\r${ESC}[0K`;

/** A secret a CI variable failed to mask, as a log can hold one: it must reach the editor only. */
export const LEAKED_SECRET_LINE = 'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The log of a deployment job: ANSI colours, GitLab's sections (one collapsed), a leaked secret; then the end. */
export function deployScript(environment: string, outcome: JobScript['outcome'], steps = 4): JobScript {
  const t = 1_760_000_000;
  const chunks = [
    `${ESC}[0KRunning with gitlab-runner 18.9.0 (simulated)\n` +
      `${section('start', 'prepare_executor', t, true)}${ESC}[0K${ESC}[36;1mPreparing the "docker" executor${ESC}[0;m\n` +
      'Using Docker executor with image alpine:3.20 ...\n' +
      'Pulling docker image alpine:3.20 ...\n' +
      `${section('end', 'prepare_executor', t + 3)}`,
    `${section('start', 'step_script', t + 3)}${ESC}[0K${ESC}[32;1m$ ./deploy.sh ${environment}${ESC}[0;m\n` +
      `${LEAKED_SECRET_LINE}\n` +
      'Uploading release bundle: 10%\r' +
      'Uploading release bundle: 100%\n',
    ...Array.from({ length: Math.max(steps - 3, 0) }, (_, i) => `Rolling out to ${environment}: batch ${i + 1} done\n`),
    outcome === 'success'
      ? `${ESC}[32;1mDeployed to ${environment}.${ESC}[0;m\n${section('end', 'step_script', t + 60)}` +
        `${ESC}[32;1mJob succeeded${ESC}[0;m\n`
      : `${ESC}[31;1mError: health check failed on ${environment}: 3 of 4 pods not ready${ESC}[0;m\n` +
        `${section('end', 'step_script', t + 60)}${ESC}[31;1mERROR: Job failed: exit code 1${ESC}[0;m\n`,
  ];
  return { chunks, outcome, ...(outcome === 'failed' ? { failureReason: 'script_failure' as const } : {}) };
}

/** One runner step for every started job: a pending one starts, a running one writes its next chunk or ends. */
export function stepJobs(state: SimState): number {
  let moved = 0;
  for (const job of state.jobs.values()) {
    if (job.status !== 'pending' && job.status !== 'running') continue;
    const script = job.script ?? deployScript(job.name, 'success', 3);
    job.script = script;
    const written = job.chunksWritten ?? 0;
    if (job.status === 'pending') {
      state.setJobStatus(job, 'running');
      job.log = script.chunks[0] ?? '';
      job.chunksWritten = 1;
    } else if (written < script.chunks.length) {
      job.log = (job.log ?? '') + script.chunks[written];
      job.chunksWritten = written + 1;
    } else {
      state.setJobStatus(job, script.outcome, script.failureReason ?? null);
    }
    moved++;
  }
  return moved;
}

/**
 * `Ci::Processable#retryable?` (app/models/ci/processable.rb L228-232): ended (success, failed, canceled), not retried
 * before, not rejected.
 */
export function retryable(job: Job): boolean {
  if (job.retried || job.failureReason === 'deployment_rejected') return false;
  return job.status === 'success' || job.status === 'failed' || job.status === 'canceled';
}

/**
 * `Ci::RetryJobService#retry_job`: a clone of the job (and, for a deployment job, a new deployment of its
 * environment) that the pipeline processes again — `manual` where the environment needs approval
 * (ee/app/services/ee/ci/process_build_service.rb L9-16), else `pending`. The old job is `retried`.
 */
export function retryJob(
  state: SimState,
  job: Job,
  by: User,
  deployment: Deployment | undefined,
  environment: Environment | undefined,
  needsApproval: boolean,
): Job {
  job.retried = true;
  const project = state.projects.get(job.projectId) as Project;
  const pipeline = state.pipelines.get(job.pipelineId)!;
  const status = needsApproval ? 'manual' : 'pending';
  if (deployment && environment) {
    const created = state.addDeployment({
      project,
      environment,
      triggeredBy: by,
      pipeline,
      jobName: job.name,
      stage: job.stage,
      jobStatus: status,
    });
    created.job.script = job.script;
    return created.job;
  }
  const clone = state.addJob({ pipeline, user: by, name: job.name, stage: job.stage, status });
  clone.script = job.script;
  return clone;
}
