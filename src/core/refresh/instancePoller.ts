import { isGitLabError, UnexpectedError, type GitLabError } from '../errors';
import type { InstanceSession, RefreshKind } from './instanceSession';
import type { InstanceView } from './snapshot';
import { allowManyListeners } from '../util/signalListeners';

/** What one instance's poller needs from the engine that owns it. */
export interface PollerHost {
  intervalMs(): number;
  maxBackoffMs: number;
  paused(): boolean;
  /**
   * After every refresh that was not cancelled (the refreshing flag is already down): whether it succeeded, and the
   * error when it did not. The host publishes the new data.
   */
  settled(poller: InstancePoller, error: GitLabError | undefined, cause: unknown): void;
  /** The refreshing flag or the data changed. */
  changed(): void;
}

/** setTimeout holds at most 2^31 - 1 ms; longer waits are slept in steps (see `schedule`). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One instance's refresh loop: its own timer, single-flight refresh, backoff and GitLab retry time, so one instance
 * that fails or rate-limits never slows another. Whatever a refresh throws, the next poll is scheduled and the last
 * good view is kept, marked stale with the reason.
 */
export class InstancePoller {
  private inFlight?: { kind: RefreshKind; promise: Promise<void>; controller: AbortController };
  private followUp?: Promise<void>;
  private timer?: ReturnType<typeof setTimeout>;
  private consecutiveFailures = 0;
  private lastAttemptAt?: number;
  /** GitLab's own "retry after" (epoch ms) from the last rate-limited refresh. */
  private retryAt?: number;
  private disposed = false;
  private lastGoodView?: InstanceView;
  /** The last refresh failed with something that is not a GitLab error (an answer of an unexpected shape, a defect). */
  private unexpectedFailure?: GitLabError;

  constructor(
    readonly session: InstanceSession,
    private readonly host: PollerHost,
  ) {}

  get refreshing(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * The session's view, marked stale when the last refresh failed unexpectedly; if it cannot be built at all, the last
   * good one, marked stale with the reason.
   */
  view(): InstanceView {
    let view: InstanceView;
    try {
      view = this.session.view();
      if (!view.error) this.lastGoodView = view;
      if (this.unexpectedFailure && !view.error) view = { ...view, error: this.unexpectedFailure, stale: true };
    } catch (error) {
      this.unexpectedFailure ??= unexpected(this.session.instanceUrl, error);
      view = {
        ...(this.lastGoodView ?? { instanceUrl: this.session.instanceUrl, projects: [] }),
        error: this.unexpectedFailure,
        stale: true,
      };
    }
    return { ...view, nextAttemptAt: view.error ? this.nextAttemptAt() : undefined };
  }

  /** Load on resume: at once if never loaded or due, otherwise when due. */
  resume(): void {
    const neverLoaded = !this.session.hasLoaded;
    if (this.lastAttemptAt === undefined || neverLoaded) {
      void this.refresh('full');
      return;
    }
    const due = this.nextAttemptAt() - Date.now();
    if (due <= 0) void this.refresh('poll');
    else this.schedule(due);
  }

  pause(): void {
    this.clearTimer();
    this.inFlight?.controller.abort();
  }

  /** For a session no longer watched: nothing more is sent or scheduled. */
  dispose(): void {
    this.disposed = true;
    this.pause();
  }

  /** Single-flight, like the engine's refresh; while GitLab's retry time runs, nothing is sent. */
  refresh(kind: RefreshKind): Promise<void> {
    if (this.host.paused() || this.disposed) return Promise.resolve();
    if (this.inFlight) {
      const needsFollowUp =
        kind === 'full' && (this.inFlight.kind === 'poll' || this.inFlight.controller.signal.aborted);
      if (!needsFollowUp) return this.inFlight.promise;
      this.followUp ??= this.inFlight.promise.then(() => {
        this.followUp = undefined;
        return this.refresh('full');
      });
      return this.followUp;
    }
    if (this.retryAt !== undefined && this.retryAt > Date.now()) {
      this.schedule(this.retryAt - Date.now());
      return Promise.resolve();
    }
    this.clearTimer();
    const controller = new AbortController();
    // Every request of this refresh listens to the one signal.
    allowManyListeners(controller.signal);
    const promise = this.run(kind, controller.signal).then((outcome) => {
      this.inFlight = undefined;
      // Scheduled before anyone hears of it: nothing a listener does can stop the loop.
      if (!this.followUp) this.schedule(this.nextAttemptAt() - Date.now());
      try {
        if (outcome) this.host.settled(this, outcome.error, outcome.cause);
        else this.host.changed();
      } catch {
        // The host reports its own failures; the loop goes on regardless.
      }
    });
    this.inFlight = { kind, promise, controller };
    this.host.changed();
    return promise;
  }

  /**
   * Interval (stretched when the rate-limit budget needs it), doubled per consecutive failure up to the cap, and never
   * before GitLab's own retry time.
   */
  nextAttemptAt(): number {
    const interval = this.session.intervalMs(this.host.intervalMs());
    const backoff = Math.min(interval * 2 ** this.consecutiveFailures, Math.max(interval, this.host.maxBackoffMs));
    const fromLast = (this.lastAttemptAt ?? Date.now()) + backoff;
    return Math.max(fromLast, this.retryAt ?? 0);
  }

  /** Never rejects; undefined when cancelled (a cancelled refresh did not happen). */
  private async run(
    kind: RefreshKind,
    signal: AbortSignal,
  ): Promise<{ error: GitLabError | undefined; cause: unknown } | undefined> {
    const started = Date.now();
    let failure: unknown;
    let failed = false;
    try {
      await this.session.refresh(kind, { signal }, this.host.intervalMs());
      // Data that cannot be shown is a failed refresh too (e.g. a web page where a list was expected).
      this.session.view();
    } catch (error) {
      failed = true;
      failure = error;
    }
    // A cancelled refresh did not happen: it must not make the data look fresh.
    if (signal.aborted) return undefined;
    this.lastAttemptAt = started;
    const error = failed
      ? isGitLabError(failure)
        ? failure
        : unexpected(this.session.instanceUrl, failure)
      : undefined;
    this.consecutiveFailures = error ? this.consecutiveFailures + 1 : 0;
    this.retryAt = error?.kind === 'rate-limited' && error.retryAt ? error.retryAt.getTime() : undefined;
    this.unexpectedFailure = failed && !isGitLabError(failure) ? error : undefined;
    return { error, cause: failure };
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.host.paused() || this.disposed) return;
    const wait = Math.max(0, Math.min(delayMs, MAX_TIMER_MS));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const left = this.nextAttemptAt() - Date.now();
      if (left > 0 && wait === MAX_TIMER_MS) this.schedule(left);
      else void this.refresh('poll');
    }, wait);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function unexpected(instanceUrl: string, error: unknown): GitLabError {
  const what = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return new UnexpectedError(`refreshing ${instanceUrl} failed: ${what}`, { cause: error });
}
