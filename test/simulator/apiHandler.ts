// One API request, in GitLab's layering: faults (the network in front) → Rack::Attack throttle → routing (catch-all 404/405)
// → authentication (401) and token scopes (403) → the endpoint. Every API answer carries the RateLimit-* headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkScopes, readCredentials, resolveToken } from './auth';
import type { SimContext } from './context';
import { corsFor } from './cors';
import { defaultFaultBody, endlessPages, Faults } from './faults';
import { ApiError, ApiRequest, ApiResponse, grapeError, notFound, unauthorized } from './http';
import type { RateLimiter } from './rateLimit';
import type { RequestLog, RequestLogEntry } from './requestLog';
import { matchRoute } from './routes';
import { webPage } from './routes/webPages';

export interface Listener {
  origin: string;
  /** The second listener, the target of the redirect fault. */
  other: boolean;
}

export interface ApiDeps {
  ctx: SimContext;
  basePath: string;
  faults: Faults;
  limiter: RateLimiter;
  log: RequestLog;
  /** The other listener's origin, for the redirect fault. */
  otherOrigin: () => string;
  /** Resolves when the simulator is closing (ends latency waits). */
  closing: Promise<void>;
}

const API_PREFIX = '/api/v4';
/** GitLab's GraphQL endpoint: routed as `graphql` (no leading slash), which no REST path below the prefix can be. */
const GRAPHQL_PATH = '/api/graphql';

export async function handleApiRequest(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  listener: Listener,
  rawBody: Buffer,
): Promise<void> {
  const { ctx, faults, limiter, log } = deps;
  const url = new URL(req.url ?? '/', `${listener.origin}`);
  const requestUrl = new URL(
    req.url ?? '/',
    `${listener.origin.split('://')[0]}://${req.headers.host ?? new URL(listener.origin).host}`,
  );
  const method = (req.method ?? 'GET').toUpperCase();
  const credentials = readCredentials(req.headers);
  const knownToken = credentials.value === undefined ? undefined : ctx.state.tokens.get(credentials.value);
  const inBase = deps.basePath === '' || url.pathname === deps.basePath || url.pathname.startsWith(`${deps.basePath}/`);
  const relative = inBase ? url.pathname.slice(deps.basePath.length) : undefined;
  const apiPath =
    relative !== undefined && (relative === API_PREFIX || relative.startsWith(`${API_PREFIX}/`))
      ? relative.slice(API_PREFIX.length) || '/'
      : relative === GRAPHQL_PATH
        ? 'graphql'
        : undefined;
  const match = apiPath === undefined ? undefined : matchRoute(ctx.profile, method, apiPath);
  const routeName = match?.kind === 'route' ? match.route.name : undefined;

  const entry: Omit<RequestLogEntry, 'seq'> = {
    time: ctx.state.clock().toISOString(),
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    authHeader: credentials.kind,
    username: knownToken ? ctx.state.users.get(knownToken.userId)?.username : undefined,
    origin: listener.origin,
    otherOrigin: listener.other,
    host: req.headers.host,
    route: routeName,
    status: null,
    fault: undefined,
  };
  const logged = log.add(entry);

  // Faults are the network and proxies in front of GitLab; only the main listener has them.
  const decision = listener.other ? { delayMs: 0 } : faults.decide(method, url.pathname, routeName);
  if (decision.delayMs > 0) await Promise.race([new Promise((r) => setTimeout(r, decision.delayMs)), deps.closing]);
  if (res.destroyed || req.socket.destroyed) return;
  const fault = decision.fault;
  logged.fault = fault?.kind;
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'hang') return; // never answered; close() destroys the connection
  if (fault?.kind === 'redirect') {
    return finish(
      res,
      logged,
      {
        status: fault.status ?? 302,
        text: '',
        contentType: 'text/html',
        headers: { location: `${deps.otherOrigin()}${url.pathname}${url.search}` },
      },
      method,
    );
  }
  if (fault?.kind === 'status') {
    const preset = defaultFaultBody(fault.status);
    return finish(
      res,
      logged,
      { status: fault.status, text: fault.body ?? preset.text, contentType: fault.contentType ?? preset.contentType },
      method,
    );
  }

  if (apiPath === undefined) {
    // Not the API: the pages behind the web_urls handed out, else GitLab's 404 page.
    const page = relative !== undefined && (method === 'GET' || method === 'HEAD') ? webPage(ctx, relative) : undefined;
    if (page) {
      logged.route = 'web.page';
      return finish(
        res,
        logged,
        { status: page.status, text: page.html, contentType: 'text/html; charset=utf-8' },
        method,
      );
    }
    return finish(
      res,
      logged,
      {
        status: 404,
        text: "<html><body><h1>404</h1><p>The page could not be found or you don't have permission to view it.</p></body></html>\n",
        contentType: 'text/html',
      },
      method,
    );
  }

  // Rack::Cors, in front of Rack::Attack and authentication: answers a preflight itself, and marks every API answer.
  const cors = corsFor(method, req.headers, new URL(ctx.webUrl).origin);
  if (cors?.preflight) return finish(res, logged, { status: 200, text: '', headers: cors.headers }, method);
  const reply = (answer: ApiResponse) =>
    finish(res, logged, cors ? { ...answer, headers: { ...answer.headers, ...cors.headers } } : answer, method);

  // Rack::Attack: per user when the token is valid, else per IP (docs/gitlab-behaviour.md#rate-limits-and-pagination).
  const throttled = knownToken && !knownToken.revoked ? `user:${knownToken.userId}` : `ip:${req.socket.remoteAddress}`;
  const verdict = limiter.hit(throttled, throttled.startsWith('user:'));
  if (fault?.kind === 'rate-limit' && fault.endpoint) {
    const headers = { 'Retry-After': String(fault.retryAfter ?? 60) };
    return reply({ status: 429, body: { message: '429 Too Many Requests' }, headers });
  }
  if (fault?.kind === 'rate-limit') {
    const headers = {
      ...verdict.headers,
      'Retry-After': String(fault.retryAfter ?? 60),
      'RateLimit-Remaining': '0',
      'RateLimit-ResetTime': new Date(Date.now() + (fault.retryAfter ?? 60) * 1000).toUTCString(),
    };
    return reply({ status: 429, text: 'Retry later\n', contentType: 'text/plain', headers });
  }
  if (!verdict.allowed)
    return reply({ status: 429, text: 'Retry later\n', contentType: 'text/plain', headers: verdict.headers });

  let response: ApiResponse;
  try {
    if (!match || match.kind === 'not-found') throw notFound.route();
    if (match.kind === 'method-not-allowed') {
      const error = grapeError(405, '405 Not Allowed');
      error.response.headers = { allow: match.allow.join(', ') };
      throw error;
    }
    const today = new Date().toISOString().slice(0, 10);
    const token = resolveToken(ctx.state, credentials, today);
    const user = token ? ctx.state.users.get(token.userId) : undefined;
    if (match.route.auth === 'required' && !user) throw unauthorized();
    checkScopes(token, match.route.scopes);
    const request: ApiRequest = {
      method,
      path: apiPath,
      query: url.searchParams,
      params: { ...Object.fromEntries(url.searchParams), ...parseBody(req, rawBody) },
      url: requestUrl,
      user,
      token,
    };
    response = match.route.handle(ctx, request, match.path);
  } catch (e) {
    if (!(e instanceof ApiError)) {
      console.error('[gitlab-simulator] endpoint crashed:', e);
      response = { status: 500, body: { message: '500 Internal Server Error' } };
    } else response = e.response;
  }
  response = { ...response, headers: { ...verdict.headers, ...response.headers } };
  if (fault?.kind === 'truncate' && response.body !== undefined) {
    const text = JSON.stringify(response.body);
    response = {
      ...response,
      body: undefined,
      text: text.slice(0, Math.floor(text.length / 2)),
      contentType: 'application/json',
    };
  }
  if (fault?.kind === 'rewrite' && response.body !== undefined) {
    const text = JSON.stringify(response.body).replace(new RegExp(fault.find, 'g'), fault.replace);
    response = { ...response, body: undefined, text, contentType: 'application/json' };
  }
  if (fault?.kind === 'endless-pages' && response.status < 300) {
    const endless = endlessPages(requestUrl, response.body);
    response = {
      ...response,
      body: endless.body as ApiResponse['body'],
      headers: { ...response.headers, ...endless.headers },
    };
  }
  if (fault?.kind === 'budget-spent' && response.status < 300) {
    const resetAt = Math.floor(limiter.options.now() / 1000) + (fault.resetIn ?? 3600);
    response = {
      ...response,
      headers: { ...response.headers, 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(resetAt) },
    };
  }
  if (fault?.kind === 'invalid-json') {
    response = {
      ...response,
      status: 200,
      body: undefined,
      text: '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>\n',
      contentType: 'application/json',
    };
  }
  reply(response);
}

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '');
  const text = raw.toString('utf8');
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw grapeError(400, 'There was a problem with the JSON you submitted');
    }
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  }
  if (type.includes('application/x-www-form-urlencoded') || type === '')
    return Object.fromEntries(new URLSearchParams(text));
  return {};
}

let requestCounter = 0;

/** Writes an answer with GitLab's usual headers and records its status in the log. */
export function finish(res: ServerResponse, entry: RequestLogEntry, response: ApiResponse, method: string): void {
  if (res.destroyed) return;
  entry.status = response.status;
  const headers: Record<string, string> = {
    'cache-control': 'max-age=0, private, must-revalidate',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'x-request-id': `sim-${(++requestCounter).toString(36).padStart(8, '0')}`,
    vary: 'Origin',
    ...Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  let payload = '';
  if (response.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(response.body);
  } else if (response.text !== undefined) {
    headers['content-type'] = response.contentType ?? 'text/plain';
    payload = response.text;
  }
  if (response.status !== 204 && response.status !== 304)
    headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' || response.status === 204 ? undefined : payload);
}
