// The deploy freezes of the projects with something waiting (docs/polling.md#deploy-freezes): one GraphQL request per
// such project (client.deployFreezes), when it first has something waiting, on a full refresh, when a time GitLab gave
// has passed (a window began or ended: GitLab then gives the next one), and spread over the polls like the details.
// A project with nothing waiting is not read, and what was read of it is dropped.

import { isGitLabError } from '../errors';
import type { CallOptions } from '../gitlab/client';
import { freezesOutdated, readDeployFreezes, type ProjectFreezes } from '../freezes/deployFreezes';
import type { GitLabApi } from './gitlabApi';
import { isRereadDue } from './pollPlan';
import type { ProjectState } from './projectState';

/** `all` (a full refresh) reads every such project again; a poll those never read, outdated, or due on the spread. */
export type FreezesToRead = 'all' | { poll: number; rereadPolls: number };

export interface FreezeReadsHost {
  client: Pick<GitLabApi, 'deployFreezes'>;
  now(): number;
  /** The instance answers `Environment.deployFreezes` (capabilities.ts, `deployFreezes`). */
  available(): boolean;
  /** This project's data changed. */
  changed(state: ProjectState): void;
}

export class ProjectFreezeReads {
  /** Projects whose freezes are followed: something waits there. */
  private readonly following = new Set<number>();

  constructor(private readonly host: FreezeReadsHost) {}

  /** How many projects' freezes are followed (what the spread re-reads cost). */
  followed(): number {
    return this.following.size;
  }

  async read(projects: Iterable<ProjectState>, which: FreezesToRead, options: CallOptions): Promise<void> {
    const reads: Promise<void>[] = [];
    const now = this.host.now();
    for (const state of projects) {
      const environment = state.blocked[0]?.environment.name;
      if (!this.host.available() || environment === undefined) {
        this.forget(state);
        continue;
      }
      // Its list could not be read: what is known of it stays, like its last good rows.
      if (state.error) continue;
      this.following.add(state.project.id);
      const known = state.freezes;
      const due =
        which === 'all' ||
        known === undefined ||
        freezesOutdated(known, now) ||
        isRereadDue(state.project.id, which.poll, which.rereadPolls);
      if (due) reads.push(this.readOne(state, environment, options));
    }
    await Promise.all(reads);
  }

  private async readOne(state: ProjectState, environment: string, options: CallOptions): Promise<void> {
    let answer: Awaited<ReturnType<FreezeReadsHost['client']['deployFreezes']>>;
    try {
      answer = await this.host.client.deployFreezes(state.project.path_with_namespace, environment, options);
    } catch (error) {
      // Freezes are what the extension adds to GitLab's view: their failure is never the instance's, and the last
      // good read stays (its times still say when it ends); the next due read tries again.
      if (isGitLabError(error) && error.kind === 'cancelled') throw error;
      if (!isGitLabError(error)) throw error;
      return;
    }
    // GitLab answered none for this user (not readable, or a GitLab without the field): nothing is claimed.
    if (!answer.freezes) return this.set(state, undefined);
    // A record that is not a period GitLab gives is left out; the others are what GitLab said.
    this.set(state, { readAt: this.host.now(), freezes: readDeployFreezes(answer.freezes) });
  }

  private forget(state: ProjectState): void {
    this.following.delete(state.project.id);
    this.set(state, undefined);
  }

  private set(state: ProjectState, freezes: ProjectFreezes | undefined): void {
    const same = JSON.stringify(state.freezes?.freezes) === JSON.stringify(freezes?.freezes);
    state.freezes = freezes;
    if (!same) this.host.changed(state);
  }
}
