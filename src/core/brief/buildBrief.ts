// Builds a deployment's brief: what is live on its environment, what it ships since then, and the warnings that
// matter. Reads (see docs/deployment-brief.md): the environment (its last successful deployment), the environment's
// recent deployments, the pipeline's failed jobs — in parallel — then the range part, cached per (project, live sha,
// this sha). Each part that fails becomes a problem in the brief; the rest still stands.
import { isGitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { DeploymentListItem, JobSummary, UserBasic } from '../gitlab/types';
import { BRIEF_LIMITS, type BriefLimits } from './limits';
import { buildRange, type RangeClient } from './range';
import type { RangeCache } from './cache';
import type { DeploymentBrief, FailedJob, LiveDeployment, NewerDeployment, RangeBrief } from './types';
import { briefWarnings, SUPERSEDING_STATUSES } from './warnings';

export type BriefClient = RangeClient & Pick<GitLabClient, 'environment' | 'environmentDeployments' | 'pipelineJobs'>;

export interface BriefSubject {
  projectId: number;
  /** The deployment as listed (its environment, ref, sha, job and pipeline are all that is needed). */
  deployment: DeploymentListItem;
}

export interface BriefOptions extends CallOptions {
  /** Shared across briefs: the commits between two shas never change. */
  cache?: RangeCache;
  limits?: BriefLimits;
  now?: () => number;
}

export async function buildDeploymentBrief(
  client: BriefClient,
  subject: BriefSubject,
  options: BriefOptions = {},
): Promise<DeploymentBrief> {
  const { projectId, deployment } = subject;
  const { cache: _cache, limits = BRIEF_LIMITS, now: _now, ...call } = options;
  const problems: string[] = [];
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (isGitLabError(error) && error.kind === 'cancelled') throw error;
      problems.push(`${what} could not be read: ${describe(error)}`);
      return undefined;
    }
  };

  const pipelineId = deployment.deployable?.pipeline.id;
  const [environment, recent, failed] = await Promise.all([
    attempt('What is live', () => client.environment(projectId, deployment.environment.id, call)),
    attempt('The environment’s other deployments', () =>
      client.environmentDeployments(projectId, deployment.environment.name, {
        ...call,
        perPage: limits.recentDeployments,
      }),
    ),
    pipelineId === undefined
      ? Promise.resolve([])
      : attempt('The pipeline’s jobs', () =>
          client.pipelineJobs(projectId, pipelineId, { ...call, scope: ['failed'] }),
        ),
  ]);

  const last = environment?.last_deployment ?? undefined;
  const live = last && last.id !== deployment.id ? liveOf(last) : undefined;
  const range =
    environment === undefined
      ? undefined
      : await attempt('The commits since what is live', () =>
          cachedRange(client, projectId, live?.sha, deployment.sha, limits, options, call),
        );

  const newer = (recent ?? [])
    .filter((d) => d.id > deployment.id && SUPERSEDING_STATUSES.has(d.status))
    .map(newerOf)
    .sort((a, b) => b.id - a.id);
  const failedJobs = (failed ?? []).filter((job) => job.id !== deployment.deployable?.id).map(failedJobOf);
  const usualRef = usualRefOf(recent ?? [], limits.usualRefMinimum);
  const rangePart: RangeBrief = range ?? {
    relation: live ? 'forward' : 'first-deployment',
    commits: { shown: [], total: 0 },
    dropped: { shown: [], total: 0 },
    authors: [],
    mergeRequests: [],
    mergeRequestsComplete: false,
    files: { entries: [], count: 0, truncated: false },
  };
  const brief: Omit<DeploymentBrief, 'warnings'> = {
    ...rangePart,
    projectId,
    deploymentId: deployment.id,
    environmentName: deployment.environment.name,
    sha: deployment.sha,
    ref: deployment.ref,
    live,
    newer,
    failedJobs,
    usualRef,
    rangeKnown: range !== undefined,
    problems,
    builtAt: (options.now ?? Date.now)(),
  };
  return { ...brief, warnings: briefWarnings(brief) };
}

async function cachedRange(
  client: RangeClient,
  projectId: number,
  liveSha: string | undefined,
  sha: string,
  limits: BriefLimits,
  options: BriefOptions,
  call: CallOptions,
): Promise<RangeBrief> {
  const key = { projectId, liveSha, sha };
  const cached = options.cache?.get(key);
  if (cached) return cached;
  const range = await buildRange(client, projectId, liveSha, sha, limits, call);
  options.cache?.set(key, range);
  return range;
}

/**
 * The ref an environment is usually deployed from: the ref of its recent successful deployments, when at least
 * `minimum` of them agree and none differs. Undefined when history cannot say.
 */
export function usualRefOf(recent: DeploymentListItem[], minimum: number): string | undefined {
  const successes = recent.filter((d) => d.status === 'success');
  if (successes.length < minimum) return undefined;
  const refs = new Set(successes.map((d) => d.ref));
  return refs.size === 1 ? successes[0].ref : undefined;
}

function liveOf(deployment: DeploymentListItem): LiveDeployment {
  return {
    id: deployment.id,
    iid: deployment.iid,
    ref: deployment.ref,
    sha: deployment.sha,
    at: deployment.created_at,
    user: userOf(deployment.user),
  };
}

function newerOf(deployment: DeploymentListItem): NewerDeployment {
  return {
    id: deployment.id,
    iid: deployment.iid,
    ref: deployment.ref,
    sha: deployment.sha,
    status: deployment.status,
    user: userOf(deployment.user),
  };
}

function failedJobOf(job: JobSummary & { allow_failure?: boolean }): FailedJob {
  return {
    id: job.id,
    name: job.name,
    stage: job.stage,
    allowFailure: job.allow_failure === true,
    webUrl: job.web_url,
  };
}

function userOf(user: UserBasic | null): { name: string; username: string } | undefined {
  return user ? { name: user.name, username: user.username } : undefined;
}

function describe(error: unknown): string {
  return isGitLabError(error) ? error.userMessage : error instanceof Error ? error.message : String(error);
}
