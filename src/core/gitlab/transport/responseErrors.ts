import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RejectedByGitLabError,
  UnauthorizedError,
  WriteOutcomeUnknownError,
  flattenGitLabMessage,
  redactSecrets,
  type GitLabError,
} from '../../errors';
import { describeUrl } from './confinement';
import type { AnswerHeaders } from './exchange';
import { clampWait, parseRetryAfter } from './retryPolicy';

export interface ResponseContext {
  method: string;
  url: URL;
  /** The user is waiting on this request: a 429 tells them when to try again. */
  userAction?: boolean;
  now?: number;
}

/** Statuses from a proxy or load balancer that lost GitLab's answer; a write may still have been applied. */
const ANSWER_LOST_STATUSES = new Set([502, 504]);

/** The one typed error for an HTTP failure status. */
export function errorForResponse(
  context: ResponseContext,
  status: number,
  headers: AnswerHeaders,
  rawBody: unknown,
): GitLabError {
  const { method, url } = context;
  // A proxy's HTML error page says nothing a user can use; its status line does.
  const body =
    typeof rawBody === 'string' && /^\s*</.test(rawBody)
      ? { message: `${status} ${STATUS_TEXT[status] ?? 'Error'}` }
      : rawBody;
  const message = flattenGitLabMessage(body);
  const detail = redactSecrets(
    `${method} ${describeUrl(new URL(url.pathname, url))} → ${status}${message ? ` ${JSON.stringify(message)}` : ''}`,
  );
  if (isWrite(method) && ANSWER_LOST_STATUSES.has(status)) return new WriteOutcomeUnknownError(detail);
  switch (status) {
    case 401:
      return new UnauthorizedError(detail);
    case 403:
      return new ForbiddenError(detail);
    case 404:
      return new NotFoundError(notFoundSubject(message), detail);
    case 407:
      // A proxy's, never GitLab's: the request did not get through, so a write was not applied either.
      return new NetworkError(url.host, detail, { proxyAuthentication: true });
    case 429:
      return new RateLimitedError(retryAfterMs(headers, context.now), detail, {
        forUserAction: context.userAction,
        now: context.now,
      });
    default:
      return new RejectedByGitLabError(status, body, detail);
  }
}

export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

const STATUS_TEXT: Record<number, string> = {
  407: 'Proxy Authentication Required',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** GitLab's 404 texts name what is missing ("404 Project Not Found"); the catch-all route says only "404 Not Found". */
function notFoundSubject(message: string): string {
  const named = /^404 (.+?) Not Found$/i.exec(message);
  return named && named[1].toLowerCase() !== 'not' ? `the ${named[1].toLowerCase()}` : 'what was asked for';
}

/** `Retry-After`, else the end of the rate-limit window; either clamped to an hour. */
function retryAfterMs(headers: AnswerHeaders, now = Date.now()): number | undefined {
  const afterMs = parseRetryAfter(headers.get('retry-after'), now);
  if (afterMs !== undefined) return afterMs;
  const reset = Number(headers.get('ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? clampWait(reset * 1000 - now) : undefined;
}
