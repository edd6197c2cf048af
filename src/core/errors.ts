import { waitText } from './util/duration';

// The errors the core reports, modelled on GitLab Workflow's UserFriendlyError: each carries a one-sentence
// `userMessage` for a notification and a technical `detail` for the log. Neither may ever contain a token, so both
// pass through `redactSecrets`. Callers `switch (error.kind)` on the `GitLabError` union.

/** The setting a user changes to trust a private certificate authority; quoted in TLS hints. */
export const CA_FILE_SETTING = 'gitlabApprovals.caFile';

export type GitLabErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rejected'
  | 'rate-limited'
  | 'network'
  | 'tls'
  | 'timeout'
  | 'cancelled'
  | 'not-supported'
  | 'invalid-input'
  | 'not-api'
  | 'maybe-applied'
  | 'unexpected';

export abstract class UserFriendlyError extends Error {
  abstract readonly kind: GitLabErrorKind;
  readonly userMessage: string;
  readonly detail: string;

  protected constructor(userMessage: string, detail: string, options?: { cause?: unknown }) {
    const safeMessage = redactSecrets(userMessage);
    super(safeMessage, options);
    this.name = new.target.name;
    this.userMessage = safeMessage;
    this.detail = redactSecrets(detail);
  }
}

export class UnauthorizedError extends UserFriendlyError {
  readonly kind = 'unauthorized';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('GitLab did not accept the access token; it may be wrong, expired or revoked.', detail, options);
  }
}

export class ForbiddenError extends UserFriendlyError {
  readonly kind = 'forbidden';
  constructor(detail: string, options?: { cause?: unknown }) {
    super('You do not have permission to do this in GitLab.', detail, options);
  }
}

export class NotFoundError extends UserFriendlyError {
  readonly kind = 'not-found';
  constructor(what: string, detail: string, options?: { cause?: unknown }) {
    super(`GitLab could not find ${what}, or you cannot see it.`, detail, options);
  }
}

/**
 * GitLab answered with an error status no other kind describes: a 4xx carrying its own message (e.g. the approval
 * service's 400s, docs/gitlab-behaviour.md#approving-and-rejecting), or a 5xx — which is a failure, not a refusal, and
 * is named as one.
 */
export class RejectedByGitLabError extends UserFriendlyError {
  readonly kind = 'rejected';
  readonly status: number;
  readonly gitlabMessage: string;
  constructor(status: number, body: unknown, detail: string, options?: { cause?: unknown }) {
    const gitlabMessage = flattenGitLabMessage(body) || `HTTP ${status}`;
    super(failedRequestSentence(status, gitlabMessage), detail, options);
    this.status = status;
    this.gitlabMessage = redactSecrets(gitlabMessage);
  }
}

export class RateLimitedError extends UserFriendlyError {
  readonly kind = 'rate-limited';
  /** When GitLab said to retry (from Retry-After or RateLimit-Reset), if it said so; never more than an hour ahead. */
  readonly retryAt: Date | undefined;
  /** The same wait in milliseconds from when the answer arrived, for a view that says how long it waits. */
  readonly retryAfterMs: number | undefined;
  /**
   * `forUserAction`: the user is waiting on this request (an approval, a run), so the message tells them when to try
   * again; a background refresh says the extension will. `budgetSpent`: no 429 came; GitLab's `RateLimit-Remaining` on
   * an ordinary answer said the budget is spent, and the request was not sent.
   */
  constructor(
    retryAfterMs: number | undefined,
    detail: string,
    options?: { cause?: unknown; forUserAction?: boolean; now?: number; budgetSpent?: boolean },
  ) {
    const seconds = retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000));
    const retryAt = retryAfterMs === undefined ? undefined : new Date((options?.now ?? Date.now()) + retryAfterMs);
    super(
      options?.forUserAction
        ? `GitLab is rate limiting requests; try again ${seconds === undefined ? 'in a minute' : `in ${seconds} s`}.`
        : options?.budgetSpent && retryAfterMs !== undefined
          ? `GitLab says this account's rate limit is used up until its window resets; the extension waits ${waitText(retryAfterMs)} before refreshing.`
          : retryAfterMs !== undefined
            ? `GitLab is rate limiting requests (429); the extension waits ${waitText(retryAfterMs)} before trying again.`
            : 'GitLab is rate limiting requests (429); the extension will try again later.',
      detail,
      options,
    );
    this.retryAt = retryAt;
    this.retryAfterMs = retryAfterMs;
  }
}

export class NetworkError extends UserFriendlyError {
  readonly kind = 'network';
  /** `proxyAuthentication`: a proxy on the way answered 407; the request never reached GitLab. */
  constructor(host: string, detail: string, options?: { cause?: unknown; proxyAuthentication?: boolean }) {
    super(
      options?.proxyAuthentication
        ? `The proxy between VS Code and ${host} asks for authentication (407); check the proxy credentials in VS Code's proxy settings.`
        : `Could not reach ${host}; check the network connection, proxy and instance URL.`,
      detail,
      options,
    );
  }
}

export type TlsProblem =
  | 'self-signed'
  | 'untrusted-issuer'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  /** An https:// URL met a server that speaks plain HTTP: the scheme is wrong, not the certificate. */
  | 'not-tls'
  | 'other';

export class TlsError extends UserFriendlyError {
  readonly kind = 'tls';
  readonly problem: TlsProblem;
  /** `caFileInUse`: the request trusted a CA file set for this instance, so the hint is about that file. */
  constructor(host: string, problem: TlsProblem, detail: string, options?: { cause?: unknown; caFileInUse?: boolean }) {
    super(`${tlsProblemSentence(host, problem)} ${tlsHint(problem, options?.caFileInUse)}`, detail, options);
    this.problem = problem;
  }
}

export class TimeoutError extends UserFriendlyError {
  readonly kind = 'timeout';
  constructor(seconds: number, detail: string, options?: { cause?: unknown }) {
    super(`GitLab did not answer within ${seconds} seconds.`, detail, options);
  }
}

export class CancelledError extends UserFriendlyError {
  readonly kind = 'cancelled';
  constructor(detail = 'cancelled by the caller') {
    super('The request was cancelled.', detail);
  }
}

/** The instance, its edition or its license lacks a feature (see capabilities.ts for the reasons). */
export class NotSupportedError extends UserFriendlyError {
  readonly kind = 'not-supported';
  readonly reason: string;
  constructor(reason: string, detail: string = reason) {
    super(reason, detail);
    this.reason = redactSecrets(reason);
  }
}

/** Input rejected before any request: a bad URL, a count out of range, a comment too long… */
export class InvalidInputError extends UserFriendlyError {
  readonly kind = 'invalid-input';
  readonly field: string;
  constructor(field: string, userMessage: string, detail: string = userMessage) {
    super(userMessage, detail);
    this.field = field;
  }
}

/**
 * A body that is not GitLab's API: an HTML page (a sign-on or proxy login page), JSON that does not parse, or JSON of
 * another shape than the route returns. Never taken as data, so the last good data stays.
 */
export class NotTheApiError extends UserFriendlyError {
  readonly kind = 'not-api';
  readonly webPage: boolean;
  constructor(webPage: boolean, detail: string) {
    super(
      webPage
        ? 'GitLab answered with a web page, not the API — a proxy or sign-on page?'
        : 'GitLab’s answer is not what its API returns (cut off, or changed on the way) — a proxy in between?',
      detail,
    );
    this.webPage = webPage;
  }
}

/**
 * A write (approve, reject, run, a protection change) was sent, and then the answer was lost: a 502/504 from a proxy,
 * the deadline, or a dropped connection. GitLab may have applied it, so it must be checked, not blindly sent again.
 */
export class WriteOutcomeUnknownError extends UserFriendlyError {
  readonly kind = 'maybe-applied';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'The change was sent, but GitLab’s answer was lost on the way; it may have gone through. Check the deployment before trying again.',
      detail,
      options,
    );
  }
}

/** A failure no other kind describes (an answer of a shape nobody expected, or a defect): said, never silent. */
export class UnexpectedError extends UserFriendlyError {
  readonly kind = 'unexpected';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'The last refresh failed unexpectedly, so the data shown may be out of date; the log has the details.',
      detail,
      options,
    );
  }
}

export type GitLabError =
  | UnauthorizedError
  | ForbiddenError
  | NotFoundError
  | RejectedByGitLabError
  | RateLimitedError
  | NetworkError
  | TlsError
  | TimeoutError
  | CancelledError
  | NotSupportedError
  | InvalidInputError
  | NotTheApiError
  | WriteOutcomeUnknownError
  | UnexpectedError;

export function isGitLabError(value: unknown): value is GitLabError {
  return value instanceof UserFriendlyError;
}

/**
 * GitLab's error text from a response body: `{"message": string | string[] | {field: string[]}}` (Rails/Grape,
 * docs/gitlab-behaviour.md#approving-and-rejecting, docs/gitlab-behaviour.md#protected-environments-api) or `{"error": string}` (Grape validation). Arrays are joined into one sentence.
 */
export function flattenGitLabMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim();
  if (body === null || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  return flattenMessageValue(record.message ?? record.error ?? record.error_description);
}

function flattenMessageValue(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(flattenMessageValue).filter(Boolean).join('; ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([field, messages]) => `${field} ${flattenMessageValue(messages)}`.trim())
      .join('; ');
  }
  return '';
}

/**
 * A TLS failure from Node's error code and message. OpenSSL reports an answer that is not TLS at all (a plain-HTTP
 * server behind an https:// URL) as EPROTO "wrong version number" (or, through some stacks, its own code).
 */
export function tlsProblemFrom(code: string | undefined, message: string): TlsProblem | undefined {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_HTTP_REQUEST') return 'not-tls';
  if (code === 'EPROTO' && /wrong version number|http request|packet length too long/i.test(message)) return 'not-tls';
  return tlsProblemFromCode(code);
}

/** Node's TLS error codes (`err.code`) mapped to the problem a user can act on. */
export function tlsProblemFromCode(code: string | undefined): TlsProblem | undefined {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'self-signed';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_UNTRUSTED':
      return 'untrusted-issuer';
    case 'CERT_HAS_EXPIRED':
      return 'expired';
    case 'CERT_NOT_YET_VALID':
      return 'not-yet-valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'hostname-mismatch';
    default:
      return code?.startsWith('CERT_') || code?.startsWith('ERR_TLS_') || code?.startsWith('ERR_SSL_')
        ? 'other'
        : undefined;
  }
}

/** GitLab's own 4xx text is a refusal; a 5xx is a failure, said by what failed; every sentence ends with a stop. */
function failedRequestSentence(status: number, gitlabMessage: string): string {
  switch (status) {
    case 500:
      return 'GitLab had an internal error (500).';
    case 502:
      return 'The proxy in front of GitLab could not get an answer from it (502 Bad Gateway).';
    case 503:
      return 'GitLab is unavailable (503); it may be down for maintenance or overloaded.';
    case 504:
      return 'The proxy in front of GitLab gave up waiting for it (504 Gateway Timeout).';
  }
  if (status >= 500) return `GitLab failed to answer (${status}).`;
  return withFullStop(`GitLab refused the request: ${gitlabMessage}`);
}

function withFullStop(sentence: string): string {
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}

function tlsProblemSentence(host: string, problem: TlsProblem): string {
  switch (problem) {
    case 'self-signed':
      return `The certificate of ${host} is self-signed.`;
    case 'untrusted-issuer':
      return `The certificate of ${host} was issued by an authority this computer does not trust.`;
    case 'expired':
      return `The certificate of ${host} has expired.`;
    case 'not-yet-valid':
      return `The certificate of ${host} is not valid yet; check the computer's clock.`;
    case 'hostname-mismatch':
      return `The certificate of ${host} was issued for a different host name.`;
    case 'not-tls':
      return `${host} did not answer with TLS, so it probably serves only http://.`;
    case 'other':
      return `The secure connection to ${host} failed.`;
  }
}

function tlsHint(problem: TlsProblem, caFileInUse = false): string {
  switch (problem) {
    case 'self-signed':
    case 'untrusted-issuer':
    case 'other':
      if (caFileInUse && problem !== 'other')
        return `The CA file set in "${CA_FILE_SETTING}" does not include the authority that issued it, and this computer does not trust it either; check that the file holds your organisation's CA certificate.`;
      return `If your organisation uses its own certificate authority, point the "${CA_FILE_SETTING}" setting at its CA file.`;
    case 'hostname-mismatch':
      return 'Check that the instance URL uses the host name the certificate was issued for.';
    case 'not-tls':
      return 'Check the address: if your GitLab has no https://, sign in with its http:// URL (the token then travels unencrypted).';
    case 'expired':
    case 'not-yet-valid':
      return 'Ask the GitLab administrator to renew the certificate.';
  }
}

const REDACTED = '[REDACTED]';

/** GitLab token prefixes (personal, OAuth, deploy, runner, CI job, pipeline trigger, feed, incoming mail, agent, SCIM, feature-flag, workspace). */
const GITLAB_TOKEN = /\b(?:glpat|gloas|gldt|glrt|glrtr|glcbt|glptt|glft|glimt|glagent|glsoat|glffct|glwt)-[\w.-]{8,}/g;
/** Header-like `Name: value` or `"name": "value"` pairs whose value is a credential. */
const SECRET_HEADER =
  /((?:private-token|job-token|authorization|proxy-authorization|cookie|set-cookie)["']?\s*[:=]\s*["']?)(?:(bearer|basic|token)\s+)?[^\s"',;}]+/gi;
/** `?private_token=…` and friends in URLs. */
const SECRET_QUERY = /([?&](?:private_token|access_token|job_token|token|password|client_secret)=)[^&#\s"']+/gi;
/** `https://user:secret@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;

/** Token values in use, so that redaction does not depend on a token looking like one (a few, newest last). */
const knownSecretValues: string[] = [];
const MAX_KNOWN_SECRETS = 32;
/** Shorter values would redact ordinary words; no GitLab token is this short. */
const MIN_SECRET_LENGTH = 8;

/**
 * Remembers a secret's value (a token as it is sent), so every later `redactSecrets` removes it wherever it shows up:
 * echoed in GitLab's error text, in a redirect's query string, in the log.
 */
export function rememberSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH || knownSecretValues.includes(value)) return;
  knownSecretValues.push(value);
  if (knownSecretValues.length > MAX_KNOWN_SECRETS) knownSecretValues.shift();
}

/**
 * Removes credentials from any text headed for a log or a message: every remembered token value and any the caller
 * passes, header values, token-shaped strings, URL query tokens and passwords.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of [...knownSecrets, ...knownSecretValues]) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(GITLAB_TOKEN, REDACTED)
    .replace(
      SECRET_HEADER,
      (_match, name: string, scheme: string | undefined) => `${name}${scheme ? `${scheme} ` : ''}${REDACTED}`,
    )
    .replace(SECRET_QUERY, `$1${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
}
