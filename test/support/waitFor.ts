// The one wait-until of the tests (unit, host and end-to-end): poll a condition on the real clock until it holds.
import * as assert from 'node:assert/strict';

// Taken when this module loads, so a test that installs sinon's fake timers still waits on the real clock.
const realSetTimeout = globalThis.setTimeout;
const realNow = performance.now.bind(performance);

/** Waits until `condition` holds, checking every `everyMs`, or fails naming `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
  everyMs = 20,
): Promise<void> {
  const deadline = realNow() + timeoutMs;
  while (!(await condition())) {
    if (realNow() > deadline) assert.fail(`timed out waiting for ${what} (${timeoutMs / 1000} s)`);
    await new Promise((resolve) => realSetTimeout(resolve, everyMs));
  }
}
