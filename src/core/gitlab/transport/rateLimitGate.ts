import { clampWait, parseRetryAfter } from './retryPolicy';

/**
 * GitLab tells every client its budget (`RateLimit-Remaining`, `RateLimit-Reset`; see
 * docs/gitlab-behaviour.md#rate-limits-and-pagination). When little is left, background reads wait for the window to
 * reset, so a large refresh slows down instead of running into 429s. One gate per instance: another instance's budget
 * is its own.
 */
export class RateLimitGate {
  private remaining?: number;
  private reserve = 0;
  private resetAtMs?: number;

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads the headers of any answer; answers without them (some GitLab.com APIs, other servers) change nothing. */
  observe(headers: Headers): void {
    const remaining = Number(headers.get('ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('ratelimit-reset') ?? NaN);
    const limit = Number(headers.get('ratelimit-limit') ?? NaN);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    this.remaining = remaining;
    // On a 429, `Retry-After` is GitLab's own word on when to come back; it wins over the window's end.
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), this.now());
    this.resetAtMs = this.now() + (retryAfterMs ?? clampWait(reset * 1000 - this.now()));
    // Keep a little back for the user's own actions (an approval must not wait for a background refresh's budget).
    this.reserve = Number.isFinite(limit) ? Math.max(2, Math.ceil(limit * 0.05)) : 2;
  }

  /** How long a background read should wait before it is sent (at most an hour); 0 to go now. */
  waitMs(): number {
    if (this.remaining === undefined || this.resetAtMs === undefined) return 0;
    const untilReset = this.resetAtMs - this.now();
    if (untilReset <= 0) {
      this.remaining = undefined;
      return 0;
    }
    return this.remaining > this.reserve ? 0 : untilReset;
  }

  /** Counts a request as sent, so requests in flight are not all let through on one stale count. */
  spend(): void {
    if (this.remaining !== undefined) this.remaining--;
  }
}
