import { isGitLabError, type GitLabError } from '../errors';
import { Emitter } from '../util/emitter';
import { ApprovalAnswers } from './approvalAnswers';
import type { InstanceSession, RefreshKind } from './instanceSession';
import { InstancePoller, type PollerHost } from './instancePoller';
import type { ListCut } from '../gitlab/pagination';
import {
  allDeployments,
  deploymentKey,
  findDeployment,
  type DeploymentView,
  type InstanceView,
  type LocatedDeployment,
  type ProjectView,
  type Snapshot,
} from './snapshot';
import { coverageNotices } from './views';

export interface RefreshEngineOptions {
  /** The poll interval now (read at each scheduling, so a settings change applies at the next poll). */
  intervalMs: () => number;
  /** The longest wait after repeated failures. */
  maxBackoffMs?: number;
  /** A failure that is not a GitLab error (a bug, or an answer of a shape nobody expected): reported here too. */
  onUnexpectedError?: (error: unknown) => void;
  /**
   * Every failed refresh of an instance (not cancelled ones), and each new problem of one of its projects (a 403 or
   * 404, a record refused for an id that cannot be used), for the log.
   */
  onRefreshFailed?: (instanceUrl: string, error: GitLabError) => void;
  /** What the view says about coverage (cut lists, projects not read yet, a stretched interval), when it changes. */
  onNotices?: (instanceUrl: string, notices: string[]) => void;
}

/**
 * Keeps one snapshot of every signed-in instance fresh: a full load first, then cheap polls on a timer. Each instance
 * has its own loop (InstancePoller): one refresh at a time (callers share it), no requests while paused, exponential
 * backoff after failures (or GitLab's own retry time), and the last good data kept — marked stale, with the reason —
 * when a refresh fails. One instance failing or rate-limited never slows another.
 */
export class RefreshEngine {
  private readonly changed = new Emitter<Snapshot>();
  private readonly newAwaitingMe = new Emitter<DeploymentView[]>();
  /** Fires with the snapshot after every refresh and every state change (refreshing, paused data marked stale…). */
  readonly onDidChange = this.changed.event;
  /**
   * Deployments that started waiting for the user's approval, surely or maybe (`mayAwaitMe`), since the previous
   * refresh (never on a first load).
   */
  readonly onNewAwaitingMe = this.newAwaitingMe.event;

  private pollers: InstancePoller[] = [];
  private paused = true;
  private lastDeployments = new Map<string, DeploymentView>();
  private seenInstances = new Set<string>();
  private readonly host: PollerHost;
  /** Built once per change and shared by every listener and caller until the next change. */
  private current?: Snapshot;
  /** Views kept from an earlier session, shown for instances whose session has not loaded yet. */
  private restored = new Map<string, InstanceView>();
  private lastNotices = new Map<string, string>();
  /** Instance URL → what was last reported of its projects' problems, so each is logged once. */
  private lastProblems = new Map<string, string>();
  private sessionsKnown = false;
  /** What GitLab answered to the user's approvals (refused under a may-rule, not counted), laid over every snapshot. */
  private readonly answers = new ApprovalAnswers();

  constructor(private readonly options: RefreshEngineOptions) {
    this.host = {
      intervalMs: () => this.options.intervalMs(),
      maxBackoffMs: this.options.maxBackoffMs ?? 15 * 60_000,
      paused: () => this.paused,
      settled: (poller, error, cause) => this.settled(poller, error, cause),
      changed: () => this.update(),
    };
  }

  snapshot(): Snapshot {
    this.current ??= {
      // Until the signed-in instances are known, what was kept from the last session.
      instances: (this.sessionsKnown
        ? this.pollers.map((p) => p.view())
        : [...this.restored.values()].map((view) => ({ ...view, stale: true }))
      ).map((view) => this.answers.apply(view)),
      refreshing: this.pollers.some((p) => p.refreshing),
    };
    return this.current;
  }

  /**
   * GitLab answered an approval of this user with 201 and did not count it: the deployment no longer awaits them while
   * approving again would change nothing either (any approval, or under these rule names; approvalAnswers.ts).
   */
  rememberNotCounted(
    view: Pick<DeploymentView, 'instanceUrl' | 'projectId' | 'deployment'>,
    userId: number,
    names: 'every' | readonly string[],
  ): void {
    this.answers.rememberNotCounted(view, userId, names);
    this.update();
  }

  /**
   * Show these views (kept from an earlier session) at once, marked not yet refreshed, until each instance's first
   * load succeeds: the count is there before any request returns.
   */
  restore(views: InstanceView[]): void {
    this.restored = new Map(views.map((view) => [view.instanceUrl, view]));
    for (const poller of this.pollers) {
      const view = this.restored.get(poller.session.instanceUrl);
      if (view) poller.session.restore(view);
    }
    this.update();
  }

  /**
   * Environments with nothing waiting were asked for: read the environments and protections of the projects whose
   * approvals the user may change, now and on each full refresh. Never rejects (failures are logged).
   */
  async loadEnvironments(): Promise<void> {
    await Promise.all(
      this.pollers.map((p) =>
        p.session.loadEnvironments({ userAction: true }).catch((error: unknown) => {
          if (isGitLabError(error)) this.options.onRefreshFailed?.(p.session.instanceUrl, error);
          else this.options.onUnexpectedError?.(error);
        }),
      ),
    );
    this.update();
  }

  /** Read a project's protected environments now if they were not (they are read on demand). Rejects on failure. */
  async loadProtections(instanceUrl: string, projectId: number): Promise<void> {
    await this.sessionOf(instanceUrl)?.loadProtections(projectId, { userAction: true });
    this.update();
  }

  /** Replace the instances watched (sign in, sign out, settings change); loads them fully unless paused. */
  setSessions(sessions: InstanceSession[]): Promise<void> {
    const previous = new Map(this.pollers.map((p) => [p.session, p]));
    // A kept session keeps its loop (and its backoff); its refresh under way is cancelled, since the settings changed.
    this.pollers = sessions.map((session) => previous.get(session) ?? new InstancePoller(session, this.host));
    for (const session of sessions) {
      const view = this.restored.get(session.instanceUrl);
      if (view && !previous.has(session)) session.restore(view);
    }
    for (const [session, poller] of previous) {
      if (sessions.includes(session)) poller.pause();
      else poller.dispose();
    }
    const urls = new Set(sessions.map((s) => s.instanceUrl));
    this.sessionsKnown = true;
    // Kept views of instances no longer signed in to are never shown again.
    for (const url of this.restored.keys()) if (!urls.has(url)) this.restored.delete(url);
    for (const url of this.seenInstances) if (!urls.has(url)) this.seenInstances.delete(url);
    this.update();
    return this.paused ? Promise.resolve() : this.refresh('full');
  }

  /** Start polling (the window has focus). Data older than one interval is refreshed at once. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const poller of this.pollers) poller.resume();
  }

  /** Stop all requests (the window lost focus): the timers stop and refreshes under way are cancelled. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const poller of this.pollers) poller.pause();
  }

  /**
   * Refresh every instance now; concurrent callers share each instance's refresh. A `full` asked for during a poll
   * runs right after it. Resolves when done; never rejects (failures land in the snapshot). Does nothing while paused.
   */
  async refresh(kind: RefreshKind = 'poll'): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.refresh(kind)));
  }

  /**
   * After an action on a deployment, whatever its outcome: re-read that deployment only (one request). Never rejects
   * (a failure is logged; the next poll reads it again).
   */
  async refreshDeployment(
    view: Pick<DeploymentView, 'instanceUrl' | 'projectId'> & { deployment: { id: number } },
  ): Promise<void> {
    const session = this.sessionOf(view.instanceUrl);
    if (!session) return;
    try {
      await session.rereadDeployment(view.projectId, view.deployment.id, { userAction: true });
    } catch (error) {
      session.invalidateDeployment(view.deployment.id);
      if (isGitLabError(error)) this.options.onRefreshFailed?.(view.instanceUrl, error);
      else this.options.onUnexpectedError?.(error);
    }
    this.current = undefined;
    this.emitDifferences(new Set([session.instanceUrl]));
    this.fireChanged();
  }

  /**
   * GitLab refused the user's approval of this deployment under rules they only may match (`reason` in its words):
   * from now on those rules are not offered, and the deployment is not counted as awaiting the user for them.
   */
  rememberApprovalRefusal(
    view: Pick<DeploymentView, 'instanceUrl' | 'projectId' | 'deployment'>,
    ruleIds: number[],
    reason: string,
  ): void {
    this.answers.remember(view, ruleIds, reason);
    this.update();
  }

  /**
   * Approve Pipeline: the pipeline's deployments in stages that have not started, which GitLab 16.2+ lets approve
   * ahead (none before, and none of an instance or project not watched). Not part of the snapshot. Rejects on failure.
   */
  async laterStageDeployments(
    instanceUrl: string,
    projectId: number,
    pipelineId: number,
  ): Promise<{ deployments: LocatedDeployment[]; cut?: ListCut }> {
    const read = await this.sessionOf(instanceUrl)?.readLaterStages(projectId, pipelineId, { userAction: true });
    const instance = this.snapshot().instances.find((i) => i.instanceUrl === instanceUrl);
    if (!read || !instance) return { deployments: [] };
    return { deployments: locatedIn(instance, read.view), cut: read.cut };
  }

  /**
   * A deployment as the engine has it now: a row of the snapshot, or a later-stage one read for Approve Pipeline (as
   * its last re-read left it). The action runner compares before and after with it.
   */
  locate(
    view: Pick<DeploymentView, 'instanceUrl' | 'projectId'> & { deployment: { id: number } },
  ): LocatedDeployment | undefined {
    const snapshot = this.snapshot();
    const found = findDeployment(snapshot, deploymentKey(view));
    if (found) return found;
    const later = this.sessionOf(view.instanceUrl)?.laterStageDeployment(view.projectId, view.deployment.id);
    const instance = snapshot.instances.find((i) => i.instanceUrl === view.instanceUrl);
    return later && instance ? locatedIn(instance, later)[0] : undefined;
  }

  /** GitLab refused (403) to run this deployment's job for this user: Run is no longer offered nor counted there. */
  rememberRunRefused(view: Pick<DeploymentView, 'instanceUrl' | 'projectId' | 'deployment'>, userId: number): void {
    this.answers.rememberRunRefused(view, userId);
    this.update();
  }

  /** After an action on a project (e.g. its protection changed): re-read that project only. Never rejects. */
  async refreshProject(instanceUrl: string, projectId: number, full: boolean): Promise<void> {
    const session = this.sessionOf(instanceUrl);
    if (!session) return;
    try {
      await session.refreshProject(projectId, full, {});
    } catch (error) {
      if (isGitLabError(error)) this.options.onRefreshFailed?.(instanceUrl, error);
      else this.options.onUnexpectedError?.(error);
    }
    this.current = undefined;
    this.emitDifferences(new Set([session.instanceUrl]));
    this.fireChanged();
  }

  dispose(): void {
    this.pause();
    this.changed.dispose();
    this.newAwaitingMe.dispose();
  }

  private sessionOf(instanceUrl: string): InstanceSession | undefined {
    return this.pollers.find((p) => p.session.instanceUrl === instanceUrl)?.session;
  }

  /** After a refresh that was not cancelled: one snapshot, compared with the last for the events, then fired. */
  private settled(poller: InstancePoller, error: GitLabError | undefined, cause: unknown): void {
    this.current = undefined;
    if (error) {
      if (!isGitLabError(cause) && cause !== undefined) this.options.onUnexpectedError?.(cause);
      this.options.onRefreshFailed?.(poller.session.instanceUrl, error);
    }
    try {
      this.emitDifferences(error ? new Set() : new Set([poller.session.instanceUrl]));
    } finally {
      this.fireChanged();
    }
  }

  /** Listeners are the shell's; one that throws must not stop a refresh loop or the other listeners' news. */
  /** Something changed: one new snapshot, for every listener. */
  private update(): void {
    this.current = undefined;
    this.fireChanged();
  }

  private fireChanged(): void {
    let snapshot: Snapshot;
    try {
      snapshot = this.snapshot();
      this.reportNotices(snapshot);
      this.reportProjectProblems(snapshot);
      this.changed.fire(snapshot);
    } catch (error) {
      this.options.onUnexpectedError?.(error);
    }
  }

  private reportNotices(snapshot: Snapshot): void {
    for (const instance of snapshot.instances) {
      const notices = coverageNotices(instance.coverage, this.options.intervalMs());
      const key = notices.join('\n');
      if ((this.lastNotices.get(instance.instanceUrl) ?? '') === key) continue;
      this.lastNotices.set(instance.instanceUrl, key);
      if (notices.length) this.options.onNotices?.(instance.instanceUrl, notices);
    }
  }

  private reportProjectProblems(snapshot: Snapshot): void {
    for (const instance of snapshot.instances) {
      if (instance.restoredFrom !== undefined) continue;
      const reported = this.lastProblems.get(instance.instanceUrl) ?? '';
      const problems = instance.projects.flatMap((p) => (p.error ? [p.error] : []));
      const key = problems.map((error) => error.detail).join('\n');
      if (key === reported) continue;
      this.lastProblems.set(instance.instanceUrl, key);
      const before = new Set(reported.split('\n'));
      for (const error of problems)
        if (!before.has(error.detail)) this.options.onRefreshFailed?.(instance.instanceUrl, error);
    }
  }

  private emitDifferences(refreshedInstances: Set<string>): void {
    const current = new Map(allDeployments(this.snapshot()).map((d) => [deploymentKey(d), d]));
    const fresh: DeploymentView[] = [];
    for (const [key, view] of current) {
      const before = this.lastDeployments.get(key);
      // A deployment that may await the user (GitLab decides) is news as much as one that surely does.
      const awaits = (d?: DeploymentView) => d?.awaitingMe === true || d?.mayAwaitMe === true;
      if (awaits(view) && !awaits(before) && this.seenInstances.has(view.instanceUrl)) fresh.push(view);
    }
    // Keep what failed instances last showed, so their deployments are not reported as new again later.
    for (const [key, view] of this.lastDeployments)
      if (!refreshedInstances.has(view.instanceUrl) && !current.has(key)) current.set(key, view);
    this.lastDeployments = current;
    for (const url of refreshedInstances) this.seenInstances.add(url);
    if (fresh.length) this.newAwaitingMe.fire(fresh);
  }
}

/** The deployments of a project view (not in the snapshot) with where they sit. */
function locatedIn(instance: InstanceView, project: ProjectView): LocatedDeployment[] {
  return project.environments.flatMap((environment) =>
    environment.deployments.map((view) => ({ instance, project, environment, view, deployment: view.deployment })),
  );
}
