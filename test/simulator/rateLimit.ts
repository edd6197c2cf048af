// Rack::Attack-style throttling (docs/gitlab-behaviour.md#rate-limits-and-pagination): fixed 60 s windows per user (or per IP when unauthenticated), informational
// RateLimit-* headers on every API response (GitLab's RackAttackHeaders middleware, behind the feature flag
// rate_limiting_headers_for_unthrottled_requests; `headersOnSuccess: false` is an instance with it off), and
// `429 Retry later` (text/plain) with Retry-After and RateLimit-ResetTime (RequestThrottleData#throttled_response_headers).
export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export interface RateLimitOptions {
  authenticatedPerMinute: number;
  unauthenticatedPerMinute: number;
  now: () => number;
  /** Successes carry the RateLimit-* headers too (default); false: only a 429 does. */
  headersOnSuccess?: boolean;
}

const PERIOD_SECONDS = 60;

export class RateLimiter {
  private readonly counts = new Map<string, number>();

  constructor(public options: RateLimitOptions) {}

  /** Counts one request for `key` (e.g. `user:3` or `ip:127.0.0.1`). */
  hit(key: string, authenticated: boolean): RateLimitVerdict {
    const nowSeconds = Math.floor(this.options.now() / 1000);
    const window = Math.floor(nowSeconds / PERIOD_SECONDS);
    const resetAt = (window + 1) * PERIOD_SECONDS;
    const bucket = `${key}:${window}`;
    const observed = (this.counts.get(bucket) ?? 0) + 1;
    this.counts.set(bucket, observed);
    this.prune(window);
    const limit = authenticated ? this.options.authenticatedPerMinute : this.options.unauthenticatedPerMinute;
    const headers: Record<string, string> = {
      'RateLimit-Name': authenticated ? 'throttle_authenticated_api' : 'throttle_unauthenticated_api',
      'RateLimit-Limit': String(limit),
      'RateLimit-Observed': String(observed),
      'RateLimit-Remaining': String(Math.max(limit - observed, 0)),
      'RateLimit-Reset': String(resetAt),
    };
    if (observed <= limit) return { allowed: true, headers: this.options.headersOnSuccess === false ? {} : headers };
    headers['RateLimit-ResetTime'] = new Date(resetAt * 1000).toUTCString();
    headers['Retry-After'] = String(Math.max(resetAt - nowSeconds, 1));
    return { allowed: false, headers };
  }

  reset(): void {
    this.counts.clear();
  }

  private prune(currentWindow: number): void {
    for (const bucket of this.counts.keys()) {
      if (Number(bucket.slice(bucket.lastIndexOf(':') + 1)) < currentWindow) this.counts.delete(bucket);
    }
  }
}
