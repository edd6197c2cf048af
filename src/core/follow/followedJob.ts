// A deployment job the person started (Run, Run Now, Approve and Run, the page, the agent's run tool, Retry), as the
// extension follows it to its end: GitLab's job status and what else a row needs. Kept across a window reload (no log
// text, nothing secret), so it holds only plain fields.

import type { JobSummary } from '../gitlab/types';
import { deploymentKey, type LocatedDeployment } from '../refresh/snapshot';

export interface FollowedJob {
  /** `instanceUrl#projectId#job:jobId`. */
  key: string;
  instanceUrl: string;
  projectId: number;
  projectPath: string;
  environmentId: number;
  environmentName: string;
  /** The deployment whose job was started (`deploymentKey`). */
  deploymentKey: string;
  ref: string;
  sha: string;
  jobId: number;
  jobName: string;
  /** GitLab's `web_url` of the job (checked to be on the instance before it is offered). */
  webUrl?: string;
  /** GitLab's job status: created, pending, running, success, failed, canceled, skipped, manual, … */
  status: string;
  failureReason?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** The environment's `external_url` (checked to be http(s) before it is offered). */
  externalUrl?: string | null;
  /** When the person started it (ms since the epoch). */
  followedAt: number;
  /** Why the last read failed, while it does (the last known status stays). */
  problem?: string;
}

/** Statuses after which a job does not change by itself (`manual`: a retried job that waits for approval again). */
const ENDED = new Set(['success', 'failed', 'canceled', 'skipped', 'manual']);

export function hasEnded(job: Pick<FollowedJob, 'status'>): boolean {
  return ENDED.has(job.status);
}

export function followedJobKey(instanceUrl: string, projectId: number, jobId: number): string {
  return `${instanceUrl}#${projectId}#job:${jobId}`;
}

/** The record for a job GitLab just started (its answer to play or retry) on this deployment. */
export function followedJobOf(located: LocatedDeployment, job: JobSummary, now: number): FollowedJob {
  const { view, deployment, project, environment } = located;
  return {
    key: followedJobKey(view.instanceUrl, view.projectId, job.id),
    instanceUrl: view.instanceUrl,
    projectId: view.projectId,
    projectPath: project.project.path_with_namespace,
    environmentId: environment.id,
    environmentName: environment.name,
    deploymentKey: deploymentKey(view),
    ref: deployment.ref,
    sha: deployment.sha,
    jobId: job.id,
    jobName: job.name,
    webUrl: job.web_url,
    externalUrl: deployment.environment.external_url,
    followedAt: now,
    ...statusOf(job),
  };
}

/** The job's state fields from GitLab's answer (`GET …/jobs/:job_id`, play, retry). */
export function statusOf(job: JobSummary): Pick<FollowedJob, 'status' | 'failureReason' | 'startedAt' | 'finishedAt'> {
  return {
    status: job.status,
    failureReason: job.status === 'failed' ? job.failure_reason : undefined,
    startedAt: job.started_at ?? null,
    finishedAt: job.finished_at ?? null,
  };
}

/** A retry's new job, followed in place of the one it retried. */
export function retriedAs(previous: FollowedJob, job: JobSummary, now: number): FollowedJob {
  return {
    ...previous,
    key: followedJobKey(previous.instanceUrl, previous.projectId, job.id),
    jobId: job.id,
    jobName: job.name,
    webUrl: job.web_url,
    followedAt: now,
    problem: undefined,
    ...statusOf(job),
  };
}

/** Only the plain fields, of a record read back from storage; undefined when it is not one. */
export function keptFollowedJob(value: unknown): FollowedJob | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const strings = [
    'key',
    'instanceUrl',
    'projectPath',
    'environmentName',
    'deploymentKey',
    'ref',
    'sha',
    'jobName',
    'status',
  ];
  const numbers = ['projectId', 'environmentId', 'jobId', 'followedAt'];
  if (!strings.every((k) => typeof v[k] === 'string') || !numbers.every((k) => Number.isSafeInteger(v[k])))
    return undefined;
  const optional = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return {
    key: v.key as string,
    instanceUrl: v.instanceUrl as string,
    projectId: v.projectId as number,
    projectPath: v.projectPath as string,
    environmentId: v.environmentId as number,
    environmentName: v.environmentName as string,
    deploymentKey: v.deploymentKey as string,
    ref: v.ref as string,
    sha: v.sha as string,
    jobId: v.jobId as number,
    jobName: v.jobName as string,
    webUrl: optional('webUrl'),
    status: v.status as string,
    failureReason: optional('failureReason'),
    startedAt: optional('startedAt') ?? null,
    finishedAt: optional('finishedAt') ?? null,
    externalUrl: optional('externalUrl') ?? null,
    followedAt: v.followedAt as number,
  };
}

/** What a row says of a followed job, in the order it moves. */
export type FollowPhase = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'skipped' | 'waits-again';

export function phaseOf(job: Pick<FollowedJob, 'status'>): FollowPhase {
  switch (job.status) {
    case 'running':
      return 'running';
    case 'success':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
    case 'canceling':
      return 'canceled';
    case 'skipped':
      return 'skipped';
    case 'manual':
      return 'waits-again';
    default:
      return 'queued'; // created, pending, preparing, waiting_for_resource, scheduled
  }
}

/** How long it ran (to its end, or until `now`); undefined before a runner started it or for a time GitLab did not give. */
export function runSeconds(job: Pick<FollowedJob, 'startedAt' | 'finishedAt'>, now: number): number | undefined {
  const started = isoTime(job.startedAt);
  if (started === undefined) return undefined;
  const ended = isoTime(job.finishedAt) ?? now;
  return Math.max(0, Math.round((ended - started) / 1000));
}

/** "45s", "2m 10s", "1h 3m": a run's length, as GitLab's job page says it. */
export function runLengthText(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function isoTime(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}
