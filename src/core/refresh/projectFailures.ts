import { isGitLabError, type GitLabError } from '../errors';

/**
 * Runs `read` for each project at once (the client's concurrency cap spreads them). A failure that concerns one project
 * only is that project's (the read records it) and must not hide the others; the first instance-wide one is thrown.
 */
export async function readEachProject<T>(projects: T[], read: (project: T) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(projects.map(read));
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
  const instanceWide = failures.find((e) => !isProjectScoped(e));
  if (instanceWide) throw instanceWide;
}

/**
 * A failure that concerns one project only (no access, gone, GitLab refused this request) and must not hide the others.
 * A 5xx is the server or its proxy failing: instance-wide, so the instance is marked stale and the engine backs off.
 */
export function isProjectScoped(error: unknown): error is GitLabError {
  if (!isGitLabError(error)) return false;
  if (error.kind === 'rejected') return error.status < 500;
  return error.kind === 'forbidden' || error.kind === 'not-found';
}
