import { isGitLabError, type GitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import { AccessLevel, type ProjectSummary } from '../gitlab/types';

/** Where the projects to watch on one instance come from. */
export interface WatchSettings {
  /** Project ids or paths the user listed (already parsed for this instance). */
  explicit: readonly (number | string)[];
  /** Also every project where the user is at least a Developer (the role that can see deployments). */
  membership: boolean;
  /** Project paths found in the workspace's git remotes for this instance. */
  remotePaths: readonly string[];
}

export interface WatchedProjects {
  projects: ProjectSummary[];
  /** Entries that could not be read (deleted, renamed, no access), each with its error. */
  unresolved: { entry: string; error: GitLabError }[];
}

/** The union of the three sources, each project once, in a stable order (by path). */
export async function resolveProjectsToWatch(
  client: Pick<GitLabClient, 'project' | 'memberProjects'>,
  settings: WatchSettings,
  options?: CallOptions,
): Promise<WatchedProjects> {
  const byId = new Map<number, ProjectSummary>();
  const unresolved: WatchedProjects['unresolved'] = [];

  if (settings.membership) {
    for (const project of await client.memberProjects(AccessLevel.developer, options)) byId.set(project.id, project);
  }
  const known = new Set([...byId.values()].flatMap((p) => [String(p.id), p.path_with_namespace.toLowerCase()]));
  const singles = unique([...settings.explicit.map(String), ...settings.remotePaths]).filter(
    (entry) => !known.has(entry.toLowerCase()),
  );
  const results = await Promise.allSettled(
    singles.map((entry) => client.project(/^\d+$/.test(entry) ? Number(entry) : entry, options)),
  );
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') byId.set(result.value.id, result.value);
    else if (isGitLabError(result.reason) && result.reason.kind !== 'cancelled')
      unresolved.push({ entry: singles[i], error: result.reason });
    else throw result.reason;
  });

  const projects = [...byId.values()]
    .filter((p) => !p.archived)
    .sort((a, b) => a.path_with_namespace.localeCompare(b.path_with_namespace));
  return { projects, unresolved };
}

function unique(entries: string[]): string[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = entry.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
