// What is live on the environments where a job waits to be run: GitLab refuses to run one older than that
// (forward-deployment protection, core/approvals/forwardDeployment.ts). One GET of the environment (`last_deployment`)
// per such environment: when one newly waits there, on a full refresh, and spread over the polls like the details.

import { classifyBlockedDeployment, waitsToBeRun } from '../approvals/classify';
import type { LiveDeployment } from '../approvals/forwardDeployment';
import type { CallOptions } from '../gitlab/client';
import type { DeploymentDetail } from '../gitlab/types';
import type { GitLabApi } from './gitlabApi';
import { isRereadDue } from './pollPlan';
import { isProjectScoped } from './projectFailures';
import type { ProjectState } from './projectState';

/** `all` (a full refresh) reads every such environment again; a poll those whose waiting jobs changed, and those due. */
export type LiveToRead = 'all' | { poll: number; rereadPolls: number };

export interface LiveReadsHost {
  client: Pick<GitLabApi, 'environment'>;
  detailOf(deploymentId: number): DeploymentDetail | undefined;
  /** This project's data changed. */
  changed(state: ProjectState): void;
}

export class LiveDeployments {
  /** Environment id → its project and the ids of the jobs waiting to be run there when it was last read. */
  private readonly readFor = new Map<number, { projectId: number; ids: string }>();

  constructor(private readonly host: LiveReadsHost) {}

  /** How many environments are followed (what the spread re-reads cost). */
  followed(): number {
    return this.readFor.size;
  }

  async read(projects: Iterable<ProjectState>, which: LiveToRead, options: CallOptions): Promise<void> {
    const reads: Promise<void>[] = [];
    // Project id → the environments followed in it, once: looking them up per project was a pass over all of them.
    const followedIn = new Map<number, number[]>();
    for (const [environmentId, { projectId }] of this.readFor)
      followedIn.set(projectId, [...(followedIn.get(projectId) ?? []), environmentId]);
    for (const state of projects) {
      // Its list could not be read: what is known of it stays, like its last good rows.
      if (state.error) continue;
      const waiting = this.waitingToRun(state);
      for (const environmentId of followedIn.get(state.project.id) ?? [])
        if (!waiting.has(environmentId)) this.readFor.delete(environmentId);
      for (const [environmentId, ids] of waiting) {
        const changed = this.readFor.get(environmentId)?.ids !== ids;
        const due = which === 'all' || changed || isRereadDue(environmentId, which.poll, which.rereadPolls);
        if (due) reads.push(this.readOne(state, environmentId, ids, options));
      }
      for (const environmentId of state.live?.keys() ?? [])
        if (!waiting.has(environmentId)) this.forget(state, environmentId);
    }
    await Promise.all(reads);
  }

  /** Environment id → the sorted ids of its deployments whose job waits to be run (approved, or a plain manual job). */
  private waitingToRun(state: ProjectState): Map<number, string> {
    const byEnvironment = new Map<number, number[]>();
    // The project turned the protection off (a Maintainer sees the setting): nothing to read.
    if (state.project.ci_forward_deployment_enabled === false) return new Map();
    for (const item of state.blocked) {
      const detail = this.host.detailOf(item.id);
      if (!detail || !waitsToBeRun(classifyBlockedDeployment(detail))) continue;
      byEnvironment.set(item.environment.id, [...(byEnvironment.get(item.environment.id) ?? []), item.id]);
    }
    return new Map([...byEnvironment].map(([id, ids]) => [id, ids.sort((a, b) => a - b).join(',')]));
  }

  private async readOne(state: ProjectState, environmentId: number, ids: string, options: CallOptions) {
    const live = await this.readLive(state, environmentId, options);
    this.readFor.set(environmentId, { projectId: state.project.id, ids });
    if (live === undefined) return this.forget(state, environmentId);
    if (JSON.stringify(state.live?.get(environmentId)) === JSON.stringify(live)) return;
    state.live = new Map(state.live ?? []).set(environmentId, live);
    this.host.changed(state);
  }

  /**
   * What is live there (null: nothing yet). Undefined where it cannot be read, or its id cannot be compared: nothing
   * is claimed then (Run stays offered, GitLab decides).
   */
  private async readLive(
    state: ProjectState,
    environmentId: number,
    options: CallOptions,
  ): Promise<LiveDeployment | null | undefined> {
    try {
      const { last_deployment: last } = await this.host.client.environment(state.project.id, environmentId, options);
      if (!last) return null;
      const usable = Number.isSafeInteger(last.id) && last.id > 0 && typeof last.sha === 'string';
      return usable ? { id: last.id, iid: last.iid, sha: last.sha } : undefined;
    } catch (error) {
      if (isProjectScoped(error)) return undefined;
      throw error;
    }
  }

  private forget(state: ProjectState, environmentId: number): void {
    if (!state.live?.has(environmentId)) return;
    const live = new Map(state.live);
    live.delete(environmentId);
    state.live = live;
    this.host.changed(state);
  }
}
