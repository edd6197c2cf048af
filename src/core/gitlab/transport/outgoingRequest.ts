import { InvalidInputError } from '../../errors';
import type { InstanceScope } from './confinement';

/** The options gitbeaker's requester hands the request handler (see docs/transport.md). */
export interface GitbeakerRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  /** Already encoded, without `?`. */
  searchParams?: string;
  prefixUrl?: string;
  signal?: AbortSignal;
  asStream?: boolean;
}

export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The confinement step: the request gitbeaker asked for, as a URL below the instance's API prefix. An endpoint may
 * also be a full URL (the next page from a `Link` header); it must stay inside the prefix like any other.
 */
export function outgoingRequest(
  scope: InstanceScope,
  endpoint: string,
  options: GitbeakerRequestOptions,
  userAgent: string,
): OutgoingRequest {
  const method = (options.method ?? 'GET').toUpperCase();
  // Most resources are rooted at the API prefix itself; a few (ProjectMembers, GroupMembers) below it (`…/projects/`).
  const url = new URL(endpoint, resourceRoot(scope, options.prefixUrl));
  if (options.searchParams !== undefined) url.search = options.searchParams;
  scope.confine(url);
  if (options.body !== undefined && typeof options.body !== 'string')
    throw new InvalidInputError(
      'body',
      'Form uploads are not supported.',
      `${method} ${url.pathname}: a FormData body`,
    );
  return {
    method,
    url,
    headers: { ...options.headers, 'user-agent': userAgent, accept: 'application/json' },
    body: options.body,
  };
}

/** gitbeaker's `prefixUrl` for the resource, as a directory; the URL built from it is confined like any other. */
function resourceRoot(scope: InstanceScope, prefixUrl: string | undefined): URL {
  if (!prefixUrl) return scope.apiPrefix;
  return new URL(prefixUrl.endsWith('/') ? prefixUrl : `${prefixUrl}/`, scope.apiPrefix);
}
