import { canManageProtectedEnvironments, projectAccessLevel } from '../capabilities';
import type { GitLabError } from '../errors';
import type { ProjectSummary } from '../gitlab/types';
import type { ProjectView } from './snapshot';
import type { ProjectData } from './views';

/** What a session keeps of one watched project between refreshes. */
export interface ProjectState extends ProjectData {
  /** Named in a setting or a git remote: read on every poll, whatever its activity. */
  named: boolean;
  /** Epoch ms of the last read of its blocked list. */
  lastReadAt?: number;
  /** A read of its protected environments was tried (they are read on demand, once). */
  protectionsTried: boolean;
  /** The derived view, kept until this project's data changes. */
  view?: ProjectView;
  detailErrors: Map<number, GitLabError>;
}

/** A project just listed, nothing read of it yet. */
export function newProjectState(project: ProjectSummary): ProjectState {
  return {
    project,
    blocked: [],
    protections: [],
    protectionsRead: false,
    protectionsTried: false,
    named: false,
    detailErrors: new Map(),
  };
}

/** Maintainer+ on the project: may read and change its protected environments. */
export function mayManage(state: ProjectState): boolean {
  return canManageProtectedEnvironments(state.project, state.accessLevel ?? projectAccessLevel(state.project));
}

/** The top-level group of a project in a group namespace. */
export function topGroupOf(project: ProjectSummary): string | undefined {
  return project.namespace?.kind === 'group' ? project.namespace.full_path.split('/')[0] : undefined;
}
