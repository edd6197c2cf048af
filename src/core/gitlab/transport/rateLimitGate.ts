import { clampWait, parseRetryAfter } from './retryPolicy';

/** What the gate says to a background read: go now, wait for the window to reset, or wait for the next answer. */
export type Admission = { go: true; probe?: true } | { go: false; waitMs: number } | { go: false; nextAnswer: true };

/**
 * GitLab tells every client its budget (`RateLimit-Remaining`, `RateLimit-Reset`; see
 * docs/gitlab-behaviour.md#rate-limits-and-pagination and docs/transport.md#rate-limit-headers). When little is
 * left, background reads wait for the window to reset, so a large refresh slows down instead of running into 429s.
 *
 * The pace follows the headers as they come: every request sent is counted against the window it was sent in, and
 * once a window has passed, one background read goes first and the others wait for its answer, whose headers say how
 * much the new window has left: a backlog is never released at once on an assumed budget. Before any answer has
 * carried the headers (or when the probe got no answer at all) nothing is known, and reads are not held.
 * One gate per instance: another instance's budget is its own.
 */
export class RateLimitGate {
  private window?: { remaining: number; resetAtMs: number };
  private reserve = 2;
  /** Nothing to pace by: no answer has carried the headers yet, or the server does not send them. */
  private unmetered = true;
  /** A read sent to learn the new window's budget; the others wait for an answer. */
  private probing = false;
  /** Requests counted and not yet answered: the next window's headers may not count them yet. */
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads the headers of any answer (a 429's included). */
  observe(headers: Headers, status: number): void {
    const remaining = Number(headers.get('ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('ratelimit-reset') ?? NaN);
    const limit = Number(headers.get('ratelimit-limit') ?? NaN);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) {
      // A success without the headers: this server does not advertise a budget. (A 429 without them is an
      // endpoint's own limit, lib/api/helpers.rb `too_many_requests!`: it says nothing about the budget.)
      if (status !== 429 && this.window === undefined) this.stopProbing();
      return;
    }
    this.unmetered = false;
    // On a 429, `Retry-After` is GitLab's own word on when to come back; it wins over the window's end.
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), this.now());
    const resetAtMs = this.now() + (retryAfterMs ?? clampWait(reset * 1000 - this.now()));
    const known = this.window;
    // An answer from a window that has passed (sent before the reset, answered after it) says nothing about this one.
    if (resetAtMs <= this.now() || (known && resetAtMs < known.resetAtMs - 1_000)) return;
    if (known && resetAtMs <= known.resetAtMs + 1_000) {
      // The same window: the lower count wins (ours includes what is on its way; GitLab's, what others sent).
      known.remaining = Math.min(known.remaining, remaining);
    } else {
      // A new window: what GitLab counted so far, less what we have on its way that it may not have counted yet.
      this.window = { remaining: remaining - Math.max(0, this.inFlight - 1), resetAtMs };
    }
    // Keep a little back for the user's own actions (an approval must not wait for a background refresh's budget).
    this.reserve = Number.isFinite(limit) ? Math.max(2, Math.ceil(limit * 0.05)) : 2;
    this.probing = false;
    this.wake();
  }

  /** Whether a background read may be sent now; when it may, it is counted. */
  admit(): Admission {
    if (this.window && this.window.resetAtMs <= this.now()) {
      // The window has passed: what the new one has left is learnt from the next answer, not assumed.
      this.window = undefined;
      this.unmetered = false;
    }
    if (this.window) {
      if (this.window.remaining <= this.reserve) return { go: false, waitMs: this.window.resetAtMs - this.now() };
      this.count();
      return { go: true };
    }
    if (this.unmetered) {
      this.count();
      return { go: true };
    }
    if (this.probing) return { go: false, nextAnswer: true };
    this.probing = true;
    this.count();
    return { go: true, probe: true };
  }

  /** Counts a request the user is waiting on: it goes whatever the budget, but it spends it. */
  count(): void {
    this.inFlight++;
    if (this.window) this.window.remaining--;
  }

  /**
   * A counted request is over (answered or not). A probe that brought no headers (no answer at all: the network, the
   * deadline) leaves nothing to pace by, so the waiting reads go; they are paced again once headers come.
   */
  settled(probe = false): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (probe && this.probing) this.stopProbing();
  }

  /**
   * Resolves at the probe's answer, or when it ends without one. Bounded by the probe's own deadline, so a cancelled
   * caller is told when it wakes (no abort listener per waiter: many reads share one signal).
   */
  nextAnswer(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private stopProbing(): void {
    this.probing = false;
    this.unmetered = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
