import type { AnswerHeaders } from './exchange';
import { clampWait, parseRetryAfter } from './retryPolicy';

/**
 * GitLab.com's authenticated API limit (docs/gitlab-behaviour.md#rate-limits-and-pagination): what the budget is
 * planned on until the instance says its own.
 */
export const ASSUMED_LIMIT_PER_MINUTE = 2_000;
/** The share of the limit background reads may spend in any rolling 60 s; the rest is the person's (browser, scripts). */
export const BACKGROUND_SHARE = 0.5;
const MINUTE_MS = 60_000;
/** Background reads let go before the instance has answered at all (its limit unknown). */
const BEFORE_FIRST_ANSWER = 20;

/** The instance's limit per minute, and where it was learnt (undefined: assumed, GitLab.com's). */
export interface LearnedLimit {
  perMinute: number;
  learnedFrom: 'headers' | '429' | undefined;
}

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
  /** Nothing to pace by but the assumed limit: no answer has carried the headers yet, or the server sends none. */
  private unmetered = true;
  /**
   * No answer yet: the limit is not known, so at most `BEFORE_FIRST_ANSWER` reads go (a cold load does not start with a
   * burst planned on GitLab.com's limit on an instance that may have less); the others wait for the first answer.
   */
  private answered = false;
  /** A read sent to learn the new window's budget; the others wait for an answer. */
  private probing = false;
  /** Requests counted and not yet answered: the next window's headers may not count them yet. */
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private learned: LearnedLimit = { perMinute: ASSUMED_LIMIT_PER_MINUTE, learnedFrom: undefined };
  /** Background reads let go and not yet over (queued for a slot, or on the wire). */
  private backgroundOut = 0;
  /** When each background read of the last 60 s was over, oldest first: with those out, the rolling pace. */
  private readonly doneAt: number[] = [];

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The limit the budget follows: the instance's `RateLimit-Limit` once an answer carried it, else GitLab.com's. */
  limit(): LearnedLimit {
    return { ...this.learned };
  }

  /** Reads the headers of any answer (a 429's included). */
  observe(headers: AnswerHeaders, status: number): void {
    if (!this.answered) {
      this.answered = true;
      this.wake();
    }
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
    // GitLab normalises RateLimit-Limit to 60 s whatever the throttle's period (request_throttle_data.rb `rounded_limit`).
    // An unauthenticated throttle's limit (a token GitLab no longer accepts is throttled per IP) is not the user's.
    const unauthenticated = headers.get('ratelimit-name')?.startsWith('throttle_unauthenticated') ?? false;
    if (Number.isFinite(limit) && limit > 0 && !unauthenticated)
      this.learned = { perMinute: limit, learnedFrom: status === 429 ? '429' : 'headers' };
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
    const paced = this.pace();
    if (paced) return paced;
    if (this.window && this.window.resetAtMs <= this.now()) {
      // The window has passed: what the new one has left is learnt from the next answer, not assumed.
      this.window = undefined;
      this.unmetered = false;
    }
    if (this.window) {
      if (this.window.remaining <= this.reserve) return { go: false, waitMs: this.window.resetAtMs - this.now() };
      this.sendBackground();
      return { go: true };
    }
    if (this.unmetered) {
      this.sendBackground();
      return { go: true };
    }
    if (this.probing) return { go: false, nextAnswer: true };
    this.probing = true;
    this.sendBackground();
    return { go: true, probe: true };
  }

  /**
   * Background reads spend at most their share of the limit in any rolling 60 s (a cold load of a large account is
   * spread over minutes instead of bursting into GitLab's window); a read past it waits until the oldest is a minute old.
   */
  private pace(): Admission | undefined {
    if (!this.answered) return this.backgroundOut < BEFORE_FIRST_ANSWER ? undefined : { go: false, nextAnswer: true };
    const now = this.now();
    while (this.doneAt.length && this.doneAt[0] <= now - MINUTE_MS) this.doneAt.shift();
    const share = Math.max(1, Math.floor(this.learned.perMinute * BACKGROUND_SHARE));
    // A read is counted from when it is let go until a minute after it is over: never less than GitLab counts it.
    const over = this.doneAt.length + this.backgroundOut - share;
    if (over < 0) return undefined;
    if (over < this.doneAt.length) return { go: false, waitMs: this.doneAt[over] + MINUTE_MS - now };
    return { go: false, nextAnswer: true };
  }

  private sendBackground(): void {
    this.backgroundOut++;
    this.count();
  }

  /** Counts a request the user is waiting on: it goes whatever the budget, but it spends it. */
  count(): void {
    this.inFlight++;
    if (this.window) this.window.remaining--;
  }

  /**
   * A counted request is over (answered or not); `background`: one `admit` let go. A probe that brought no headers (no answer at all: the network, the
   * deadline) leaves nothing to pace by, so the waiting reads go; they are paced again once headers come.
   */
  settled(probe = false, background = false): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (background) {
      this.backgroundOut = Math.max(0, this.backgroundOut - 1);
      this.doneAt.push(this.now());
      // One read's room in the pace: one waiting read may try again.
      this.waiters.shift()?.();
    }
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
