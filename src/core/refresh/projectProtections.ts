import { isGitLabError } from '../errors';
import type { CallOptions } from '../gitlab/client';
import type { GitLabApi } from './gitlabApi';
import { readEachProject } from './projectFailures';
import { mayManage, type ProjectState } from './projectState';
import type { ProjectView } from './snapshot';

/**
 * Projects' protected environments and environments, which the polls do not read: read on demand, where a rule is
 * ambiguous without them, or where environments with nothing waiting are asked for; read again on each full refresh.
 */
export class ProjectProtections {
  constructor(
    private readonly client: GitLabApi,
    private readonly changed: (state: ProjectState) => void,
  ) {}

  async read(state: ProjectState, options: CallOptions): Promise<void> {
    state.protectionsTried = true;
    const protections = await this.client.protectedEnvironments(state.project.id, options).catch(undefinedIfForbidden);
    Object.assign(state, { protections: protections ?? [], protectionsRead: protections !== undefined });
    this.changed(state);
  }

  /** The environments (with nothing waiting too) and protections of each project. */
  async readEnvironments(projects: ProjectState[], options: CallOptions): Promise<void> {
    await readEachProject(projects, async (state) => {
      const [environments] = await Promise.all([
        this.client.environments(state.project.id, options),
        this.read(state, options),
      ]);
      state.environments = [...environments];
      this.changed(state);
    });
  }

  /**
   * Whether a role rule is the project's own or a group-level one decides whether it surely matches, and only the
   * project's protection tells (eligibility.ts): where a waiting deployment is left at "may await you" and the user
   * may read it, read it, once. The role in the top-level group settles most cases without this.
   */
  async readWhereAmbiguous(
    projects: Iterable<ProjectState>,
    viewOf: (state: ProjectState) => ProjectView,
    options: CallOptions,
  ): Promise<void> {
    const wanted = [...projects].filter(
      (state) => state.blocked.length > 0 && !state.protectionsTried && mayManage(state) && mayAwaitUser(viewOf(state)),
    );
    await readEachProject(wanted, (state) => this.read(state, options));
  }

  /** A full refresh reads again the protections read before (on demand), so what they say stays current. */
  async readKnown(projects: Iterable<ProjectState>, options: CallOptions): Promise<void> {
    const known = [...projects].filter((state) => state.protectionsTried);
    await readEachProject(known, (state) => this.read(state, options));
  }
}

/** A deployment waits for approval and the user may be in a group-level rule that only the protection tells. */
function mayAwaitUser(view: ProjectView): boolean {
  return view.environments.some((e) =>
    e.deployments.some((d) => d.state === 'waiting-for-approval' && d.eligibility?.reason === 'may-match-group-rule'),
  );
}

/** Developers may not read protected environments (Maintainer+); the tree then shows less, not an error. */
function undefinedIfForbidden(error: unknown): undefined {
  if (isGitLabError(error) && error.kind === 'forbidden') return undefined;
  throw error;
}
