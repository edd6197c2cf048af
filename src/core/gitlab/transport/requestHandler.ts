import type { FormattedResponse, RequestHandlerFn, ResponseBodyTypes } from '@gitbeaker/requester-utils';
import {
  CancelledError,
  isGitLabError,
  NetworkError,
  TimeoutError,
  TlsError,
  tlsProblemFromCode,
  type GitLabError,
} from '../../errors';
import type { Semaphore } from '../../util/semaphore';
import { abortableSleep } from '../../util/sleep';
import { currentCall } from './callContext';
import { errorForResponse, InvalidResponseError, redirectRefused } from './responseErrors';
import type { RateLimitGate } from './rateLimitGate';
import { isRetryable, parseRetryAfter, retryDelayMs, type RetryOptions } from './retryPolicy';

/** What every request of one GitLab instance shares. */
export interface TransportConfig {
  /** The configured instance, e.g. `https://gitlab.example.com` or `https://example.com/gitlab`. */
  instanceUrl: string;
  userAgent: string;
  /** One cap for all calls to the instance (reads, writes, every page and retry). */
  concurrency: Semaphore;
  /** Per attempt, unless the call sets its own. */
  timeoutMs: number;
  retry: RetryOptions;
  /** An undici dispatcher, only for a custom CA file; otherwise VS Code's patched fetch brings proxy and system CAs. */
  dispatcher?: unknown;
  /** Called after every attempt, for the log. The URL has no credentials in it; headers are never passed. */
  onAttempt?: (attempt: AttemptRecord) => void;
  /** Holds reads back when GitLab's rate-limit budget is nearly spent; shared by every call to the instance. */
  rateLimitGate?: RateLimitGate;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface AttemptRecord {
  method: string;
  url: string;
  attempt: number;
  status?: number;
  error?: GitLabError;
  durationMs: number;
  retryInMs?: number;
}

interface GitbeakerRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  searchParams?: string;
  prefixUrl?: string;
  signal?: AbortSignal;
  asStream?: boolean;
}

const MAX_SAME_ORIGIN_REDIRECTS = 3;

/**
 * gitbeaker's transport, replaced (GITBEAKER.md §2.2, §2.5): cancellation and timeouts per call, retries of reads only
 * with `Retry-After` obeyed, one concurrency cap, and the token sent to the configured origin only.
 */
export function createRequestHandler(config: TransportConfig): RequestHandlerFn {
  const instance = new URL(config.instanceUrl);
  const sleep = config.sleep ?? abortableSleep;

  return async (endpoint, rawOptions) => {
    const options = (rawOptions ?? {}) as GitbeakerRequestOptions;
    const method = (options.method ?? 'GET').toUpperCase();
    const call = currentCall();
    const timeoutMs = call.timeoutMs ?? config.timeoutMs;
    const headers = { ...options.headers, 'user-agent': config.userAgent, accept: 'application/json' };
    let url = new URL(endpoint, withTrailingSlash(options.prefixUrl ?? config.instanceUrl));
    url.search = options.searchParams ?? '';

    let redirects = 0;
    for (let attempt = 1; ; attempt++) {
      // Checked before every send, so neither an endpoint nor a redirect can take the token elsewhere.
      if (url.origin !== instance.origin) throw redirectRefused(instance, url);
      // Only reads wait for the budget: a write is what the user just asked for, and the reserve is kept for it.
      const budgetWaitMs = method === 'GET' ? (config.rateLimitGate?.waitMs() ?? 0) : 0;
      if (budgetWaitMs > 0) {
        config.onAttempt?.({ method, url: describeUrl(url), attempt, durationMs: 0, retryInMs: budgetWaitMs });
        await sleep(budgetWaitMs, call.signal).catch(() => {
          throw new CancelledError(
            `${method} ${describeUrl(url)} cancelled while waiting for GitLab's rate-limit window`,
          );
        });
      }
      config.rateLimitGate?.spend();
      const started = Date.now();
      const record = (extra: Partial<AttemptRecord>) =>
        config.onAttempt?.({ method, url: describeUrl(url), attempt, durationMs: Date.now() - started, ...extra });

      let response: Response;
      let body: unknown;
      try {
        ({ response, body } = await config.concurrency.run(async () => {
          const signal = anySignal([call.signal, options.signal, AbortSignal.timeout(timeoutMs)]);
          const init: RequestInit & { dispatcher?: unknown } = {
            method,
            headers,
            body: options.body,
            redirect: 'manual',
            signal,
          };
          if (config.dispatcher) init.dispatcher = config.dispatcher;
          const res = await fetch(url, init);
          config.rateLimitGate?.observe(res.headers);
          return { response: res, body: await readBody(res, method, url) };
        }, call.signal));
      } catch (error) {
        const failure = toTransportError(error, url, timeoutMs, call.signal);
        record({ error: failure });
        throw failure;
      }

      if (isRedirect(response.status)) {
        const location = response.headers.get('location');
        const target = location ? new URL(location, url) : undefined;
        record({ status: response.status });
        if (!target || target.origin !== instance.origin) throw redirectRefused(instance, target);
        if (++redirects > MAX_SAME_ORIGIN_REDIRECTS) throw redirectRefused(instance, target);
        url = target;
        continue;
      }

      if (response.ok) {
        record({ status: response.status });
        return formatted(response, body);
      }

      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const waitMs = retryDelayMs(attempt, retryAfterMs, config.retry);
      // A wait longer than our cap is the engine's business (it backs off); give up now with the server's time.
      const retry =
        isRetryable(method, response.status) &&
        attempt < config.retry.maxAttempts &&
        (retryAfterMs ?? 0) <= config.retry.maxDelayMs;
      if (!retry) {
        const failure = errorForResponse(method, url, response.status, response.headers, body);
        record({ status: response.status, error: failure });
        throw failure;
      }
      record({ status: response.status, retryInMs: waitMs });
      try {
        await sleep(waitMs, call.signal);
      } catch {
        throw new CancelledError(`${method} ${describeUrl(url)} cancelled while waiting to retry`);
      }
    }
  };
}

async function readBody(response: Response, method: string, url: URL): Promise<unknown> {
  if (response.status === 204 || isRedirect(response.status)) {
    await response.body?.cancel();
    return null;
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  const text = await response.text();
  if (contentType !== 'application/json') return text;
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch (error) {
    // A proxy error page or a cut-off answer: say so plainly instead of a SyntaxError.
    throw new InvalidResponseError(
      url.host,
      `${method} ${describeUrl(url)} → ${response.status}: invalid JSON (${(error as Error).message}); first bytes: ${text.slice(0, 120)}`,
    );
  }
}

function formatted(response: Response, body: unknown): FormattedResponse<ResponseBodyTypes> {
  return {
    body: body as ResponseBodyTypes,
    headers: Object.fromEntries(response.headers.entries()),
    status: response.status,
  };
}

function toTransportError(
  error: unknown,
  url: URL,
  timeoutMs: number,
  callSignal: AbortSignal | undefined,
): GitLabError {
  if (isGitLabError(error)) return error;
  const what = `${describeUrl(url)}`;
  if (callSignal?.aborted) return new CancelledError(`${what}: cancelled by the caller`);
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return new TimeoutError(Math.round(timeoutMs / 1000), `${what}: no answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  const code = err.cause?.code;
  const detail = `${what}: ${err.message}${code ? ` (${code}: ${err.cause?.message ?? ''})` : ''}`;
  const tlsProblem = tlsProblemFromCode(code);
  if (tlsProblem) return new TlsError(url.host, tlsProblem, detail, { cause: error });
  return new NetworkError(url.host, detail, { cause: error });
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The URL as it may appear in a log: no query values that could be secrets, no user info. */
function describeUrl(url: URL): string {
  const safe = new URL(url.href);
  safe.username = '';
  safe.password = '';
  for (const key of [...safe.searchParams.keys()]) {
    if (/token|password|secret/i.test(key)) safe.searchParams.set(key, '[REDACTED]');
  }
  return safe.href;
}
