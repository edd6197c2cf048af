// The commands of a followed job's row (the Follow-through view, and the notification when one ends): Show Log, Open
// Environment, Retry… (the run question first, then the action runner), Open Job, Stop Following.
import * as vscode from 'vscode';
import { retryFollowedJob } from '../../core/actions/runner';
import { phaseOf, type FollowedJob } from '../../core/follow/followedJob';
import type { FollowThrough } from '../followThrough/followThrough';
import { environmentLink, jobLink, jobTitle, stateText } from '../followThrough/followedJobWords';
import type { JobLogDocuments } from '../followThrough/jobLogDocument';
import { pickOne, showInfo, showWarning, withNotificationProgress } from '../presentation/ui';
import type { CommandContext } from './commandContext';
import { confirmRetry } from './confirmRun';
import { reportFailure, signalOf } from './feedback';
import type { CommandTable } from './registerCommands';

type FollowCommand = 'showJobLog' | 'openEnvironment' | 'retryFollowedJob' | 'openFollowedJob' | 'stopFollowingJob';

export function followCommands(
  context: CommandContext,
  follow: FollowThrough,
  logs: JobLogDocuments,
): Pick<CommandTable, FollowCommand> {
  const target = (clicked: unknown, include: (job: FollowedJob) => boolean) => followedTarget(follow, clicked, include);
  return {
    showJobLog: async (clicked?: FollowedJob) => {
      const job = await target(clicked, () => true);
      if (job) await logs.show(job);
    },
    openEnvironment: async (clicked?: FollowedJob) => {
      const job = await target(clicked, (j) => environmentLink(j) !== undefined);
      if (job) await openEnvironment(context, job);
    },
    retryFollowedJob: async (clicked?: FollowedJob) => {
      const job = await target(clicked, (j) => phaseOf(j) === 'failed' || phaseOf(j) === 'canceled');
      if (job) await retryOne(context, follow, logs, job);
    },
    openFollowedJob: async (clicked?: FollowedJob) => {
      const job = await target(clicked, (j) => jobLink(j) !== undefined);
      const url = job && jobLink(job);
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
    },
    stopFollowingJob: async (clicked?: FollowedJob) => {
      const job = await target(clicked, () => true);
      if (job) follow.follower.dismiss(job.key);
    },
  };
}

/** The clicked row as the follower has it now, or one picked from the followed jobs. */
async function followedTarget(
  follow: FollowThrough,
  clicked: unknown,
  include: (job: FollowedJob) => boolean,
): Promise<FollowedJob | undefined> {
  const key = (clicked as FollowedJob | undefined)?.key;
  if (typeof key === 'string') return follow.follower.get(key);
  const jobs = follow.all().filter(include);
  if (jobs.length === 0) {
    void showInfo(vscode.l10n.t('No deployment job you started fits; run one from the Deployments view.'));
    return undefined;
  }
  const picked = await pickOne(
    jobs.map((job) => ({ job, label: jobTitle(job), description: stateText(job) })),
    { title: vscode.l10n.t('Which deployment job?') },
  );
  return picked?.job;
}

/** The environment's `external_url`, only when it is http(s) (any text a Maintainer typed). */
async function openEnvironment(context: CommandContext, job: FollowedJob): Promise<void> {
  const url = environmentLink(job);
  if (!url) {
    context.log.warn(`not opening the external URL of ${job.environmentName} of ${job.projectPath}: not http(s)`);
    void showWarning(vscode.l10n.t('{0} has no http(s) address to open.', job.environmentName));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

/**
 * Asks the run question, then retries the job through the action runner and follows the new one. Where the
 * environment needs approvals GitLab's new job waits for them (a new blocked deployment): said so.
 */
export async function retryOne(
  context: CommandContext,
  follow: FollowThrough,
  logs: JobLogDocuments,
  job: FollowedJob,
): Promise<boolean> {
  // The project's freezes as last read, where something still waits there (none are read otherwise).
  const freezes = context.engine
    .snapshot()
    .instances.find((instance) => instance.instanceUrl === job.instanceUrl)
    ?.projects.find((project) => project.project.id === job.projectId)?.freezes;
  if (!(await confirmRetry(job, freezes))) return false;
  const title = vscode.l10n.t('Retrying {0}…', jobTitle(job));
  const outcome = await retryFollowedJob(context, job, (send) =>
    Promise.resolve(withNotificationProgress(title, (token) => send({ signal: signalOf(token) }))),
  );
  if (outcome.kind === 'busy') {
    void showInfo(vscode.l10n.t('An action on {0} is already under way; wait for it to finish.', jobTitle(job)));
    return false;
  }
  if (outcome.kind !== 'done') {
    reportFailure(context.log, title, outcome.error);
    return false;
  }
  const next = follow.follower.followRetry(job, outcome.value);
  context.log.info(`retried job ${job.jobId} of ${job.projectPath}: new job ${next.jobId} (${next.status})`);
  if (phaseOf(next) === 'waits-again') {
    void showInfo(
      vscode.l10n.t('GitLab created a new deployment of {0} that waits for approval again.', jobTitle(job)),
    );
    return true;
  }
  const showLog = vscode.l10n.t('Show Log');
  void showInfo(vscode.l10n.t('Started {0} again ({1}).', jobTitle(next), next.status), showLog).then((chosen) =>
    chosen === showLog ? logs.show(next) : undefined,
  );
  return true;
}
