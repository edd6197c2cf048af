/** When a failed request may be sent again, and how long to wait first. */

/** Statuses that say "try later": rate limited, or a proxy/load balancer that could not reach GitLab. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Only reads are retried: a write such as an approval must never be sent twice. */
export function isRetryable(method: string, status: number): boolean {
  return (method === 'GET' || method === 'HEAD') && RETRYABLE_STATUSES.has(status);
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest a background read waits for GitLab's rate limit: a 429's `Retry-After`, or a spent window's end
   * (default `maxDelayMs`). A longer wait fails the read `rate-limited`, with the time it names.
   */
  maxRateLimitWaitMs?: number;
}

/**
 * One rate-limit window: GitLab's throttles count per period, 60 s by default and on GitLab.com, and their 429 asks
 * for the rest of the period at most (docs/transport.md#rate-limit-headers).
 */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaitMs: RATE_LIMIT_WINDOW_MS,
};

/**
 * The longest wait any server may ask for. A larger `Retry-After` (or a date years ahead) is a broken or hostile
 * server; an hour keeps the extension polite without going quiet for good, and stays far below the 2^31-1 ms that
 * `setTimeout` can hold (a larger delay fires after 1 ms).
 */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** `Retry-After` as delta-seconds or an HTTP date, clamped to an hour; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isNaN(ms) ? undefined : clampWait(ms);
}

/** Any wait a server asked for, made safe for a timer: 0 … one hour. */
export function clampWait(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/**
 * The wait before retry number `attempt` (1-based). The server's `Retry-After` wins, capped; otherwise exponential
 * backoff with full jitter so that many clients do not retry in step.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: RetryOptions,
  random = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
