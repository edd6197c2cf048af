import { classifyBlockedDeployment, listedAsWaiting } from '../approvals/classify';
import {
  canManageProtectedEnvironments,
  instanceCapabilities,
  projectAccessLevel,
  type InstanceCapabilities,
} from '../capabilities';
import { isGitLabError, type GitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { ListCut } from '../gitlab/pagination';
import { AccessLevel, type CurrentUser, type DeploymentDetail, type DeploymentListItem } from '../gitlab/types';
import type { ProjectSummary } from '../gitlab/types';
import { DEFAULT_POLL_RULES, isRereadDue, planPoll, type PollPlan, type PollRules } from './pollPlan';
import { resolveProjectsToWatch, type WatchSettings } from './projectsToWatch';
import type { InstanceView, ProjectView, WatchCoverage } from './snapshot';
import { projectView, type ProjectData } from './views';

export type GitLabApi = Pick<
  GitLabClient,
  | 'instanceUrl'
  | 'version'
  | 'currentUser'
  | 'project'
  | 'memberProjects'
  | 'environments'
  | 'protectedEnvironments'
  | 'blockedDeployments'
  | 'createdDeployments'
  | 'deployment'
  | 'groupMembership'
  | 'projectMemberAccessLevel'
  | 'groupMemberAccessLevel'
>;

/**
 * `full` reads the instance, the project list and every planned project's list, and every detail again; `poll` reads
 * the planned projects' lists and only the details that are new, changed or due for their periodic re-read.
 */
export type RefreshKind = 'full' | 'poll';

interface ProjectState extends ProjectData {
  /** Named in a setting or a git remote: read on every poll, whatever its activity. */
  named: boolean;
  /** Epoch ms of the last read of its blocked list. */
  lastReadAt?: number;
  /** A read of its protected environments was tried (they are read on demand, once). */
  protectionsTried: boolean;
  /** The derived view, kept until this project's data changes. */
  view?: ProjectView;
}

interface CachedDetail {
  detail: DeploymentDetail;
  /** The list item's `updated_at` when the detail was read: a new value means the deployment changed. */
  updatedAt: string;
  /** The detail as read, to tell a re-read that changed something from one that did not. */
  json: string;
}

export interface InstanceSessionOptions {
  rules?: Partial<PollRules>;
  /** The clock (tests and the bench run it virtually). */
  now?: () => number;
  /** The last view kept from an earlier session, shown (marked "not yet refreshed") until the first load succeeds. */
  restored?: InstanceView;
}

/** Everything the engine knows about one GitLab instance, and the requests that keep it current. */
export class InstanceSession {
  private user?: CurrentUser;
  private capabilities?: InstanceCapabilities;
  private projects = new Map<number, ProjectState>();
  private details = new Map<number, CachedDetail>();
  /** Group id → the user's membership, read again on each full refresh. */
  private memberships = new Map<number, { direct: boolean; inherited: boolean }>();
  private membershipRequests = new Map<number, Promise<void>>();
  /** Top-level group path → the user's role there, read once per full refresh where role rules need it. */
  private topGroupLevels = new Map<string, Promise<number>>();
  private settledTopGroupLevels = new Map<string, number>();
  private lastError?: GitLabError;
  private lastSuccessAt?: number;
  private detailsToForce = new Set<number>();
  private projectListReadAt?: number;
  private projectListCut?: ListCut;
  private unresolved: WatchCoverage['unresolved'] = [];
  private polls = 0;
  private plan?: PollPlan;
  private cachedView?: InstanceView;
  private readonly rules: PollRules;
  private readonly now: () => number;
  private restored?: InstanceView;
  /** The user asked to see environments with nothing waiting: read where they may change them, on each full refresh. */
  private environmentsWanted = false;

  constructor(
    readonly client: GitLabApi,
    private readonly watchSettings: () => WatchSettings,
    options: InstanceSessionOptions = {},
  ) {
    this.rules = { ...DEFAULT_POLL_RULES, ...options.rules };
    this.now = options.now ?? Date.now;
    this.restored = options.restored;
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
    return Math.ceil(settingMs * (this.plan?.stretch ?? 1));
  }

  /** Read this deployment's detail on the next refresh, whatever the cache says (after an action, or on demand). */
  invalidateDeployment(deploymentId: number): void {
    this.detailsToForce.add(deploymentId);
  }

  /**
   * Environments with nothing waiting are shown only when asked for: then the environments and protections of the
   * projects whose approvals the user may change are read (now, and again on each full refresh).
   */
  async loadEnvironments(options: CallOptions): Promise<void> {
    this.environmentsWanted = true;
    const wanted = [...this.projects.values()].filter(
      (state) => state.environments === undefined && this.mayManage(state),
    );
    try {
      await this.forEachProject(wanted, (state) => this.readEnvironments(state, options));
    } finally {
      this.changed();
    }
  }

  /** Show this kept view until the first load succeeds (ignored once loaded). */
  restore(view: InstanceView): void {
    if (this.hasLoaded) return;
    this.restored = view;
    this.changed();
  }

  async refresh(kind: RefreshKind, options: CallOptions, intervalMs = 60_000): Promise<void> {
    try {
      const listDue = this.now() - (this.projectListReadAt ?? -Infinity) >= this.rules.projectListPeriodMs;
      if (kind === 'full' || !this.user) await this.loadInstance(options);
      else if (listDue) await this.loadProjectList(options);
      const plan = this.planNext(intervalMs);
      await this.forEachProject(
        plan.projectIds.map((id) => this.projects.get(id)!),
        (state) => this.readBlocked(state, options, kind === 'full'),
      );
      if (kind === 'poll') this.polls++;
      // A full refresh is what the Refresh button asks for: every detail again, since others' approvals move no timestamp.
      await this.refreshDetails(options, kind === 'full' ? { ids: this.allBlockedIds(), forceAll: true } : undefined);
      await this.readProtectionsWhereAmbiguous(options);
      if (kind === 'full') await this.readKnownProtections(options);
      if (kind === 'full' && this.environmentsWanted) {
        const manageable = [...this.projects.values()].filter((state) => this.mayManage(state));
        await this.forEachProject(manageable, (state) => this.readEnvironments(state, options));
      }
      this.plan = this.planNext(intervalMs);
      this.lastError = undefined;
      this.lastSuccessAt = this.now();
      this.restored = undefined;
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
    if (!state?.blocked.some((d) => d.id === deploymentId)) return;
    try {
      const detail = await this.client.deployment(projectId, deploymentId, options);
      this.detailsToForce.delete(deploymentId);
      if (!listedAsWaiting(detail)) {
        state.blocked = state.blocked.filter((d) => d.id !== deploymentId);
        this.details.delete(deploymentId);
        return;
      }
      state.blocked = state.blocked.map((d) => (d.id === deploymentId ? detail : d));
      this.details.set(deploymentId, { detail, updatedAt: detail.updated_at, json: JSON.stringify(detail) });
    } finally {
      this.changed(state);
    }
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
        this.readBlocked(state, options),
        full && canManageProtectedEnvironments(state.project, state.accessLevel ?? projectAccessLevel(state.project))
          ? this.readProtections(state, options)
          : undefined,
      ]);
      // A changed protection changes every summary in the project; an action on one deployment changes only that one.
      await this.refreshDetails(options, { ids: new Set(state.blocked.map((d) => d.id)), forceAll: full });
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
      await this.readProtections(state, options);
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
      projects: [...this.projects.values()].map((state) => this.projectViewOf(state)),
      error: this.lastError,
      stale: this.lastError !== undefined,
      lastSuccessAt: this.lastSuccessAt,
      coverage: this.coverage(),
      memberships: this.memberships,
      topGroupAccessLevels: this.settledTopGroupLevels,
    };
    return this.cachedView;
  }

  private projectViewOf(state: ProjectState): ProjectView {
    const viewer = {
      instanceUrl: this.instanceUrl,
      user: this.user,
      memberships: this.memberships,
      topGroupAccessLevels: this.settledTopGroupLevels,
    };
    return (state.view ??= projectView(state, (id) => this.details.get(id)?.detail, viewer));
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
      active: this.plan.active,
    };
  }

  private changed(project?: ProjectState): void {
    this.cachedView = undefined;
    if (project) project.view = undefined;
  }

  private planNext(intervalMs: number): PollPlan {
    return planPoll({
      candidates: [...this.projects.values()].map((state) => ({
        id: state.project.id,
        lastActivityAt: state.project.last_activity_at,
        pinned: state.named || state.blocked.length > 0,
        lastReadAt: state.lastReadAt,
      })),
      waitingDetails: [...this.details.values()].filter(
        (d) => classifyBlockedDeployment(d.detail) === 'waiting-for-approval',
      ).length,
      projectPages: Math.ceil(this.projects.size / 100),
      intervalMs,
      now: this.now(),
      rules: this.rules,
    });
  }

  private async loadInstance(options: CallOptions): Promise<void> {
    const [user, versionInfo] = await Promise.all([
      this.client.currentUser(options),
      this.client.version(options),
      this.loadProjectList(options),
    ]);
    const sameViewer = this.user?.id === user.id && JSON.stringify(this.user) === JSON.stringify(user);
    if (this.user?.id !== user.id) this.memberships.clear();
    this.user = user;
    this.capabilities = instanceCapabilities(versionInfo);
    this.membershipRequests.clear();
    this.topGroupLevels.clear();
    if (!sameViewer) for (const state of this.projects.values()) this.changed(state);
  }

  private async loadProjectList(options: CallOptions): Promise<void> {
    const watched = await resolveProjectsToWatch(this.client, this.watchSettings(), options);
    const previous = this.projects;
    this.projects = new Map(
      watched.projects.map((project) => {
        const state = previous.get(project.id) ?? {
          project,
          blocked: [],
          protections: [],
          protectionsRead: false,
          protectionsTried: false,
          named: false,
        };
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

  private async forEachProject(states: ProjectState[], run: (state: ProjectState) => Promise<void>): Promise<void> {
    // The client's concurrency cap spreads these; one failing project must not hide the others.
    const results = await Promise.allSettled(states.map(run));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    const instanceWide = failures.find((e) => !isProjectScoped(e));
    if (instanceWide) throw instanceWide;
  }

  private async readBlocked(state: ProjectState, options: CallOptions, full = false): Promise<void> {
    try {
      const { list: blocked, cut } = await this.waitingDeployments(state.project.id, options);
      state.lastReadAt = this.now();
      // The effective role matters only where something waits (rows, menus): read where needed, not per project.
      const accessLevel =
        blocked.length > 0 && (full || state.accessLevel === undefined)
          ? await this.effectiveAccessLevel(state.project, options)
          : state.accessLevel;
      const same =
        !state.error &&
        state.accessLevel === accessLevel &&
        state.blockedCut?.limit === cut?.limit &&
        JSON.stringify(state.blocked) === JSON.stringify(blocked);
      if (same) return;
      Object.assign(state, { blocked, blockedCut: cut, accessLevel, error: undefined });
      this.changed(state);
    } catch (error) {
      if (isProjectScoped(error)) {
        state.error = error;
        this.changed(state);
      }
      throw error;
    }
  }

  /**
   * The project's `permissions` leave out groups the project is shared with, which GitLab's own checks count; so below
   * Maintainer (the highest role any rule asks for) the effective level is read from `members/all`
   * (docs/gitlab-behaviour.md#access-levels-and-shares).
   */
  private async effectiveAccessLevel(project: ProjectSummary, options: CallOptions): Promise<number> {
    const listed = projectAccessLevel(project);
    if (listed >= AccessLevel.maintainer || !this.user) return listed;
    return Math.max(listed, await this.client.projectMemberAccessLevel(project.id, this.user.id, options));
  }

  /**
   * Deployments that wait for a person. From 16.3 they are all `blocked`; before, an approved or plain manual one
   * waited as `created` with its job still `manual` (docs/gitlab-behaviour.md#deployment-statuses).
   */
  private async waitingDeployments(
    projectId: number,
    options: CallOptions,
  ): Promise<{ list: DeploymentListItem[]; cut?: ListCut }> {
    if (!this.capabilities || this.capabilities.waitingDeploymentsStayBlocked) {
      const blocked = await this.client.blockedDeployments(projectId, options);
      return { list: [...blocked], cut: blocked.truncated };
    }
    const [blocked, created] = await Promise.all([
      this.client.blockedDeployments(projectId, options),
      this.client.createdDeployments(projectId, options),
    ]);
    const waiting = created.filter(listedAsWaiting);
    return {
      list: [...blocked, ...waiting].sort((a, b) => b.id - a.id),
      cut: blocked.truncated ?? created.truncated,
    };
  }

  private mayManage(state: ProjectState): boolean {
    return canManageProtectedEnvironments(state.project, state.accessLevel ?? projectAccessLevel(state.project));
  }

  private async readEnvironments(state: ProjectState, options: CallOptions): Promise<void> {
    const [environments] = await Promise.all([
      this.client.environments(state.project.id, options),
      this.readProtections(state, options),
    ]);
    state.environments = [...environments];
    this.changed(state);
  }

  private async readProtections(state: ProjectState, options: CallOptions): Promise<void> {
    state.protectionsTried = true;
    const protections = await this.client.protectedEnvironments(state.project.id, options).catch(undefinedIfForbidden);
    Object.assign(state, { protections: protections ?? [], protectionsRead: protections !== undefined });
    this.changed(state);
  }

  /**
   * Whether a role rule is the project's own or a group-level one decides whether it surely matches, and only the
   * project's protection tells (eligibility.ts): where a waiting deployment is left at "may await you" and the user
   * may read it, read it, once. The role in the top-level group settles most cases without this.
   */
  private async readProtectionsWhereAmbiguous(options: CallOptions): Promise<void> {
    const ambiguous = (view: ProjectView) =>
      view.environments.some((e) =>
        e.deployments.some(
          (d) => d.state === 'waiting-for-approval' && d.eligibility?.reason === 'may-match-group-rule',
        ),
      );
    const wanted = [...this.projects.values()].filter(
      (state) =>
        state.blocked.length > 0 &&
        !state.protectionsTried &&
        canManageProtectedEnvironments(state.project, state.accessLevel ?? projectAccessLevel(state.project)) &&
        ambiguous(this.projectViewOf(state)),
    );
    await this.forEachProject(wanted, (state) => this.readProtections(state, options));
  }

  /** A full refresh reads again the protections read before (on demand), so what they say stays current. */
  private async readKnownProtections(options: CallOptions): Promise<void> {
    const known = [...this.projects.values()].filter((state) => state.protectionsTried);
    await this.forEachProject(known, (state) => this.readProtections(state, options));
  }

  /** Without `scope`, a poll's rules; with it, only those deployments, read if forced, invalidated, new or changed. */
  private async refreshDetails(options: CallOptions, scope?: { ids: Set<number>; forceAll: boolean }): Promise<void> {
    const wanted: { state: ProjectState; item: DeploymentListItem }[] = [];
    const stillBlocked = new Set<number>();
    for (const state of this.projects.values()) {
      for (const item of state.blocked) {
        stillBlocked.add(item.id);
        if (scope && !scope.ids.has(item.id)) continue;
        const needed = scope ? scope.forceAll || this.changedSinceRead(item) : this.needsDetailOnPoll(item);
        if (needed) wanted.push({ state, item });
      }
    }
    for (const id of this.details.keys()) if (!stillBlocked.has(id)) this.details.delete(id);

    await Promise.all(
      wanted.map(async ({ state, item }) => {
        const detail = await this.client.deployment(state.project.id, item.id, options);
        const json = JSON.stringify(detail);
        const cached = this.details.get(item.id);
        this.detailsToForce.delete(item.id);
        if (cached?.json === json) cached.updatedAt = item.updated_at;
        else {
          this.details.set(item.id, { detail, updatedAt: item.updated_at, json });
          this.changed(state);
        }
        await this.loadMembershipsFor(detail, options);
        await this.loadTopGroupLevelFor(state, detail, options);
      }),
    );
  }

  /**
   * A role rule may come from a group-level protected environment, where GitLab checks the role in that group
   * (docs/gitlab-behaviour.md#group-level-protected-environments); the role in the top-level group settles most cases.
   */
  private async loadTopGroupLevelFor(
    state: ProjectState,
    detail: DeploymentDetail,
    options: CallOptions,
  ): Promise<void> {
    const topGroup = topGroupOf(state.project);
    const user = this.user;
    if (!topGroup || !user || !(detail.approval_summary?.rules ?? []).some((r) => r.access_level !== null)) return;
    if (!this.topGroupLevels.has(topGroup)) {
      const request = this.client.groupMemberAccessLevel(topGroup, user.id, options);
      this.topGroupLevels.set(topGroup, request);
      request.catch(() => this.topGroupLevels.delete(topGroup));
    }
    const level = await this.topGroupLevels.get(topGroup)!;
    if (this.settledTopGroupLevels.get(topGroup) === level) return;
    this.settledTopGroupLevels.set(topGroup, level);
    for (const other of this.projects.values()) if (topGroupOf(other.project) === topGroup) this.changed(other);
  }

  private allBlockedIds(): Set<number> {
    return new Set([...this.projects.values()].flatMap((state) => state.blocked.map((d) => d.id)));
  }

  /** New, invalidated (after an action), or its `updated_at` moved. */
  private changedSinceRead(item: DeploymentListItem): boolean {
    const cached = this.details.get(item.id);
    return !cached || this.detailsToForce.has(item.id) || cached.updatedAt !== item.updated_at;
  }

  /** Changed, or waiting and due for its periodic re-read (spread over the polls by `isRereadDue`). */
  private needsDetailOnPoll(item: DeploymentListItem): boolean {
    if (this.changedSinceRead(item)) return true;
    const waiting = classifyBlockedDeployment(this.details.get(item.id)!.detail) === 'waiting-for-approval';
    return waiting && isRereadDue(item.id, this.polls, this.plan?.detailRereadPolls ?? this.rules.detailRereadPolls);
  }

  /** Group rules match on membership, which REST only tells per group (docs/gitlab-behaviour.md); read once per group. */
  private async loadMembershipsFor(detail: DeploymentDetail, options: CallOptions): Promise<void> {
    const user = this.user;
    if (!user) return;
    const groupIds = (detail.approval_summary?.rules ?? [])
      .map((r) => r.group_id)
      .filter((id): id is number => id !== null);
    await Promise.all(
      groupIds.map((groupId) => {
        // Details load in parallel and often share a group: ask GitLab once per group.
        let request = this.membershipRequests.get(groupId);
        if (!request) {
          request = this.client.groupMembership(groupId, user.id, options).then((m) => {
            const known = this.memberships.get(groupId);
            if (known?.direct === m.direct && known.inherited === m.inherited) return;
            this.memberships.set(groupId, m);
            // Membership decides "awaiting me" in every project whose rules name the group.
            for (const state of this.projects.values()) this.changed(state);
          });
          this.membershipRequests.set(groupId, request);
          request.catch(() => this.membershipRequests.delete(groupId));
        }
        return request;
      }),
    );
  }
}

/**
 * A failure that concerns one project only (no access, gone, GitLab refused this request) and must not hide the others.
 * A 5xx is the server or its proxy failing: instance-wide, so the instance is marked stale and the engine backs off.
 */
function isProjectScoped(error: unknown): error is GitLabError {
  if (!isGitLabError(error)) return false;
  if (error.kind === 'rejected') return error.status < 500;
  return error.kind === 'forbidden' || error.kind === 'not-found';
}

/** The top-level group of a project in a group namespace. */
function topGroupOf(project: ProjectSummary): string | undefined {
  return project.namespace?.kind === 'group' ? project.namespace.full_path.split('/')[0] : undefined;
}

/** Developers may not read protected environments (Maintainer+); the tree then shows less, not an error. */
function undefinedIfForbidden(error: unknown): undefined {
  if (isGitLabError(error) && error.kind === 'forbidden') return undefined;
  throw error;
}
