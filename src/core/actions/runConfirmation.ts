// The one home of what a person is asked before a deployment job starts: every path that starts a job (Run, Run Now,
// Approve and Run, the deployment page's buttons, the agent's run tool) names the same facts — project, environment,
// ref, commit — and the same warnings: the deployment's brief's, where one was already read (superseded, rollback,
// diverged, failed jobs), and deploy access that cannot be checked. While the project has a deploy freeze on, every one
// of those paths asks a second question naming the freeze (`runFreeze`). The shell words the questions; these are their
// facts.
// test/unit/actions/jobStarts.test.ts lists every path that starts a job and fails when one does not ask.

import type { DeployAccess } from '../approvals/deployAccess';
import type { DeploymentBrief } from '../brief/types';
import type { FollowedJob } from '../follow/followedJob';
import { knownWarnings } from '../presentation/deploymentWarnings';
import type { LocatedDeployment } from '../refresh/snapshot';
import { activeFreezeAt, type ProjectFreezes } from '../freezes/deployFreezes';
import { freezeEnd, knownTimeZone, type ZonedTime } from '../presentation/freezeTimes';

/** Something the person should know before the job starts. */
export type RunWarning =
  /** Whether the user is one of the environment's deployers cannot always be read here: GitLab refuses to run the job (403) if not. */
  'deploy-access-unknown';

export interface RunQuestion {
  /** GitLab text, each shown only through the escaping home. */
  job: string;
  project: string;
  environment: string;
  ref: string;
  /** The commit's short sha. */
  commit: string;
  warnings: RunWarning[];
  /** Its warnings in words (core/presentation/deploymentWarnings.ts; GitLab text inside): the brief's when one is known. */
  briefWarnings: string[];
}

/**
 * The facts of "Run this deployment job?"; undefined when the deployment has no job to run. `brief` is the latest brief
 * read of this deployment, if any; one of another commit is not this deployment's and is left out.
 */
export function runQuestion(
  located: LocatedDeployment,
  access: DeployAccess | undefined,
  brief?: DeploymentBrief,
): RunQuestion | undefined {
  const job = located.deployment.deployable;
  if (!job) return undefined;
  return {
    job: job.name,
    project: located.project.project.path_with_namespace,
    environment: located.environment.name,
    ref: located.deployment.ref,
    commit: located.deployment.sha.slice(0, 8),
    warnings: access === 'unknown' ? ['deploy-access-unknown'] : [],
    briefWarnings: runBriefWarnings(located, brief),
  };
}

/** The deployment's warnings in words: its brief's, when the brief is of this very deployment and commit, else what the snapshot shows (superseded). */
export function runBriefWarnings(located: LocatedDeployment, brief: DeploymentBrief | undefined): string[] {
  return knownWarnings(located, brief).map((warning) => warning.message);
}

/** The same question for Retry of a followed job that ended: the job, where it deploys, and what. */
export function retryQuestion(job: FollowedJob): RunQuestion {
  return {
    job: job.jobName,
    project: job.projectPath,
    environment: job.environmentName,
    ref: job.ref,
    commit: job.sha.slice(0, 8),
    warnings: [],
    briefWarnings: [],
  };
}

/** The facts of the second question, "The project has a deploy freeze … Run anyway?"; GitLab text inside. */
export interface RunFreeze {
  project: string;
  environment: string;
  job: string;
  /** When the freeze ends, in its zone; undefined when GitLab has not said yet (a window began since the last read). */
  until?: ZonedTime;
  /** The freeze as the project defines it: its cron lines and their zone. */
  startCron: string;
  endCron: string;
  timeZone: string;
}

/**
 * The deploy freeze on at `now` in the deployment's project, as the second run question names it; undefined when none
 * is on (or none could be read: nothing is claimed then). The job's own GitLab decides; the extension only asks.
 */
export function runFreeze(located: LocatedDeployment, now: number): RunFreeze | undefined {
  return freezeOn(
    located.project.freezes,
    {
      project: located.project.project.path_with_namespace,
      environment: located.environment.name,
      job: located.deployment.deployable?.name ?? '',
    },
    now,
  );
}

/**
 * The same for Retry of a followed job, from its project's freezes as last read (undefined when none were: a project
 * with nothing waiting any more is not read, and nothing is claimed then).
 */
export function retryFreeze(job: FollowedJob, freezes: ProjectFreezes | undefined, now: number): RunFreeze | undefined {
  return freezeOn(freezes, { project: job.projectPath, environment: job.environmentName, job: job.jobName }, now);
}

function freezeOn(
  freezes: ProjectFreezes | undefined,
  where: Pick<RunFreeze, 'project' | 'environment' | 'job'>,
  now: number,
): RunFreeze | undefined {
  const active = activeFreezeAt(freezes, now);
  if (!active) return undefined;
  return {
    ...where,
    until: freezeEnd(active, now),
    startCron: active.freeze.startCron,
    endCron: active.freeze.endCron,
    timeZone: knownTimeZone(active.freeze.timeZone),
  };
}
