import { CancelledError, RateLimitedError } from '../../errors';
import type { RateLimitGate } from './rateLimitGate';

export interface BudgetStep {
  gate?: RateLimitGate;
  /** A background read waits for the budget; anything else (the user's requests) goes at once, but is counted. */
  background: boolean;
  /** The longest wait for a window to reset that is slept through (one window); a longer one fails the read. */
  longestWaitMs: number;
  /** `GET <url>`, for errors (built only when one is thrown). */
  describe: () => string;
  signal?: AbortSignal;
  wait: (ms: number, why: string) => Promise<void>;
  /** Reports a wait (`retryInMs`) or the failure, for the log. */
  report: (extra: { retryInMs?: number; error?: RateLimitedError }) => void;
}

/**
 * The budget step of one attempt: waits until GitLab's rate-limit headers leave room for a background read (see
 * `RateLimitGate`), and counts the request. `probe` says the request was let go to learn a new window's budget: the
 * caller hands it back to `gate.settled` once it is over.
 */
export async function admittedByBudget(step: BudgetStep): Promise<{ probe?: true }> {
  const { gate } = step;
  if (!gate) return {};
  if (!step.background) {
    gate.count();
    return {};
  }
  for (;;) {
    const admission = gate.admit();
    if (admission.go) return admission;
    if ('nextAnswer' in admission) {
      await gate.nextAnswer();
      if (step.signal?.aborted)
        throw new CancelledError(`${step.describe()} cancelled while waiting for GitLab's rate-limit headers`);
      continue;
    }
    // A wait longer than a window is not slept through silently: it fails like a 429, so the engine keeps the data,
    // marks it stale and says when it tries again (and a Refresh click does not hang on it).
    if (admission.waitMs > step.longestWaitMs) {
      const spent = new RateLimitedError(
        admission.waitMs,
        `${step.describe()} not sent: GitLab's RateLimit-Remaining is at the reserve for ${admission.waitMs} ms`,
        { budgetSpent: true },
      );
      step.report({ error: spent });
      throw spent;
    }
    step.report({ retryInMs: admission.waitMs });
    await step.wait(admission.waitMs, "for GitLab's rate-limit window");
  }
}
