import type { RequesterType } from '@gitbeaker/requester-utils';
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
}

/**
 * Every page of a list, bounded by page count and item count whatever the server's `X-Next-Page` or `Link` headers
 * say (see docs/gitlab-behaviour.md#rate-limits-and-pagination). Offset lists follow `X-Next-Page`; keyset lists
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
  for (let pages = 0; pages < bound.maxPages; pages++) {
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
