import { classifyBlockedDeployment, listedAsWaiting } from '../approvals/classify';
import type { InstanceCapabilities } from '../capabilities';
import type { CallOptions } from '../gitlab/client';
import type { ListCut } from '../gitlab/pagination';
import type { DeploymentDetail, DeploymentListItem } from '../gitlab/types';
import { describeUnusableId, unusableDeploymentId, type UnusableId } from '../gitlab/validate';
import { InvalidInputError, type GitLabError } from '../errors';
import type { GitLabApi } from './gitlabApi';
import { isProjectScoped } from './projectFailures';
import type { ProjectState } from './projectState';
import { isRereadDue } from './pollPlan';
import type { ViewerRoles } from './viewerRoles';

/** Which details a refresh reads: those named (all, or the changed ones), or on a poll the changed and those due. */
export type DetailsToRead = { ids: Set<number>; forceAll: boolean } | { poll: number; rereadPolls: number };

interface CachedDetail {
  detail: DeploymentDetail;
  /** The list item's `updated_at` when the detail was read: a new value means the deployment changed. */
  updatedAt: string;
  /** The detail as read, to tell a re-read that changed something from one that did not. */
  json: string;
}

/** What reading deployments needs from the session that owns it. */
export interface DeploymentReadsHost {
  client: GitLabApi;
  roles: ViewerRoles;
  now(): number;
  capabilities(): InstanceCapabilities | undefined;
  /** This project's data changed. */
  changed(state: ProjectState): void;
}

/**
 * Reading projects' deployments: each project's waiting list, and the detail (approvals, rules) of each deployment in
 * it, kept until the list says it changed, an action invalidates it, or its periodic re-read is due.
 */
export class ProjectDeployments {
  private readonly details = new Map<number, CachedDetail>();
  /** Read again on the next refresh, whatever the cache says (after an action, or on demand). */
  private readonly detailsToForce = new Set<number>();

  constructor(private readonly host: DeploymentReadsHost) {}

  detailOf(deploymentId: number): DeploymentDetail | undefined {
    return this.details.get(deploymentId)?.detail;
  }

  invalidate(deploymentId: number): void {
    this.detailsToForce.add(deploymentId);
  }

  /** How many deployments read in detail wait for approval (what the periodic re-reads cost). */
  waitingForApproval(): number {
    return [...this.details.values()].filter((d) => classifyBlockedDeployment(d.detail) === 'waiting-for-approval')
      .length;
  }

  /** The project's waiting list, and the user's effective role there where something waits (`full`: read it again). */
  async readList(state: ProjectState, options: CallOptions, full = false): Promise<void> {
    try {
      const { list: blocked, cut, refused } = await this.waitingDeployments(state, options);
      state.lastReadAt = this.host.now();
      // The effective role matters only where something waits (rows, menus): read where needed, not per project.
      const accessLevel =
        blocked.length > 0 && (full || state.accessLevel === undefined)
          ? await this.host.roles.effectiveAccessLevel(state.project, options)
          : state.accessLevel;
      const same =
        !state.error &&
        state.refused?.detail === refused?.detail &&
        state.accessLevel === accessLevel &&
        state.blockedCut?.limit === cut?.limit &&
        state.blocked.length === blocked.length &&
        (blocked.length === 0 || JSON.stringify(state.blocked) === JSON.stringify(blocked));
      if (same) return;
      Object.assign(state, { blocked, blockedCut: cut, accessLevel, error: undefined, refused });
      this.host.changed(state);
    } catch (error) {
      if (isProjectScoped(error)) {
        state.error = error;
        this.host.changed(state);
      }
      throw error;
    }
  }

  /** The details `which` asks for, of the deployments the projects list; details of those no longer listed go. */
  async readDetails(projects: Iterable<ProjectState>, which: DetailsToRead, options: CallOptions): Promise<void> {
    const wanted: { state: ProjectState; item: DeploymentListItem }[] = [];
    const stillBlocked = new Set<number>();
    for (const state of projects) {
      for (const id of state.detailErrors.keys())
        if (!state.blocked.some((item) => item.id === id)) state.detailErrors.delete(id);
      for (const item of state.blocked) {
        stillBlocked.add(item.id);
        // Its list could not be read: neither could its details (the project is marked; its last good rows stay).
        if (state.error) continue;
        if ('ids' in which && !which.ids.has(item.id)) continue;
        const needed = 'ids' in which ? which.forceAll || this.changedSinceRead(item) : this.dueOnPoll(item, which);
        if (needed) wanted.push({ state, item });
      }
    }
    for (const id of this.details.keys()) if (!stillBlocked.has(id)) this.details.delete(id);

    await Promise.all(wanted.map(({ state, item }) => this.readDetail(state, item, options)));
  }

  /** One detail, and what its rules need; a failure or an unusable answer marks this deployment and its project. */
  private async readDetail(state: ProjectState, item: DeploymentListItem, options: CallOptions): Promise<void> {
    try {
      const detail = await this.host.client.deployment(state.project.id, item.id, options);
      this.detailsToForce.delete(item.id);
      const refused = refusedDetail(state, item.id, detail);
      if (refused) return this.markDetail(state, item.id, refused);
      const json = JSON.stringify(detail);
      const cached = this.details.get(item.id);
      if (cached?.json === json) cached.updatedAt = item.updated_at;
      else {
        this.details.set(item.id, { detail, updatedAt: item.updated_at, json });
        this.host.changed(state);
      }
      if (state.detailErrors.delete(item.id)) this.host.changed(state);
      await this.host.roles.readFor(state.project, detail, options);
    } catch (error) {
      if (!isProjectScoped(error)) throw error;
      this.markDetail(state, item.id, error);
    }
  }

  private markDetail(state: ProjectState, deploymentId: number, error: GitLabError): void {
    if (state.detailErrors.get(deploymentId)?.detail === error.detail) return;
    state.detailErrors.set(deploymentId, error);
    this.host.changed(state);
  }

  /**
   * After an action on one deployment: read that deployment only (one request). One GitLab no longer lists as waiting
   * leaves the list; the rest of the project is left to the next poll.
   */
  async reread(state: ProjectState, deploymentId: number, options: CallOptions): Promise<void> {
    try {
      const detail = await this.host.client.deployment(state.project.id, deploymentId, options);
      this.detailsToForce.delete(deploymentId);
      const refused = refusedDetail(state, deploymentId, detail);
      if (refused) {
        state.detailErrors.set(deploymentId, refused);
        return;
      }
      state.detailErrors.delete(deploymentId);
      if (!listedAsWaiting(detail)) {
        state.blocked = state.blocked.filter((d) => d.id !== deploymentId);
        this.details.delete(deploymentId);
        return;
      }
      state.blocked = state.blocked.map((d) => (d.id === deploymentId ? detail : d));
      this.details.set(deploymentId, { detail, updatedAt: detail.updated_at, json: JSON.stringify(detail) });
    } finally {
      this.host.changed(state);
    }
  }

  /**
   * Deployments that wait for a person. From 16.3 they are all `blocked`; before, an approved or plain manual one
   * waited as `created` with its job still `manual` (docs/gitlab-behaviour.md#deployment-statuses).
   */
  private async waitingDeployments(
    state: ProjectState,
    options: CallOptions,
  ): Promise<{ list: DeploymentListItem[]; cut?: ListCut; refused?: GitLabError }> {
    const { client } = this.host;
    const projectId = state.project.id;
    const capabilities = this.host.capabilities();
    if (!capabilities || capabilities.waitingDeploymentsStayBlocked) {
      const blocked = await client.blockedDeployments(projectId, options);
      return { ...usableOnly(state, blocked), cut: blocked.truncated };
    }
    const [blocked, created] = await Promise.all([
      client.blockedDeployments(projectId, options),
      client.createdDeployments(projectId, options),
    ]);
    const { list, refused } = usableOnly(state, [...blocked, ...created.filter(listedAsWaiting)]);
    return { list: list.sort((a, b) => b.id - a.id), refused, cut: blocked.truncated ?? created.truncated };
  }

  /** New, invalidated (after an action), or its `updated_at` moved. */
  private changedSinceRead(item: DeploymentListItem): boolean {
    const cached = this.details.get(item.id);
    return !cached || this.detailsToForce.has(item.id) || cached.updatedAt !== item.updated_at;
  }

  /** Changed, or waiting and due for its periodic re-read (spread over the polls by `isRereadDue`). */
  private dueOnPoll(item: DeploymentListItem, poll: { poll: number; rereadPolls: number }): boolean {
    if (this.changedSinceRead(item)) return true;
    const waiting = classifyBlockedDeployment(this.details.get(item.id)!.detail) === 'waiting-for-approval';
    return waiting && isRereadDue(item.id, poll.poll, poll.rereadPolls);
  }
}

/** The listed deployments whose ids can all be used; the others are left out, said once for the project. */
function usableOnly(
  state: ProjectState,
  listed: DeploymentListItem[],
): { list: DeploymentListItem[]; refused?: GitLabError } {
  const list: DeploymentListItem[] = [];
  const unusable: UnusableId[] = [];
  for (const item of listed) {
    const bad = unusableDeploymentId(item);
    if (bad) unusable.push(bad);
    else list.push(item);
  }
  if (!unusable.length) return { list };
  const [first] = unusable;
  const what = `a deployment with an unusable ${first.field} (${describeUnusableId(first.value)})`;
  const more = unusable.length > 1 ? ` and ${unusable.length - 1} more like it` : '';
  return {
    list,
    refused: new InvalidInputError(
      first.field,
      `GitLab listed ${what}${more}; not shown.`,
      `${whereIn(state)}: GitLab listed ${what}${more}, not a positive safe integer; left out.`,
    ),
  };
}

/** Why this detail cannot be taken: an unusable id, or another deployment than the one asked for. */
function refusedDetail(state: ProjectState, deploymentId: number, detail: DeploymentDetail): GitLabError | undefined {
  const bad = unusableDeploymentId(detail);
  const why = bad
    ? `an unusable ${bad.field} (${describeUnusableId(bad.value)})`
    : detail.id !== deploymentId
      ? `the detail of deployment ${detail.id}`
      : undefined;
  if (!why) return undefined;
  return new InvalidInputError(
    bad?.field ?? 'id',
    `GitLab answered deployment ${deploymentId} with ${why}; its details are not shown.`,
    `${whereIn(state)}: GitLab answered deployment ${deploymentId} with ${why}; refused.`,
  );
}

function whereIn(state: ProjectState): string {
  return `${state.project.path_with_namespace} (project ${state.project.id})`;
}
