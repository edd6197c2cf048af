import { isGitLabError, type GitLabError } from '../errors';
import { instanceCapabilities, type InstanceCapabilities } from '../capabilities';
import type { CallOptions } from '../gitlab/client';
import { readTokenScopes, tokenReach, type TokenReach } from '../gitlab/tokenScopes';
import type { ListCut } from '../gitlab/pagination';
import type { CurrentUser, DeploymentDetail } from '../gitlab/types';
import type { GitLabApi } from './gitlabApi';
import { DEFAULT_POLL_RULES, planPoll, type PollPlan, type PollRules } from './pollPlan';
import { LaterStageDeployments } from './laterStages';
import { LiveDeployments } from './liveDeployments';
import { ProjectDeployments } from './projectDeployments';
import { ProjectFreezeReads } from './projectFreezes';
import { readEachProject } from './projectFailures';
import { ProjectProtections } from './projectProtections';
import { mayManage, newProjectState, type ProjectState } from './projectState';
import { resolveProjectsToWatch, type WatchSettings } from './projectsToWatch';
import { RuleAccounts } from './ruleAccounts';
import type { InstanceView, ProjectView, WatchCoverage } from './snapshot';
import { projectView, type ViewerData } from './views';
import { ViewerRoles } from './viewerRoles';

/**
 * `full` reads the instance, the project list and every planned project's list, and every detail again; `poll` reads
 * the planned projects' lists and only the details that are new, changed or due for their periodic re-read.
 */
export type RefreshKind = 'full' | 'poll';

export interface InstanceSessionOptions {
  rules?: Partial<PollRules>;
  /** The clock (tests and the bench run it virtually). */
  now?: () => number;
  /** The last view kept from an earlier session, shown (marked "not yet refreshed") until the first load succeeds. */
  restored?: InstanceView;
}

/**
 * Everything the engine knows about one GitLab instance, and the requests that keep it current: which projects to
 * read when (the poll plan), and the view of it all. Reading deployments, the user's roles and groups, and projects'
 * protections are each their own part (projectDeployments.ts, viewerRoles.ts, projectProtections.ts).
 */
export class InstanceSession {
  private user?: CurrentUser;
  private tokenReach?: TokenReach;
  private capabilities?: InstanceCapabilities;
  private projects = new Map<number, ProjectState>();
  private readonly roles: ViewerRoles;
  private readonly deployments: ProjectDeployments;
  private readonly protections: ProjectProtections;
  private readonly laterStages: LaterStageDeployments;
  private readonly live: LiveDeployments;
  private readonly ruleAccounts: RuleAccounts;
  private readonly freezes: ProjectFreezeReads;
  private lastError?: GitLabError;
  private lastSuccessAt?: number;
  private projectListReadAt?: number;
  private projectListCut?: ListCut;
  private unresolved: WatchCoverage['unresolved'] = [];
  private polls = 0;
  private plan?: PollPlan;
  private cachedView?: InstanceView;
  private readonly rules: PollRules;
  /** A limit the caller set in the rules wins over what GitLab's headers say. */
  private readonly fixedLimit?: number;
  private readonly now: () => number;
  private restored?: InstanceView;
  /**
   * Project id → its rows kept from an earlier session, shown after the first load too, until this session reads the
   * project (a cold load of a large account leaves quiet projects to later polls) or it is no longer watched.
   */
  private keptRows = new Map<number, ProjectView>();
  /** The user asked to see environments with nothing waiting: read where they may change them, on each full refresh. */
  private environmentsWanted = false;

  constructor(
    readonly client: GitLabApi,
    private readonly watchSettings: () => WatchSettings,
    options: InstanceSessionOptions = {},
  ) {
    this.rules = { ...DEFAULT_POLL_RULES, ...options.rules };
    this.fixedLimit = options.rules?.rateLimitPerMinute;
    this.now = options.now ?? Date.now;
    if (options.restored) this.keep(options.restored);
    this.roles = new ViewerRoles(
      client,
      () => this.user,
      (affects) => {
        for (const state of this.projects.values()) if (affects(state.project)) this.changed(state);
      },
    );
    this.deployments = new ProjectDeployments({
      client,
      roles: this.roles,
      now: this.now,
      capabilities: () => this.capabilities,
      changed: (state) => this.changed(state),
    });
    this.protections = new ProjectProtections(client, (state) => this.changed(state));
    this.ruleAccounts = new RuleAccounts(client, () => {
      for (const state of this.projects.values()) this.changed(state);
    });
    this.laterStages = new LaterStageDeployments(client);
    this.live = new LiveDeployments({
      client,
      detailOf: (id) => this.deployments.detailOf(id),
      changed: (state) => this.changed(state),
    });
    this.freezes = new ProjectFreezeReads({
      client,
      now: this.now,
      available: () => this.capabilities?.deployFreezes === true,
      changed: (state) => this.changed(state),
    });
  }

  get instanceUrl(): string {
    return this.client.instanceUrl;
  }

  /** A refresh has succeeded at least once (a cancelled first load does not count). */
  get hasLoaded(): boolean {
    return this.lastSuccessAt !== undefined;
  }

  /** The interval the last plan needs: the setting, or longer when the rate-limit budget cannot carry it. */
  intervalMs(settingMs: number): number {
    // From one poll's start to the next's (InstancePoller.nextAttemptAt): the plan's period, which counts the time the
    // pace spreads a poll over. A poll that lasts longer is followed as soon as it ends.
    return Math.max(settingMs, Math.ceil(settingMs * (this.plan?.stretch ?? 1)));
  }

  /** Read this deployment's detail on the next refresh, whatever the cache says (after an action, or on demand). */
  invalidateDeployment(deploymentId: number): void {
    this.deployments.invalidate(deploymentId);
  }

  /**
   * Environments with nothing waiting are shown only when asked for: then the environments and protections of the
   * projects whose approvals the user may change are read (now, and again on each full refresh).
   */
  async loadEnvironments(options: CallOptions): Promise<void> {
    this.environmentsWanted = true;
    const wanted = [...this.projects.values()].filter((state) => state.environments === undefined && mayManage(state));
    try {
      await this.protections.readEnvironments(wanted, options);
    } finally {
      this.changed();
    }
  }

  /** Show this kept view until the first load succeeds (ignored once loaded). */
  restore(view: InstanceView): void {
    if (this.hasLoaded) return;
    this.keep(view);
    this.changed();
  }

  private keep(view: InstanceView): void {
    this.restored = view;
    this.keptRows = new Map(view.projects.map((project) => [project.project.id, project]));
  }

  async refresh(kind: RefreshKind, options: CallOptions, intervalMs = 60_000): Promise<void> {
    try {
      const listDue = this.now() - (this.projectListReadAt ?? -Infinity) >= this.rules.projectListPeriodMs;
      if (kind === 'full' || !this.user) await this.loadInstance(options);
      else if (listDue) await this.loadProjectList(options);
      const plan = this.planNext(intervalMs);
      await readEachProject(
        plan.projectIds.map((id) => this.projects.get(id)!),
        (state) => this.deployments.readList(state, options, kind === 'full'),
      );
      if (kind === 'poll') this.polls++;
      // A full refresh is what the Refresh button asks for: every detail again, since others' approvals move no timestamp.
      await this.deployments.readDetails(
        this.projects.values(),
        kind === 'full'
          ? { ids: this.allBlockedIds(), forceAll: true }
          : { poll: this.polls, rereadPolls: this.plan?.detailRereadPolls ?? this.rules.detailRereadPolls },
        options,
      );
      await this.ruleAccounts.read(this.blockedDetails(), this.user?.id, options);
      await this.live.read(
        this.projects.values(),
        kind === 'full'
          ? 'all'
          : { poll: this.polls, rereadPolls: this.plan?.detailRereadPolls ?? this.rules.detailRereadPolls },
        options,
      );
      await this.freezes.read(
        this.projects.values(),
        kind === 'full'
          ? 'all'
          : { poll: this.polls, rereadPolls: this.plan?.detailRereadPolls ?? this.rules.detailRereadPolls },
        options,
      );
      await this.protections.readWhereAmbiguous(this.projects.values(), (state) => this.projectViewOf(state), options);
      if (kind === 'full') await this.protections.readKnown(this.projects.values(), options);
      if (kind === 'full' && this.environmentsWanted) {
        await this.protections.readEnvironments([...this.projects.values()].filter(mayManage), options);
      }
      this.plan = this.planNext(intervalMs);
      this.lastError = undefined;
      this.lastSuccessAt = this.now();
      this.restored = undefined;
      this.dropKeptRowsOfReadProjects();
    } catch (error) {
      if (!isGitLabError(error)) throw error;
      if (error.kind !== 'cancelled') this.lastError = error;
      throw error;
    } finally {
      this.changed();
    }
  }

  /**
   * After an action on one deployment: read that deployment only (one request). One GitLab no longer lists as waiting
   * leaves the list; the rest of the project is left to the next poll.
   */
  async rereadDeployment(projectId: number, deploymentId: number, options: CallOptions): Promise<void> {
    const state = this.projects.get(projectId);
    // A kept row of a project not read yet: the project is read now, so the row says what GitLab says.
    if (state?.lastReadAt === undefined && this.keptRows.has(projectId))
      return this.refreshProject(projectId, false, options);
    // What is live where an approval leaves a job waiting to be run is read on the next poll: an action costs no more.
    if (state?.blocked.some((d) => d.id === deploymentId)) return this.deployments.reread(state, deploymentId, options);
    // A later stage's deployment read for Approve Pipeline (a row once its stage started: the row comes first).
    if (this.laterStages.has(deploymentId)) await this.laterStages.reread(deploymentId, options);
  }

  /**
   * Approve Pipeline: the pipeline's deployments in stages that have not started, read now (1 + k requests), as a view
   * of the project holding only them; undefined before GitLab 16.2, which refuses their approvals, or for a project
   * not watched. Rejects on failure.
   */
  async readLaterStages(
    projectId: number,
    pipelineId: number,
    options: CallOptions,
  ): Promise<{ view: ProjectView; cut?: ListCut } | undefined> {
    const state = this.projects.get(projectId);
    if (!state || !this.capabilities?.approveBeforeStage.available) return undefined;
    const { ids, cut } = await this.laterStages.readPipeline(projectId, pipelineId, options);
    return { view: this.laterStageView(state, ids), cut };
  }

  /** One later-stage deployment as last read (after the re-read that follows an action), as `readLaterStages` gives it. */
  laterStageDeployment(projectId: number, deploymentId: number): ProjectView | undefined {
    const state = this.projects.get(projectId);
    return state && this.laterStages.has(deploymentId) ? this.laterStageView(state, [deploymentId]) : undefined;
  }

  private laterStageView(state: ProjectState, ids: readonly number[]): ProjectView {
    const data = { ...state, blocked: this.laterStages.items(ids), environments: undefined, detailErrors: undefined };
    return projectView(
      { ...data, error: undefined, refused: undefined },
      (id) => this.laterStages.detailOf(id),
      this.viewer(),
    );
  }

  /**
   * Refresh one project now, after an action changed it: its blocked deployments and their details, and with `full`
   * (its protection changed) its protected environments and every detail in it too.
   */
  async refreshProject(projectId: number, full: boolean, options: CallOptions): Promise<void> {
    const state = this.projects.get(projectId);
    if (!state) return;
    try {
      await Promise.all([
        this.deployments.readList(state, options),
        full && mayManage(state) ? this.protections.read(state, options) : undefined,
      ]);
      // A changed protection changes every summary in the project; an action on one deployment changes only that one.
      const ids = new Set(state.blocked.map((d) => d.id));
      await this.deployments.readDetails(this.projects.values(), { ids, forceAll: full }, options);
    } finally {
      this.changed();
    }
  }

  /**
   * The project's protected environments, read now if they were not (they are read on demand: setting required
   * approvals, or knowing whether the user may run a job), so the caller can use the view at once.
   */
  async loadProtections(projectId: number, options: CallOptions): Promise<void> {
    const state = this.projects.get(projectId);
    if (!state || state.protectionsRead) return;
    try {
      await this.protections.read(state, options);
    } finally {
      this.changed();
    }
  }

  /** Built again only after something changed; each project's view only when that project's data changed. */
  view(): InstanceView {
    if (this.cachedView) return this.cachedView;
    if (this.restored && !this.hasLoaded) {
      const error = this.lastError;
      this.cachedView = { ...this.restored, error, stale: true, restoredFrom: this.restored.restoredFrom };
      return this.cachedView;
    }
    this.cachedView = {
      instanceUrl: this.instanceUrl,
      user: this.user,
      capabilities: this.capabilities,
      projects: [...this.projects.values()].map((state) => this.keptOrLiveView(state)),
      error: this.lastError,
      stale: this.lastError !== undefined,
      lastSuccessAt: this.lastSuccessAt,
      coverage: this.coverage(),
      memberships: this.roles.memberships,
      topGroupAccessLevels: this.roles.topGroupLevels,
      ...(this.tokenReach && { tokenReach: this.tokenReach }),
    };
    return this.cachedView;
  }

  /** A project not read yet in this session shows its kept rows: counts move only when GitLab has been asked. */
  private keptOrLiveView(state: ProjectState): ProjectView {
    const kept = state.lastReadAt === undefined ? this.keptRows.get(state.project.id) : undefined;
    return kept ? { ...kept, project: state.project, error: state.error } : this.projectViewOf(state);
  }

  private dropKeptRowsOfReadProjects(): void {
    for (const id of this.keptRows.keys())
      if (this.projects.get(id)?.lastReadAt !== undefined || !this.projects.has(id)) this.keptRows.delete(id);
  }

  private projectViewOf(state: ProjectState): ProjectView {
    return (state.view ??= projectView(state, (id) => this.deployments.detailOf(id), this.viewer()));
  }

  private viewer(): ViewerData {
    return {
      instanceUrl: this.instanceUrl,
      user: this.user,
      memberships: this.roles.memberships,
      topGroupAccessLevels: this.roles.topGroupLevels,
      capabilities: this.capabilities,
      botAccounts: this.ruleAccounts.bots,
      readOnlyToken: this.tokenReach === 'read',
    };
  }

  /** The details read of the deployments listed as blocked. */
  private *blockedDetails(): Iterable<DeploymentDetail> {
    for (const state of this.projects.values())
      for (const item of state.blocked) {
        const detail = this.deployments.detailOf(item.id);
        if (detail) yield detail;
      }
  }

  private coverage(): WatchCoverage | undefined {
    if (!this.plan) return undefined;
    const blockedCuts = [...this.projects.values()]
      .filter((s) => s.blockedCut)
      .map((s) => ({ project: s.project.path_with_namespace, limit: s.blockedCut!.limit }));
    return {
      projects: this.projects.size,
      projectListCut: this.projectListCut,
      blockedCuts,
      unresolved: this.unresolved,
      notYetRead: [...this.projects.values()].filter((s) => s.lastReadAt === undefined).length,
      quietDelayMs: this.plan.quietDelayMs,
      stretchedIntervalMs: this.plan.stretched ? this.plan.intervalMs : undefined,
      requestsPerMinute: this.plan.requestsPerMinute,
      detailRereadPolls: this.plan.detailRereadPolls,
      approvalLagMs: this.plan.approvalLagMs,
      active: this.plan.active,
      quiet: this.plan.quiet,
      rateLimit: this.rateLimit(),
    };
  }

  private changed(project?: ProjectState): void {
    this.cachedView = undefined;
    if (project) project.view = undefined;
  }

  /** What the plan follows: a limit the caller fixed (tests, the bench), else what GitLab's headers taught the client. */
  private rateLimit(): WatchCoverage['rateLimit'] {
    if (this.fixedLimit !== undefined) return { perMinute: this.fixedLimit, learnedFrom: undefined };
    return this.client.rateLimit?.() ?? { perMinute: this.rules.rateLimitPerMinute, learnedFrom: undefined };
  }

  private planNext(intervalMs: number): PollPlan {
    return planPoll({
      candidates: [...this.projects.values()].map((state) => ({
        id: state.project.id,
        lastActivityAt: state.project.last_activity_at,
        pinned: state.named || state.blocked.length > 0,
        lastReadAt: state.lastReadAt,
      })),
      // The live deployments and the deploy freezes followed are re-read on the same spread as the details.
      waitingDetails: this.deployments.waitingForApproval() + this.live.followed() + this.freezes.followed(),
      projectPages: Math.ceil(this.projects.size / 100),
      intervalMs,
      now: this.now(),
      rules: { ...this.rules, rateLimitPerMinute: this.rateLimit().perMinute },
    });
  }

  private async loadInstance(options: CallOptions): Promise<void> {
    const [user, versionInfo, scopes] = await Promise.all([
      this.client.currentUser(options),
      this.client.version(options),
      readTokenScopes(this.client, options),
      this.loadProjectList(options),
    ]);
    const reach = tokenReach(scopes);
    const sameViewer =
      this.user?.id === user.id && JSON.stringify(this.user) === JSON.stringify(user) && this.tokenReach === reach;
    this.tokenReach = reach;
    this.roles.renew(this.user?.id === user.id);
    this.user = user;
    this.capabilities = instanceCapabilities(versionInfo);
    if (!sameViewer) for (const state of this.projects.values()) this.changed(state);
  }

  private async loadProjectList(options: CallOptions): Promise<void> {
    const watched = await resolveProjectsToWatch(this.client, this.watchSettings(), options);
    const previous = this.projects;
    this.projects = new Map(
      watched.projects.map((project) => {
        const state = previous.get(project.id) ?? newProjectState(project);
        if (JSON.stringify(state.project) !== JSON.stringify(project)) this.changed(state);
        state.project = project;
        state.named = watched.namedIds.has(project.id);
        return [project.id, state];
      }),
    );
    this.projectListReadAt = this.now();
    this.projectListCut = watched.listCut;
    this.unresolved = watched.unresolved.map((u) => ({ entry: u.entry, reason: u.error.userMessage }));
    this.changed();
  }

  private allBlockedIds(): Set<number> {
    return new Set([...this.projects.values()].flatMap((state) => state.blocked.map((d) => d.id)));
  }
}
