// Faults on demand, globally or per route, switchable at run time. A fault matches a request by named route, method and/or a
// regular expression on the request path; `times` limits how many requests it hits (then it is removed).

export type Fault =
  /** Delay the answer by `ms` plus a random 0..`jitterMs`. Combines with any other fault. */
  | { kind: 'latency'; ms: number; jitterMs?: number }
  /** Answer with this status. Default bodies: 500 GitLab's JSON, 502/503/504 the proxy's HTML page. */
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /**
   * A 429 from the rate limiter (use `times` for a burst), with `Retry-After: retryAfter` seconds and the spent
   * window's `RateLimit-*`; `endpoint`: an endpoint's own limit instead (`Gitlab::ApplicationRateLimiter`, API helpers'
   * `too_many_requests!`): `Retry-After` and a JSON message only, nothing about the user's budget.
   */
  | { kind: 'rate-limit'; retryAfter?: number; endpoint?: boolean }
  /** Destroy the socket without an answer (ECONNRESET / "socket hang up" for the client). */
  | { kind: 'reset' }
  /** Never answer; the connection stays open until the client gives up or the simulator closes. */
  | { kind: 'hang' }
  /** Answer normally but cut the JSON body in half (a complete HTTP response with unparsable JSON). */
  | { kind: 'truncate' }
  /** Answer 200 with `application/json` but an HTML body, like a misconfigured proxy. */
  | { kind: 'invalid-json' }
  /** Redirect to the simulator's second loopback listener (another origin), same path and query. */
  | { kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308 }
  /**
   * Answer normally, with every match of the regular expression `find` in the JSON text replaced by `replace` (`$1`…
   * allowed): for JSON that `JSON.stringify` cannot write, such as an id beyond 2^53 that GitLab's bigint columns can
   * hold and Ruby writes exactly.
   */
  | { kind: 'rewrite'; find: string; replace: string }
  /**
   * A broken or hostile server's pagination: every answer says there is a next page (`Link: <…page=n+1>; rel="next"`,
   * `X-Next-Page`, `X-Page`, `X-Total-Pages`), for ever, and a single object is sent wrapped in a list, which is what
   * makes a client that follows `Link` on any list answer (gitbeaker) page for ever.
   */
  | { kind: 'endless-pages' }
  /**
   * Answer normally, but with `RateLimit-Remaining: 0` and a `RateLimit-Reset` `resetIn` seconds ahead (default an
   * hour): the budget spent on an ordinary 200, as GitLab says it on the last request of a window (or a broken server
   * for longer).
   */
  | { kind: 'budget-spent'; resetIn?: number };

export interface FaultScope {
  /** A named route (e.g. `deployments.list`, see README); exact match. */
  route?: string;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Regular expression source tested against the request path (including `/api/v4` and any base path). */
  path?: string;
  /** Apply to this many matching requests, then remove the fault. Default: until cleared. */
  times?: number;
}

export type FaultSpec = Fault & FaultScope;
export type ActiveFault = FaultSpec & { id: number; hits: number };

export interface FaultDecision {
  delayMs: number;
  fault?: ActiveFault;
}

export class Faults {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a fault and returns its id. */
  add(spec: FaultSpec): number {
    validate(spec);
    const id = this.nextId++;
    this.faults.push({ ...spec, id, hits: 0 });
    return id;
  }

  /** Replaces every fault with these. */
  set(specs: FaultSpec[]): number[] {
    specs.forEach(validate);
    this.faults = [];
    return specs.map((s) => this.add(s));
  }

  remove(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Picks what applies to one request: all matching latencies add up; the first other matching fault wins. */
  decide(method: string, path: string, route: string | undefined): FaultDecision {
    let delayMs = 0;
    let chosen: ActiveFault | undefined;
    for (const fault of [...this.faults]) {
      if (!matches(fault, method, path, route)) continue;
      if (fault.kind === 'latency') {
        delayMs += fault.ms + Math.random() * (fault.jitterMs ?? 0);
        this.consume(fault);
      } else if (!chosen) {
        chosen = fault;
        this.consume(fault);
      }
    }
    return { delayMs, fault: chosen };
  }

  private consume(fault: ActiveFault): void {
    fault.hits++;
    if (fault.times !== undefined && fault.hits >= fault.times) this.remove(fault.id);
  }
}

function matches(fault: FaultScope, method: string, path: string, route: string | undefined): boolean {
  if (fault.route !== undefined && fault.route !== route) return false;
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.path !== undefined && !new RegExp(fault.path).test(path)) return false;
  return true;
}

const KINDS = [
  'latency',
  'status',
  'rate-limit',
  'reset',
  'hang',
  'truncate',
  'invalid-json',
  'redirect',
  'endless-pages',
  'budget-spent',
  'rewrite',
];

function validate(spec: FaultSpec): void {
  if (!spec || !KINDS.includes(spec.kind))
    throw new Error(`unknown fault kind ${JSON.stringify(spec?.kind)}; known: ${KINDS.join(', ')}`);
  if (spec.kind === 'latency' && !(typeof spec.ms === 'number' && spec.ms >= 0))
    throw new Error('latency needs ms >= 0');
  if (spec.kind === 'status' && !(Number.isInteger(spec.status) && spec.status >= 100 && spec.status <= 599))
    throw new Error('status needs a status code');
  if (spec.kind === 'rewrite' && !(typeof spec.find === 'string' && typeof spec.replace === 'string'))
    throw new Error('rewrite needs find (a regular expression) and replace');
  if (spec.kind === 'rewrite') new RegExp(spec.find);
  if (spec.path !== undefined) new RegExp(spec.path);
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0))
    throw new Error('times must be a positive integer');
}

/** The body a proxy or GitLab sends with a 5xx. */
export function defaultFaultBody(status: number): { text: string; contentType: string } {
  if (status === 500)
    return { text: JSON.stringify({ message: '500 Internal Server Error' }), contentType: 'application/json' };
  const reason = { 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[status] ?? 'Error';
  return {
    text: `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>\n`,
    contentType: 'text/html',
  };
}

/** The headers and body of the `endless-pages` fault: a next page always, and an object sent as a list of one. */
export function endlessPages(requestUrl: URL, body: unknown): { headers: Record<string, string>; body: unknown } {
  const page = Math.max(1, Number(requestUrl.searchParams.get('page')) || 1);
  const next = new URL(requestUrl.href);
  next.searchParams.set('page', String(page + 1));
  return {
    headers: {
      link: `<${next.href}>; rel="next"`,
      'x-next-page': String(page + 1),
      'x-page': String(page),
      'x-total-pages': String(page + 1),
    },
    body: body !== null && typeof body === 'object' && !Array.isArray(body) ? [body] : body,
  };
}
