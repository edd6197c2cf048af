import { setMaxListeners } from 'node:events';
import { isGitLabError, type GitLabError } from '../errors';
import { Emitter } from '../util/emitter';
import type { InstanceSession, RefreshKind } from './instanceSession';
import { allDeployments, deploymentKey, type DeploymentView, type Snapshot } from './snapshot';

export interface RefreshEngineOptions {
  /** The poll interval now (read at each scheduling, so a settings change applies at the next poll). */
  intervalMs: () => number;
  /** The longest wait after repeated failures. */
  maxBackoffMs?: number;
  /** A failure that is not a GitLab error (a bug): reported here, and counted as a failed refresh. */
  onUnexpectedError?: (error: unknown) => void;
}

/**
 * Keeps one snapshot of every signed-in instance fresh: a full load first, then cheap polls on a timer. One refresh
 * at a time (callers share it), no requests while paused, exponential backoff after failures (or GitLab's own
 * retry time), and the last good data kept — marked stale, with the reason — when a refresh fails.
 */
export class RefreshEngine {
  private readonly changed = new Emitter<Snapshot>();
  private readonly newAwaitingMe = new Emitter<DeploymentView[]>();
  private readonly resolved = new Emitter<DeploymentView[]>();
  /** Fires with the snapshot after every refresh and every state change (refreshing, paused data marked stale…). */
  readonly onDidChange = this.changed.event;
  /** Deployments that started waiting for the user's approval since the previous refresh (never on a first load). */
  readonly onNewAwaitingMe = this.newAwaitingMe.event;
  /** Deployments that are no longer blocked: run, rejected, cancelled or removed. */
  readonly onResolved = this.resolved.event;

  private sessions: InstanceSession[] = [];
  private paused = true;
  private inFlight?: { kind: RefreshKind; promise: Promise<void>; controller: AbortController };
  /** A full refresh asked for while another refresh was under way; it starts when that one ends. */
  private followUp?: Promise<void>;
  private timer?: ReturnType<typeof setTimeout>;
  private consecutiveFailures = 0;
  private lastAttemptAt?: number;
  /** GitLab's own "retry after" (epoch ms) from the last rate-limited refresh. */
  private retryAt?: number;
  private lastDeployments = new Map<string, DeploymentView>();
  private seenInstances = new Set<string>();

  constructor(private readonly options: RefreshEngineOptions) {}

  snapshot(): Snapshot {
    return { instances: this.sessions.map((s) => s.view()), refreshing: this.inFlight !== undefined };
  }

  /** Replace the instances watched (sign in, sign out, settings change); loads them fully unless paused. */
  setSessions(sessions: InstanceSession[]): Promise<void> {
    this.inFlight?.controller.abort();
    this.sessions = sessions;
    const urls = new Set(sessions.map((s) => s.instanceUrl));
    for (const url of this.seenInstances) if (!urls.has(url)) this.seenInstances.delete(url);
    this.changed.fire(this.snapshot());
    return this.paused ? Promise.resolve() : this.refresh('full');
  }

  /** Start polling (the window has focus). Data older than one interval is refreshed at once. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // A session that never finished loading (e.g. its load was cancelled by a pause) is loaded now, whatever the clock says.
    const neverLoaded = this.sessions.some((s) => !s.hasLoaded);
    const due =
      this.lastAttemptAt === undefined || neverLoaded ? 0 : this.lastAttemptAt + this.currentDelayMs() - Date.now();
    if (due <= 0) void this.refresh(this.lastAttemptAt === undefined || neverLoaded ? 'full' : 'poll');
    else this.schedule(due);
  }

  /** Stop all requests (the window lost focus): the timer stops and a refresh under way is cancelled. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.clearTimer();
    this.inFlight?.controller.abort();
  }

  /**
   * Refresh now; concurrent callers share one refresh. A `full` asked for during a poll runs right after it.
   * Resolves when done; never rejects (failures land in the snapshot). Does nothing while paused.
   */
  refresh(kind: RefreshKind = 'poll'): Promise<void> {
    if (this.paused) return Promise.resolve();
    if (this.inFlight) {
      // A poll cannot stand in for a full load, nor can a refresh that was cancelled (sessions replaced).
      const needsFollowUp =
        kind === 'full' && (this.inFlight.kind === 'poll' || this.inFlight.controller.signal.aborted);
      if (!needsFollowUp) return this.inFlight.promise;
      this.followUp ??= this.inFlight.promise.then(() => {
        this.followUp = undefined;
        return this.refresh('full');
      });
      return this.followUp;
    }
    this.clearTimer();
    const controller = new AbortController();
    // Every request of this refresh listens to the one signal.
    setMaxListeners(0, controller.signal);
    const promise = this.run(kind, controller.signal).finally(() => {
      this.inFlight = undefined;
      this.changed.fire(this.snapshot());
      if (!this.followUp) this.schedule(this.currentDelayMs());
    });
    this.inFlight = { kind, promise, controller };
    this.changed.fire(this.snapshot());
    return promise;
  }

  /** After an action on a deployment: re-read its project's blocked list and that deployment's detail only. */
  refreshDeployment(
    view: Pick<DeploymentView, 'instanceUrl' | 'projectId'> & { deployment: { id: number } },
  ): Promise<void> {
    this.sessions.find((s) => s.instanceUrl === view.instanceUrl)?.invalidateDeployment(view.deployment.id);
    return this.refreshProject(view.instanceUrl, view.projectId, false);
  }

  /** After an action on a project (e.g. its protection changed): re-read that project only. */
  async refreshProject(instanceUrl: string, projectId: number, full: boolean): Promise<void> {
    const session = this.sessions.find((s) => s.instanceUrl === instanceUrl);
    if (!session) return;
    await session.refreshProject(projectId, full, {}).catch((error: unknown) => {
      if (!isGitLabError(error)) throw error;
    });
    this.emitDifferences(new Set([session.instanceUrl]));
    this.changed.fire(this.snapshot());
  }

  dispose(): void {
    this.pause();
    this.changed.dispose();
    this.newAwaitingMe.dispose();
    this.resolved.dispose();
  }

  private async run(kind: RefreshKind, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    const results = await Promise.allSettled(this.sessions.map((session) => session.refresh(kind, { signal })));
    // A cancelled refresh did not happen: it must not make the data look fresh.
    if (signal.aborted) return;
    this.lastAttemptAt = started;
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    for (const unexpected of failures.filter((e) => !isGitLabError(e))) this.options.onUnexpectedError?.(unexpected);
    this.consecutiveFailures = failures.length > 0 ? this.consecutiveFailures + 1 : 0;
    this.retryAt = latestRetryAt(failures.filter(isGitLabError));
    const refreshed = new Set(
      this.sessions.filter((_, i) => results[i].status === 'fulfilled').map((s) => s.instanceUrl),
    );
    this.emitDifferences(refreshed);
  }

  /** Interval, doubled per consecutive failure up to the cap, and never before GitLab's own retry time. */
  private currentDelayMs(): number {
    const interval = this.options.intervalMs();
    const backoff = Math.min(
      interval * 2 ** this.consecutiveFailures,
      Math.max(interval, this.options.maxBackoffMs ?? 15 * 60_000),
    );
    const untilRetry = this.retryAt === undefined ? 0 : this.retryAt - Date.now();
    return Math.max(backoff, untilRetry);
  }

  private emitDifferences(refreshedInstances: Set<string>): void {
    const current = new Map(allDeployments(this.snapshot()).map((d) => [deploymentKey(d), d]));
    const fresh: DeploymentView[] = [];
    const gone: DeploymentView[] = [];
    for (const [key, view] of current) {
      const before = this.lastDeployments.get(key);
      if (view.awaitingMe && !before?.awaitingMe && this.seenInstances.has(view.instanceUrl)) fresh.push(view);
    }
    for (const [key, view] of this.lastDeployments) {
      if (!current.has(key) && refreshedInstances.has(view.instanceUrl)) gone.push(view);
    }
    // Keep what failed instances last showed, so their deployments are not reported as resolved later.
    for (const [key, view] of this.lastDeployments)
      if (!refreshedInstances.has(view.instanceUrl) && !current.has(key)) current.set(key, view);
    this.lastDeployments = current;
    for (const url of refreshedInstances) this.seenInstances.add(url);
    if (fresh.length) this.newAwaitingMe.fire(fresh);
    if (gone.length) this.resolved.fire(gone);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.paused || this.sessions.length === 0) return;
    this.timer = setTimeout(() => void this.refresh('poll'), delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function latestRetryAt(failures: readonly GitLabError[]): number | undefined {
  const times = failures.flatMap((e) => (e.kind === 'rate-limited' && e.retryAt ? [e.retryAt.getTime()] : []));
  return times.length ? Math.max(...times) : undefined;
}
