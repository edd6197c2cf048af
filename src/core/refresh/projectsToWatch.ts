import { InvalidInputError, isGitLabError, type GitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { ListCut } from '../gitlab/pagination';
import { AccessLevel, type ProjectSummary } from '../gitlab/types';
import { describeUnusableId, isUsableId } from '../gitlab/validate';

/** Where the projects to watch on one instance come from. */
export interface WatchSettings {
  /** Project ids or paths the user listed (already parsed for this instance). */
  explicit: readonly (number | string)[];
  /** Also every project where the user is at least a Developer (the role that can see deployments). */
  membership: boolean;
  /** Project paths found in the workspace's git remotes for this instance. */
  remotePaths: readonly string[];
  /**
   * Narrows the membership projects (never the ones named explicitly or by a remote): path patterns such as
   * `my-group` (the group and everything under it), `my-group/*-service`, `** /api` (without the space); a leading `!`
   * excludes. Empty: all.
   */
  patterns?: readonly string[];
}

export interface WatchedProjects {
  projects: ProjectSummary[];
  /** Entries that could not be read (deleted, renamed, no access), each with its error. */
  unresolved: { entry: string; error: GitLabError }[];
  /** Projects named explicitly or by a git remote (the user asked for these in particular). */
  namedIds: Set<number>;
  /** The membership list was cut at its bound: GitLab has more projects than are watched. */
  listCut?: ListCut;
}

/** The union of the three sources, each project once, in a stable order (by path). */
export async function resolveProjectsToWatch(
  client: Pick<GitLabClient, 'project' | 'memberProjects'>,
  settings: WatchSettings,
  options?: CallOptions,
): Promise<WatchedProjects> {
  const byId = new Map<number, ProjectSummary>();
  const unresolved: WatchedProjects['unresolved'] = [];
  const namedIds = new Set<number>();
  let listCut: ListCut | undefined;

  if (settings.membership) {
    const matches = pathFilter(settings.patterns ?? []);
    const members = await client.memberProjects(AccessLevel.developer, options);
    listCut = members.truncated;
    for (const project of members) {
      if (!matches(project.path_with_namespace)) continue;
      if (isUsableId(project.id)) byId.set(project.id, project);
      else unresolved.push(unusableProject(String(project.path_with_namespace), project.id));
    }
  }
  const known = new Map(
    [...byId.values()].flatMap((p) => [
      [String(p.id), p.id],
      [p.path_with_namespace.toLowerCase(), p.id],
    ]),
  );
  const named = unique([...settings.explicit.map(String), ...settings.remotePaths]);
  for (const entry of named) {
    const id = known.get(entry.toLowerCase());
    if (id !== undefined) namedIds.add(id);
  }
  const singles = named.filter((entry) => !known.has(entry.toLowerCase()));
  const results = await Promise.allSettled(
    singles.map((entry) => client.project(/^\d+$/.test(entry) ? Number(entry) : entry, options)),
  );
  results.forEach((result, i) => {
    if (result.status === 'fulfilled' && !isUsableId(result.value.id))
      unresolved.push(unusableProject(singles[i], result.value.id));
    else if (result.status === 'fulfilled') {
      byId.set(result.value.id, result.value);
      namedIds.add(result.value.id);
    } else if (isGitLabError(result.reason) && result.reason.kind !== 'cancelled')
      unresolved.push({ entry: singles[i], error: result.reason });
    else throw result.reason;
  });

  const projects = [...byId.values()]
    .filter((p) => !p.archived)
    .sort((a, b) => a.path_with_namespace.localeCompare(b.path_with_namespace));
  return { projects, unresolved, namedIds, listCut };
}

/** Every request about a project names its id, so one GitLab gives that cannot be used leaves it unwatched. */
function unusableProject(entry: string, id: unknown): WatchedProjects['unresolved'][number] {
  const reason = `its id from GitLab cannot be used (${describeUnusableId(id)}).`;
  return { entry, error: new InvalidInputError('project id', reason, `project ${entry}: ${reason}`) };
}

/**
 * `group` matches the group and everything below it; `*` matches within one path segment, `**` any number of them;
 * a leading `!` excludes. Case-insensitive, as GitLab resolves paths. With only exclusions, everything else matches.
 */
export function pathFilter(patterns: readonly string[]): (path: string) => boolean {
  const cleaned = patterns.map((p) => p.trim()).filter((p) => p !== '' && p !== '!');
  const include = cleaned.filter((p) => !p.startsWith('!')).map(patternRegExp);
  const exclude = cleaned.filter((p) => p.startsWith('!')).map((p) => patternRegExp(p.slice(1)));
  return (path) =>
    (include.length === 0 || include.some((re) => re.test(path))) && !exclude.some((re) => re.test(path));
}

function patternRegExp(pattern: string): RegExp {
  const segments = pattern.replace(/^\/+|\/+$/g, '').split('/');
  const parts = segments.map((segment, i) => {
    if (segment === '**') return i === 0 ? '(?:[^/]+/)*' : '(?:/[^/]+)*';
    const separator = i === 0 || (i === 1 && segments[0] === '**') ? '' : '/';
    return separator + segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  });
  if (segments.every((s) => s === '**')) return /^.*$/;
  // A pattern without wildcards names a group or project: it matches that path and everything below it.
  const below = pattern.includes('*') ? '' : '(?:/.*)?';
  return new RegExp(`^${parts.join('')}${below}$`, 'i');
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
