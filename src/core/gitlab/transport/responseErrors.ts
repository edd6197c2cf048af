import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  RejectedByGitLabError,
  UnauthorizedError,
  UserFriendlyError,
  flattenGitLabMessage,
  redactSecrets,
  type GitLabError,
} from '../../errors';
import { parseRetryAfter } from './retryPolicy';

/** A body that claims to be JSON but is not (a proxy's error page, a cut-off answer): a network-kind failure. */
export class InvalidResponseError extends UserFriendlyError {
  readonly kind = 'network';
  constructor(host: string, detail: string) {
    super(`${host} sent an answer that is not valid GitLab JSON; a proxy may be in the way.`, detail);
  }
}

/** The one typed error for an HTTP failure status. */
export function errorForResponse(
  method: string,
  url: URL,
  status: number,
  headers: Headers,
  rawBody: unknown,
): GitLabError {
  // A proxy's HTML error page says nothing a user can use; its status line does.
  const body =
    typeof rawBody === 'string' && /^\s*</.test(rawBody)
      ? { message: `${status} ${STATUS_TEXT[status] ?? 'Error'}` }
      : rawBody;
  const message = flattenGitLabMessage(body);
  const detail = redactSecrets(
    `${method} ${url.origin}${url.pathname} → ${status}${message ? ` ${JSON.stringify(message)}` : ''}`,
  );
  switch (status) {
    case 401:
      return new UnauthorizedError(detail);
    case 403:
      return new ForbiddenError(detail);
    case 404:
      return new NotFoundError(notFoundSubject(message), detail);
    case 429:
      return new RateLimitedError(retryAt(headers), detail);
    default:
      return new RejectedByGitLabError(status, body, detail);
  }
}

const STATUS_TEXT: Record<number, string> = {
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

function retryAt(headers: Headers): Date | undefined {
  const afterMs = parseRetryAfter(headers.get('retry-after'));
  if (afterMs !== undefined) return new Date(Date.now() + afterMs);
  const reset = Number(headers.get('ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
}

/** A redirect to another origin (or a request built for one) is never sent: it would carry the token there. */
export function redirectRefused(instance: URL, target: URL | undefined): InvalidInputError {
  const where = target ? target.origin : 'an address it did not name';
  return new InvalidInputError(
    'instanceUrl',
    `GitLab at ${instance.origin} redirected to ${where}. The token is only ever sent to ${instance.origin}, so the request was stopped; if your GitLab has moved, sign in again with its new URL.`,
    `refused to follow a redirect from ${instance.origin} to ${target?.href ?? '(no Location header)'}`,
  );
}
