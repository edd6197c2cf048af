import type { RequesterType } from '@gitbeaker/requester-utils';
import { TimeoutError } from '../errors';
import { expectRecords } from './shapes';

/** Where a list was cut, and at how many items. */
export interface ListCut {
  path: string;
  limit: number;
}

/** A list as read; `truncated` says it was cut at the bound and more exist on GitLab. */
export type BoundedList<T> = T[] & { truncated?: ListCut };

export interface PageBound {
  maxPages: number;
  perPage: number;
  /**
   * The whole list, every page and retry: no page is asked for once this much time has passed since the first. (Each
   * page has its own deadline, so the list ends at most one page's attempts later.)
   */
  maxMs: number;
  now?: () => number;
}

/** Five minutes: far more than 100 pages of a healthy GitLab take, far less than a server paging slowly for ever. */
export const DEFAULT_LIST_MS = 300_000;

/**
 * Every page of a list, bounded by page count, item count and time whatever the server's `X-Next-Page` or `Link`
 * headers say (see docs/gitlab-behaviour.md#rate-limits-and-pagination). A list that runs out of time is a timeout,
 * not a shorter list: what was read is dropped, so the last good data stays. Offset lists follow `X-Next-Page`; keyset lists
 * (projects) follow the `Link: rel="next"` URL, which the transport keeps inside the instance's API prefix.
 */
export async function readAllPages<T>(
  raw: RequesterType,
  path: string,
  query: Record<string, unknown>,
  bound: PageBound,
  mode: 'offset' | 'keyset' = 'offset',
): Promise<BoundedList<T>> {
  const limit = bound.maxPages * bound.perPage;
  const items: T[] = [];
  let request: { endpoint: string; searchParams?: Record<string, unknown> } = {
    endpoint: path,
    searchParams: { ...query, perPage: bound.perPage, ...(mode === 'offset' ? { page: 1 } : {}) },
  };
  let more = false;
  const now = bound.now ?? Date.now;
  const started = now();
  for (let pages = 0; pages < bound.maxPages; pages++) {
    if (pages > 0 && now() - started >= bound.maxMs) {
      const seconds = Math.round(bound.maxMs / 1000);
      throw new TimeoutError(
        seconds,
        `GET ${path}: the list was still paging after ${seconds} s (${pages} pages read)`,
      );
    }
    const response = await raw.get<Record<string, unknown>[]>(request.endpoint, { searchParams: request.searchParams });
    items.push(...expectRecords<T>(response.body, path));
    const next = mode === 'offset' ? nextOffsetPage(response.headers, request) : nextLink(response.headers);
    more = next !== undefined;
    if (!next || items.length >= limit) break;
    request = next;
  }
  const list: BoundedList<T> = items.slice(0, limit);
  if (more || items.length > limit) list.truncated = { path, limit };
  return list;
}

type PageRequest = { endpoint: string; searchParams?: Record<string, unknown> };

function nextOffsetPage(headers: Record<string, string>, current: PageRequest): PageRequest | undefined {
  const next = Number(headers['x-next-page']);
  const page = Number(current.searchParams?.page ?? 1);
  return Number.isInteger(next) && next > page
    ? { endpoint: current.endpoint, searchParams: { ...current.searchParams, page: next } }
    : undefined;
}

function nextLink(headers: Record<string, string>): PageRequest | undefined {
  const next = /<([^>]+)>\s*;\s*rel="next"/.exec(headers.link ?? '')?.[1];
  return next ? { endpoint: next } : undefined;
}
