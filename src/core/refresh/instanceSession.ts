import { classifyBlockedDeployment, listedAsWaiting } from '../approvals/classify';
import { deployAccess } from '../approvals/deployAccess';
import { approvalEligibility } from '../approvals/eligibility';
import { ruleProgress } from '../approvals/progress';
import type { ApproverContext } from '../approvals/rules';
import {
  canManageProtectedEnvironments,
  instanceCapabilities,
  projectAccessLevel,
  projectApprovalsFeature,
} from '../capabilities';
import { isGitLabError, type GitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import {
  AccessLevel,
  type CurrentUser,
  type DeploymentDetail,
  type DeploymentListItem,
  type Environment,
  type ProjectSummary,
  type ProtectedEnvironment,
} from '../gitlab/types';
import { resolveProjectsToWatch, type WatchSettings } from './projectsToWatch';
import type { DeploymentView, EnvironmentView, InstanceView, ProjectView } from './snapshot';

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

/** `full` re-reads everything; `poll` lists blocked deployments per project and reads details only where needed. */
export type RefreshKind = 'full' | 'poll';

interface ProjectState {
  project: ProjectSummary;
  environments: Environment[];
  protections: ProtectedEnvironment[];
  blocked: DeploymentListItem[];
  /** Environments and protections have been read at least once (an empty list is a valid answer, not "unread"). */
  loaded: boolean;
  /** The project's protected environments could be read (Maintainer+ on a licensed project). */
  protectionsRead: boolean;
  /** The user's effective role, shares included; read once per full refresh (see `effectiveAccessLevel`). */
  accessLevel?: number;
  error?: GitLabError;
}

interface CachedDetail {
  detail: DeploymentDetail;
  /** The list item's `updated_at` when the detail was read: a new value means the deployment changed. */
  updatedAt: string;
  pollsSinceRead: number;
}

export interface InstanceSessionOptions {
  /**
   * Approvals by other people do not change a deployment's `updated_at` [inferred], so a waiting deployment's detail is
   * re-read every N polls to keep k-of-n progress honest without reading every detail on every poll.
   */
  detailRefreshEveryPolls: number;
}

/** Everything the engine knows about one GitLab instance, and the requests that keep it current. */
export class InstanceSession {
  private user?: CurrentUser;
  private versionInfo?: Awaited<ReturnType<GitLabApi['version']>>;
  private projects = new Map<number, ProjectState>();
  private details = new Map<number, CachedDetail>();
  /** Group id → the user's membership, read once per full refresh. */
  private memberships = new Map<number, { direct: boolean; inherited: boolean }>();
  private membershipRequests = new Map<number, Promise<void>>();
  /** Top-level group path → the user's role there, read once per full refresh where role rules need it. */
  private topGroupLevels = new Map<string, Promise<number>>();
  private settledTopGroupLevels = new Map<string, number>();
  private lastError?: GitLabError;
  private lastSuccessAt?: number;
  private detailsToForce = new Set<number>();

  constructor(
    readonly client: GitLabApi,
    private readonly watchSettings: () => WatchSettings,
    private readonly options: InstanceSessionOptions = { detailRefreshEveryPolls: 5 },
  ) {}

  get instanceUrl(): string {
    return this.client.instanceUrl;
  }

  /** A refresh has succeeded at least once (a cancelled first load does not count). */
  get hasLoaded(): boolean {
    return this.lastSuccessAt !== undefined;
  }

  /** Read this deployment's detail on the next refresh, whatever the cache says (after an action, or on demand). */
  invalidateDeployment(deploymentId: number): void {
    this.detailsToForce.add(deploymentId);
  }

  async refresh(kind: RefreshKind, options: CallOptions): Promise<void> {
    try {
      if (kind === 'full' || !this.user) await this.loadInstance(options);
      await this.forEachProject((state) => this.refreshProjectState(state, kind === 'full' || !state.loaded, options));
      // A full refresh is what the Refresh button asks for: every detail again, since others' approvals move no timestamp.
      await this.refreshDetails(options, kind === 'full' ? { ids: this.allBlockedIds(), forceAll: true } : undefined);
      this.lastError = undefined;
      this.lastSuccessAt = Date.now();
    } catch (error) {
      if (!isGitLabError(error)) throw error;
      if (error.kind !== 'cancelled') this.lastError = error;
      throw error;
    }
  }

  /**
   * After an action on one deployment: read that deployment only (one request). One GitLab no longer lists as waiting
   * leaves the list; the rest of the project is left to the next poll.
   */
  async rereadDeployment(projectId: number, deploymentId: number, options: CallOptions): Promise<void> {
    const state = this.projects.get(projectId);
    if (!state?.blocked.some((d) => d.id === deploymentId)) return;
    const detail = await this.client.deployment(projectId, deploymentId, options);
    this.detailsToForce.delete(deploymentId);
    if (!listedAsWaiting(detail)) {
      state.blocked = state.blocked.filter((d) => d.id !== deploymentId);
      this.details.delete(deploymentId);
      return;
    }
    state.blocked = state.blocked.map((d) => (d.id === deploymentId ? detail : d));
    this.details.set(deploymentId, { detail, updatedAt: detail.updated_at, pollsSinceRead: 0 });
  }

  /**
   * Refresh one project now, after an action changed it: its blocked deployments and their details, and with `full`
   * its environments and protections too.
   */
  async refreshProject(projectId: number, full: boolean, options: CallOptions): Promise<void> {
    const state = this.projects.get(projectId);
    if (!state) return;
    await this.refreshProjectState(state, full, options);
    // A changed protection changes every summary in the project; an action on one deployment changes only that one.
    await this.refreshDetails(options, { ids: new Set(state.blocked.map((d) => d.id)), forceAll: full });
  }

  view(): InstanceView {
    const capabilities = this.versionInfo ? instanceCapabilities(this.versionInfo) : undefined;
    return {
      instanceUrl: this.instanceUrl,
      user: this.user,
      capabilities,
      projects: [...this.projects.values()].map((state) => this.projectView(state)),
      error: this.lastError,
      stale: this.lastError !== undefined,
      lastSuccessAt: this.lastSuccessAt,
    };
  }

  private async loadInstance(options: CallOptions): Promise<void> {
    const [user, versionInfo] = await Promise.all([this.client.currentUser(options), this.client.version(options)]);
    const watched = await resolveProjectsToWatch(this.client, this.watchSettings(), options);
    const previous = this.projects;
    this.user = user;
    this.versionInfo = versionInfo;
    this.memberships.clear();
    this.membershipRequests.clear();
    this.topGroupLevels.clear();
    this.settledTopGroupLevels.clear();
    this.projects = new Map(
      watched.projects.map((project) => [
        project.id,
        previous.get(project.id) ?? {
          project,
          environments: [],
          protections: [],
          blocked: [],
          loaded: false,
          protectionsRead: false,
        },
      ]),
    );
    for (const project of watched.projects) this.projects.get(project.id)!.project = project;
  }

  private async forEachProject(run: (state: ProjectState) => Promise<void>): Promise<void> {
    // The client's concurrency cap spreads these; one failing project must not hide the others.
    const results = await Promise.allSettled([...this.projects.values()].map(run));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    const instanceWide = failures.find((e) => !isProjectScoped(e));
    if (instanceWide) throw instanceWide;
  }

  private async refreshProjectState(state: ProjectState, full: boolean, options: CallOptions): Promise<void> {
    const { id } = state.project;
    try {
      const accessLevel =
        full || state.accessLevel === undefined
          ? await this.effectiveAccessLevel(state.project, options)
          : state.accessLevel;
      const readRules = full && canManageProtectedEnvironments(state.project, accessLevel);
      // Environments matter beyond the deployments' own (which each list item names) only where the user may change
      // their protection; everyone else is spared one request per project.
      const [blocked, environments, protections] = await Promise.all([
        this.waitingDeployments(id, options),
        readRules ? this.client.environments(id, options) : full ? [] : state.environments,
        readRules
          ? this.client.protectedEnvironments(id, options).catch(undefinedIfForbidden)
          : full
            ? undefined
            : state.protections,
      ]);
      const protectionsRead = full ? protections !== undefined : state.protectionsRead;
      Object.assign(state, {
        blocked,
        environments,
        protections: protections ?? [],
        protectionsRead,
        accessLevel,
        loaded: state.loaded || full,
        error: undefined,
      });
    } catch (error) {
      if (isProjectScoped(error)) state.error = error;
      throw error;
    }
  }

  /**
   * The project's `permissions` leave out groups the project is shared with, which GitLab's own checks count; so below
   * Maintainer (the highest role any rule asks for) the effective level is read from `members/all` once per project
   * and full refresh (docs/gitlab-behaviour.md#access-levels-and-shares).
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
  private async waitingDeployments(projectId: number, options: CallOptions): Promise<DeploymentListItem[]> {
    const capabilities = this.versionInfo ? instanceCapabilities(this.versionInfo) : undefined;
    if (!capabilities || capabilities.waitingDeploymentsStayBlocked)
      return this.client.blockedDeployments(projectId, options);
    const [blocked, created] = await Promise.all([
      this.client.blockedDeployments(projectId, options),
      this.client.createdDeployments(projectId, options),
    ]);
    const waiting = created.filter(listedAsWaiting);
    return [...blocked, ...waiting].sort((a, b) => b.id - a.id);
  }

  /** Without `scope`, a poll's rules; with it, only those deployments, read if forced, invalidated, new or changed. */
  private async refreshDetails(options: CallOptions, scope?: { ids: Set<number>; forceAll: boolean }): Promise<void> {
    const wanted: { projectId: number; item: DeploymentListItem }[] = [];
    const stillBlocked = new Set<number>();
    for (const state of this.projects.values()) {
      for (const item of state.blocked) {
        stillBlocked.add(item.id);
        if (scope && !scope.ids.has(item.id)) continue;
        const needed = scope ? scope.forceAll || this.changedSinceRead(item) : this.needsDetailOnPoll(item);
        if (needed) wanted.push({ projectId: state.project.id, item });
      }
    }
    for (const id of this.details.keys()) if (!stillBlocked.has(id)) this.details.delete(id);

    await Promise.all(
      wanted.map(async ({ projectId, item }) => {
        const detail = await this.client.deployment(projectId, item.id, options);
        this.details.set(item.id, { detail, updatedAt: item.updated_at, pollsSinceRead: 0 });
        this.detailsToForce.delete(item.id);
        await this.loadMembershipsFor(detail, options);
        await this.loadTopGroupLevelFor(projectId, detail, options);
      }),
    );
  }

  /**
   * A role rule may come from a group-level protected environment, where GitLab checks the role in that group
   * (docs/gitlab-behaviour.md#group-level-protected-environments); the role in the top-level group settles most cases.
   */
  private async loadTopGroupLevelFor(projectId: number, detail: DeploymentDetail, options: CallOptions): Promise<void> {
    const topGroup = this.topGroupOf(projectId);
    const user = this.user;
    if (!topGroup || !user || !(detail.approval_summary?.rules ?? []).some((r) => r.access_level !== null)) return;
    if (!this.topGroupLevels.has(topGroup)) {
      const request = this.client.groupMemberAccessLevel(topGroup, user.id, options);
      this.topGroupLevels.set(topGroup, request);
      request.catch(() => this.topGroupLevels.delete(topGroup));
    }
    this.settledTopGroupLevels.set(topGroup, await this.topGroupLevels.get(topGroup)!);
  }

  private topGroupOf(projectId: number): string | undefined {
    const namespace = this.projects.get(projectId)?.project.namespace;
    return namespace?.kind === 'group' ? namespace.full_path.split('/')[0] : undefined;
  }

  private allBlockedIds(): Set<number> {
    return new Set([...this.projects.values()].flatMap((state) => state.blocked.map((d) => d.id)));
  }

  /** New, invalidated (after an action), or its `updated_at` moved. */
  private changedSinceRead(item: DeploymentListItem): boolean {
    const cached = this.details.get(item.id);
    return !cached || this.detailsToForce.has(item.id) || cached.updatedAt !== item.updated_at;
  }

  private needsDetailOnPoll(item: DeploymentListItem): boolean {
    if (this.changedSinceRead(item)) return true;
    const cached = this.details.get(item.id)!;
    cached.pollsSinceRead++;
    const waiting = classifyBlockedDeployment(cached.detail) === 'waiting-for-approval';
    return waiting && cached.pollsSinceRead >= this.options.detailRefreshEveryPolls;
  }

  /** Group rules match on membership, which REST only tells per group; read once per group. */
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
          request = this.client
            .groupMembership(groupId, user.id, options)
            .then((m) => void this.memberships.set(groupId, m));
          this.membershipRequests.set(groupId, request);
          request.catch(() => this.membershipRequests.delete(groupId));
        }
        return request;
      }),
    );
  }

  private projectView(state: ProjectState): ProjectView {
    const environments = new Map<string, EnvironmentView>();
    const environmentView = (name: string, fallback: Omit<EnvironmentView, 'deployments'>) => {
      if (!environments.has(name)) environments.set(name, { ...fallback, deployments: [] });
      return environments.get(name)!;
    };
    for (const environment of state.environments) {
      environmentView(environment.name, {
        id: environment.id,
        name: environment.name,
        tier: environment.tier,
        externalUrl: environment.external_url,
        protection: state.protections.find((p) => p.name === environment.name),
      });
    }
    for (const item of state.blocked) {
      const { environment } = item;
      const target = environmentView(environment.name, {
        id: environment.id,
        name: environment.name,
        externalUrl: environment.external_url,
        protection: state.protections.find((p) => p.name === environment.name),
      });
      target.deployments.push(this.deploymentView(state, item));
    }
    return {
      project: state.project,
      accessLevel: state.accessLevel ?? projectAccessLevel(state.project),
      approvals: projectApprovalsFeature(state.project),
      // By name, so rows keep their places whichever request named an environment first.
      environments: [...environments.values()].sort((a, b) => a.name.localeCompare(b.name)),
      error: state.error,
    };
  }

  private deploymentView(state: ProjectState, item: DeploymentListItem): DeploymentView {
    const base = { instanceUrl: this.instanceUrl, projectId: state.project.id, deployment: item };
    const cached = this.details.get(item.id)?.detail;
    if (!cached) return { ...base, awaitingMe: false };
    // The list is read on every poll, the detail less often: its status and job are the fresher facts (a played job).
    const detail: DeploymentDetail = {
      ...cached,
      status: item.status,
      deployable: item.deployable ?? cached.deployable,
    };
    const protection = state.protections.find((p) => p.name === item.environment.name);
    const ctx = this.approverContext(state, protection);
    const eligibility = approvalEligibility(detail, ctx);
    const kind = classifyBlockedDeployment(detail);
    return {
      ...base,
      detail,
      state: kind,
      progress: ruleProgress(detail),
      eligibility,
      awaitingMe: kind === 'waiting-for-approval' && eligibility.canApprove,
      deployAccess: deployAccess({
        licensed: projectApprovalsFeature(state.project).available,
        protectionsRead: state.protectionsRead,
        protection,
        ctx,
        knownGroups: new Set(this.memberships.keys()),
      }),
    };
  }

  private approverContext(state: ProjectState, protection: ProtectedEnvironment | undefined): ApproverContext {
    const { project } = state;
    const direct: number[] = [];
    const inherited: number[] = [];
    for (const [groupId, membership] of this.memberships) {
      if (membership.direct) direct.push(groupId);
      if (membership.inherited) inherited.push(groupId);
    }
    return {
      currentUser: { id: this.user?.id ?? -1 },
      currentUserAccessLevel: state.accessLevel ?? projectAccessLevel(project),
      groupMemberships: { direct, inherited },
      allowSelfApproval: project.allow_pipeline_trigger_approve_deployment,
      isAdmin: this.user?.is_admin === true,
      projectRuleIds: state.protectionsRead
        ? new Set((protection?.approval_rules ?? []).map((rule) => rule.id))
        : undefined,
      groupLevelRulesPossible: project.namespace?.kind !== 'user',
      topGroupAccessLevel: this.settledTopGroupLevels.get(this.topGroupOf(project.id) ?? ''),
    };
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

/** Developers may not read protected environments (Maintainer+, docs/gitlab-behaviour.md#protected-environments-api); the tree then shows less, not an error. */
function undefinedIfForbidden(error: unknown): undefined {
  if (isGitLabError(error) && error.kind === 'forbidden') return undefined;
  throw error;
}
