// Follow-through after every Run (issue 21): the jobs the person started, followed by core/follow/jobFollower.ts to
// their end, kept across a window reload (last known state only: no log text), and said when one ends while the window
// is in the background (opt-out: gitlabApprovals.followThrough.notify). The view, the status bar item and the log
// document render what this holds.
import * as vscode from 'vscode';
import { followedJobOf, hasEnded, keptFollowedJob, type FollowedJob } from '../../core/follow/followedJob';
import { JobFollower, type JobEnded } from '../../core/follow/jobFollower';
import type { JobSummary } from '../../core/gitlab/types';
import type { LocatedDeployment } from '../../core/refresh/snapshot';
import { Disposable } from '../disposable';
import type { Instances } from '../instances';
import type { Log } from '../log';
import { showInfo, showWarning } from '../presentation/ui';
import { followThroughNotifies } from '../settings';
import { endedMessage } from './followedJobWords';

const KEY = 'gitlabApprovals.followedJobs';
/** How often rows saying "running 2m 10s" are given again (no request: the follower reads GitLab). */
const TICK_MS = 5_000;

/** What a notification's buttons do: the commands of a followed row, handed in by the extension. */
export interface EndedActions {
  open(job: FollowedJob, action: 'log' | 'environment' | 'retry' | 'job'): unknown;
}

export class FollowThrough extends Disposable {
  readonly follower: JobFollower;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** The followed jobs, or what their rows say (the time they ran), changed. */
  readonly onDidChange = this.changed.event;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private actions?: EndedActions;

  constructor(
    private readonly memento: vscode.Memento,
    instances: Instances,
    private readonly log: Log,
  ) {
    super();
    this.follower = new JobFollower({ client: (url) => instances.client(url), log: log.core });
    this.register({ dispose: () => this.follower.dispose() });
    this.register({ dispose: () => this.stopTicker() });
    this.register(this.follower.onDidChange(() => this.onFollowedChanged()));
    this.register(this.follower.onDidEnd((ended) => this.onEnded(ended)));
    const kept = this.memento.get<unknown[]>(KEY, []);
    this.follower.restore((Array.isArray(kept) ? kept : []).map(keptFollowedJob).filter((j) => j !== undefined));
    this.onFollowedChanged();
  }

  /** The buttons of a notification about a job that ended (the extension's commands). */
  setActions(actions: EndedActions): void {
    this.actions = actions;
  }

  all(): FollowedJob[] {
    return this.follower.all();
  }

  /** The action runner started a job (Run, Run Now, Approve and Run, the page, the agent's run tool). */
  started(located: LocatedDeployment, job: JobSummary): void {
    this.follower.follow(followedJobOf(located, job, Date.now()));
  }

  resume(): void {
    this.follower.resume();
  }

  pause(): void {
    this.follower.pause();
  }

  private onFollowedChanged(): void {
    const jobs = this.follower.all();
    // Only plain fields, no log text (FollowedJob holds none).
    void this.memento.update(KEY, jobs);
    void vscode.commands.executeCommand('setContext', 'gitlabApprovals.hasFollowedJobs', jobs.length > 0);
    if (jobs.some((job) => !hasEnded(job))) this.startTicker();
    else this.stopTicker();
    this.changed.fire();
  }

  private onEnded({ job, whileAway }: JobEnded): void {
    this.log.info(`followed job ${job.jobId} of ${job.projectPath} ended: ${job.status}`);
    if (!whileAway || !followThroughNotifies()) return;
    const { severity, message, actions } = endedMessage(job);
    const show = severity === 'info' ? showInfo : showWarning;
    void show(message, ...actions.map((a) => a.title)).then((chosen) => {
      const action = actions.find((a) => a.title === chosen);
      if (action) this.actions?.open(job, action.id);
    });
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.changed.fire(), TICK_MS);
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
