import type { AttemptRecord } from './requestHandler';

/** One request attempt as a log line: `GET /api/v4/user → 200 in 41 ms`. The URL carries no secrets. */
export function attemptLine(a: AttemptRecord): string {
  const head = `${a.method} ${a.url}`;
  if (a.status === undefined && a.error === undefined)
    return `${head}: waiting ${a.retryInMs} ms for GitLab's rate-limit window`;
  const retry = a.retryInMs !== undefined ? `, retrying in ${a.retryInMs} ms` : '';
  return `${head} → ${a.status ?? a.error?.kind} in ${a.durationMs} ms${a.attempt > 1 ? ` (attempt ${a.attempt})` : ''}${retry}`;
}
