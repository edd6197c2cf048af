// Rack::Cors as GitLab configures it for the API (config/application.rb L480-500), in front of Rack::Attack and
// authentication: the instance's own origin with credentials, any other origin without; every method, any request
// header; these response headers exposed, and no others (so a browser cannot read RateLimit-* or Retry-After). The
// header values are rack-cors's `Resource#to_headers` (methods :any, max_age 7200 by default).
import type { IncomingHttpHeaders } from 'node:http';

const EXPOSED = [
  'Link',
  'X-Total',
  'X-Total-Pages',
  'X-Per-Page',
  'X-Page',
  'X-Next-Page',
  'X-Prev-Page',
  'X-Gitlab-Blob-Id',
  'X-Gitlab-Commit-Id',
  'X-Gitlab-Content-Sha256',
  'X-Gitlab-Encoding',
  'X-Gitlab-File-Name',
  'X-Gitlab-File-Path',
  'X-Gitlab-Last-Commit-Id',
  'X-Gitlab-Ref',
  'X-Gitlab-Size',
  'X-Request-Id',
  'ETag',
].join(', ');
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

export interface CorsAnswer {
  /** A preflight (OPTIONS with Access-Control-Request-Method): answered here, 200 and no body. */
  preflight: boolean;
  headers: Record<string, string>;
}

/** What Rack::Cors adds for a request to `/api/*` with an Origin; undefined without one (not a CORS request). */
export function corsFor(
  method: string,
  requestHeaders: IncomingHttpHeaders,
  instanceOrigin: string,
): CorsAnswer | undefined {
  const origin = requestHeaders.origin;
  if (typeof origin !== 'string') return undefined;
  const own = origin === instanceOrigin;
  const headers: Record<string, string> = {
    'access-control-allow-origin': own ? origin : '*',
    'access-control-allow-methods': METHODS,
    'access-control-expose-headers': EXPOSED,
    'access-control-max-age': '7200',
    ...(own && { 'access-control-allow-credentials': 'true' }),
  };
  const preflight = method === 'OPTIONS' && requestHeaders['access-control-request-method'] !== undefined;
  const asked = requestHeaders['access-control-request-headers'];
  if (preflight && typeof asked === 'string') headers['access-control-allow-headers'] = asked;
  return { preflight, headers };
}
