// What the read tools say of the deployment jobs the person started (issue 21): each one's state as the follower last
// read it — never its log, which can hold a secret a CI variable failed to mask.
import { phaseOf, runSeconds, type FollowedJob, type FollowPhase } from '../follow/followedJob';
import { externalWebLink } from '../presentation/webLinks';

export interface FollowedJobSummary {
  instance: string;
  /** queued, running, succeeded, failed, canceled, skipped, waits-again (a retry that waits for approval). */
  state: FollowPhase;
  /** Seconds it ran (so far, while it runs); absent before a runner took it. */
  ranSeconds?: number;
  /** Where it went live: the environment's address, when it succeeded and the address is http(s). */
  liveAt?: string;
  /** The last read failed: the state is as last known. */
  asLastKnown?: boolean;
  gitlab: {
    project: string;
    environment: string;
    job: string;
    jobId: number;
    status: string;
    failureReason?: string;
    ref: string;
    sha: string;
  };
}

/** The followed jobs, newest first, as data for the model (GitLab's text under `gitlab`; the caller escapes it). */
export function followedJobSummaries(jobs: readonly FollowedJob[], now: number): FollowedJobSummary[] {
  return jobs.map((job) => {
    const state = phaseOf(job);
    const live = state === 'succeeded' ? externalWebLink(job.externalUrl) : undefined;
    return {
      instance: job.instanceUrl,
      state,
      ranSeconds: runSeconds(job, now),
      ...(live ? { liveAt: live } : {}),
      ...(job.problem ? { asLastKnown: true } : {}),
      gitlab: {
        project: job.projectPath,
        environment: job.environmentName,
        job: job.jobName,
        jobId: job.jobId,
        status: job.status,
        ...(job.failureReason ? { failureReason: job.failureReason } : {}),
        ref: job.ref,
        sha: job.sha,
      },
    };
  });
}
