// Follows the deployment jobs the person started until they end (docs/polling.md#following-a-job): one GET of each
// followed job every few seconds while the window has focus, none in the background, none after the job ended. The
// log's tail is read only while someone looks at it (its editor document is open), and once more when the job ends.
// A job's log can hold a secret a CI variable failed to mask: its text goes to `tail()` listeners only — never to the
// log channel (the lines written here name the job and its status), never into an error message.

import { isGitLabError } from '../errors';
import type { GitLabClient } from '../gitlab/client';
import type { JobSummary } from '../gitlab/types';
import { Emitter, type Subscription } from '../util/emitter';
import type { LevelledLog } from '../util/log';
import { hasEnded, retriedAs, statusOf, type FollowedJob } from './followedJob';
import { logTail, TAIL_BYTES, type LogTail } from './logTail';

export type FollowClient = Pick<GitLabClient, 'job' | 'jobLogEnd' | 'environment'>;

/** How often a followed job is read while the window has focus. */
export const FOLLOW_INTERVAL_MS = 5_000;
/** Followed jobs kept at most (the newest); an ended one is dropped after a day. */
export const MAX_FOLLOWED = 20;
const ENDED_KEPT_MS = 24 * 60 * 60 * 1000;

export interface FollowerOptions {
  client(instanceUrl: string): FollowClient | undefined;
  log: LevelledLog;
  intervalMs?: number;
  now?: () => number;
}

/** A followed job ended; `whileAway`: it ended while the window was in the background (seen at the first read back). */
export interface JobEnded {
  job: FollowedJob;
  whileAway: boolean;
}

export class JobFollower {
  private readonly followed = new Map<string, FollowedJob>();
  private readonly tails = new Map<string, LogTail>();
  private readonly watching = new Map<string, number>();
  private readonly changed = new Emitter<void>();
  private readonly ended = new Emitter<JobEnded>();
  private readonly tailChanged = new Emitter<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private awayBefore = false;
  private polling: Promise<void> | undefined;
  private disposed = false;

  /** The followed jobs or their states changed. */
  readonly onDidChange = this.changed.event;
  /** A followed job reached its end (success, failed, canceled, skipped, or waits again). */
  readonly onDidEnd = this.ended.event;
  /** A job's tail was read anew (its key). */
  readonly onDidChangeTail = this.tailChanged.event;

  constructor(private readonly options: FollowerOptions) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Newest first. */
  all(): FollowedJob[] {
    return [...this.followed.values()].sort((a, b) => b.followedAt - a.followedAt);
  }

  get(key: string): FollowedJob | undefined {
    return this.followed.get(key);
  }

  /** Follows a job GitLab just started; replaces one it was retried from (`replaces`). */
  follow(job: FollowedJob, replaces?: string): void {
    if (replaces) this.forget(replaces);
    this.followed.set(job.key, job);
    this.trim();
    this.options.log.info(`following job ${job.jobId} of ${job.projectPath} (${job.environmentName}): ${job.status}`);
    this.changed.fire();
    this.schedule(0);
  }

  /** The record for a retry's new job (GitLab's answer), followed in place of the old one. */
  followRetry(previous: FollowedJob, job: JobSummary): FollowedJob {
    const next = retriedAs(previous, job, this.now);
    this.follow(next, previous.key);
    return next;
  }

  /** The jobs kept from the last session: those still running are read again once the window has focus. */
  restore(jobs: readonly FollowedJob[]): void {
    const now = this.now;
    for (const job of jobs) {
      if (hasEnded(job) && now - job.followedAt > ENDED_KEPT_MS) continue;
      this.followed.set(job.key, job);
    }
    this.trim();
    this.changed.fire();
    this.schedule(0);
  }

  /** No longer shown or read. */
  dismiss(key: string): void {
    if (!this.followed.has(key)) return;
    this.forget(key);
    this.changed.fire();
  }

  /** The log's last lines, when read (only while watched). */
  tail(key: string): LogTail | undefined {
    return this.tails.get(key);
  }

  /** Reads the job's log now, and at each read of the job while it runs, until the subscription is disposed. */
  watchLog(key: string): Subscription {
    this.watching.set(key, (this.watching.get(key) ?? 0) + 1);
    const job = this.followed.get(key);
    // The person opened the log: read it now, focus or not (a click can blur the window for a moment); only the
    // background polls wait for focus.
    if (job) void this.readTail(job);
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        const left = (this.watching.get(key) ?? 1) - 1;
        if (left > 0) this.watching.set(key, left);
        else this.watching.delete(key);
      },
    };
  }

  /** The window has focus: read at once what runs, then every few seconds. */
  resume(): void {
    if (this.active) return;
    this.active = true;
    // Away with nothing running: a job started from now on did not end while away.
    if (!this.all().some((job) => !hasEnded(job))) this.awayBefore = false;
    this.schedule(0);
  }

  /** The window is in the background: nothing is read. */
  pause(): void {
    if (!this.active) return;
    this.active = false;
    this.awayBefore = true;
    this.clearTimer();
  }

  /** One read of every running job (tests and the timer); shares a read under way. */
  poll(): Promise<void> {
    this.polling ??= this.readAll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.changed.dispose();
    this.ended.dispose();
    this.tailChanged.dispose();
  }

  private async readAll(): Promise<void> {
    // A read while paused (a test's, or one under way at the pause) still sees jobs that ended while away.
    const whileAway = this.awayBefore;
    if (this.active) this.awayBefore = false;
    const running = this.all().filter((job) => !hasEnded(job));
    let changed = false;
    for (const job of running) if (await this.readJob(job, whileAway)) changed = true;
    if (changed && !this.disposed) this.changed.fire();
  }

  /** Reads one job; true when what is shown of it changed. */
  private async readJob(job: FollowedJob, whileAway: boolean): Promise<boolean> {
    const client = this.options.client(job.instanceUrl);
    if (!client) return this.setProblem(job, 'not signed in');
    let answer: JobSummary;
    try {
      answer = await client.job(job.projectId, job.jobId);
    } catch (error) {
      return this.setProblem(job, (error as Error).message);
    }
    if (!this.followed.has(job.key)) return false;
    const state = statusOf(answer);
    const before = job.status;
    const next: FollowedJob = { ...job, ...state, webUrl: answer.web_url || job.webUrl, problem: undefined };
    const same =
      before === next.status &&
      job.failureReason === next.failureReason &&
      job.startedAt === next.startedAt &&
      job.finishedAt === next.finishedAt &&
      job.problem === undefined;
    this.followed.set(job.key, next);
    if (before !== next.status)
      this.options.log.info(`job ${job.jobId} of ${job.projectPath}: ${before} → ${next.status}`);
    if (this.watching.has(job.key) || (hasEnded(next) && this.tails.has(job.key))) await this.readTail(next);
    if (!hasEnded(next)) return !same;
    if (next.status === 'success') await this.readExternalUrl(client, next);
    this.ended.fire({ job: this.followed.get(job.key) ?? next, whileAway });
    return true;
  }

  private setProblem(job: FollowedJob, problem: string): boolean {
    if (!this.followed.has(job.key)) return false;
    this.options.log.warn(`reading job ${job.jobId} of ${job.projectPath} failed: ${problem}`);
    const changed = job.problem !== problem;
    this.followed.set(job.key, { ...job, problem });
    return changed;
  }

  /** Where the deployment went live: the environment's `external_url` as it is now (a job may set it). */
  private async readExternalUrl(client: FollowClient, job: FollowedJob): Promise<void> {
    try {
      const environment = await client.environment(job.projectId, job.environmentId);
      const current = this.followed.get(job.key);
      if (current) this.followed.set(job.key, { ...current, externalUrl: environment.external_url });
    } catch (error) {
      this.options.log.warn(
        `reading environment ${job.environmentName} of ${job.projectPath} failed: ${(error as Error).message}`,
      );
    }
  }

  private async readTail(job: FollowedJob): Promise<void> {
    const client = this.options.client(job.instanceUrl);
    if (!client) return;
    try {
      const end = await client.jobLogEnd(job.projectId, job.jobId, TAIL_BYTES);
      if (!this.followed.has(job.key)) return;
      this.tails.set(job.key, logTail(end.text, end.cut));
      this.tailChanged.fire(job.key);
    } catch (error) {
      // Only the error's kind: a body that is not the API is quoted in its message, and this body is the log.
      const kind = isGitLabError(error) ? error.kind : 'unexpected error';
      this.options.log.warn(`reading the log of job ${job.jobId} of ${job.projectPath} failed (${kind})`);
    }
  }

  private forget(key: string): void {
    this.followed.delete(key);
    this.tails.delete(key);
  }

  private trim(): void {
    for (const job of this.all().slice(MAX_FOLLOWED)) this.forget(job.key);
  }

  private schedule(delayMs: number): void {
    if (!this.active || this.disposed || this.timer !== undefined) return;
    if (!this.all().some((job) => !hasEnded(job))) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().then(() => this.schedule(this.options.intervalMs ?? FOLLOW_INTERVAL_MS));
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
