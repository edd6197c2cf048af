// Retry-After in seconds or as an HTTP date, clamped to an hour, never a timer setTimeout cannot hold.
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import type { RateLimitedError } from '../../../src/core/errors';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { RateLimitGate } from '../../../src/core/gitlab/transport/rateLimitGate';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../../src/core/gitlab/transport/retryPolicy';
import { rejectsWithKind } from '../client/helpers';
import { json, useLoopbackServer } from '../support/loopbackServer';

const HOUR = 3_600_000;
const MAX_TIMER = 2 ** 31 - 1;

describe('transport: Retry-After', () => {
  let retryAfter = '';
  const ctx = useLoopbackServer((_request, response) =>
    json(response, { message: '429 Too Many Requests' }, 429, {
      'retry-after': retryAfter,
      'ratelimit-remaining': '0',
      'ratelimit-limit': '100',
      'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 10 ** 9),
    }),
  );

  it('is clamped to an hour, in seconds or as a date', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    assert.equal(MAX_RETRY_AFTER_MS, HOUR);
    assert.equal(parseRetryAfter('99999999999', now), HOUR);
    assert.equal(parseRetryAfter('Fri, 24 Nov 2034 10:00:00 GMT', now), HOUR);
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 10:02:00 GMT', now), 120_000);
  });

  for (const value of ['99999999999', new Date(Date.now() + 400 * 24 * HOUR).toUTCString()]) {
    it(`a huge Retry-After (${value.length > 12 ? 'date' : 'seconds'}) gives an error that waits at most an hour`, async () => {
      retryAfter = value;
      const waits: number[] = [];
      const client = new GitLabClient({
        instanceUrl: ctx.server.origin,
        token: async () => 'tok-abcdef',
        userAgent: 't',
        sleep: async (ms) => void waits.push(ms),
      });
      const started = Date.now();
      const error = (await rejectsWithKind(client.version(), 'rate-limited')) as RateLimitedError;
      assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs <= HOUR, `retryAfterMs ${error.retryAfterMs}`);
      assert.ok(
        error.retryAt && error.retryAt.getTime() <= started + HOUR + 5_000,
        `retryAt ${error.retryAt?.toISOString()}`,
      );
      // The next background read is not sent into the spent budget: it says how long to wait, at most an hour too.
      const next = (await rejectsWithKind(client.version(), 'rate-limited')) as RateLimitedError;
      assert.ok(next.retryAfterMs !== undefined && next.retryAfterMs <= HOUR, `retryAfterMs ${next.retryAfterMs}`);
      assert.deepEqual(waits, []);
    });
  }

  it('the rate-limit gate never asks for a wait beyond an hour, whatever RateLimit-Reset says', () => {
    const now = 1_000_000;
    const gate = new RateLimitGate(() => now);
    gate.observe(
      new Headers({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(10 ** 12), 'RateLimit-Limit': '10' }),
      200,
    );
    const admission = gate.admit();
    assert.ok('waitMs' in admission && admission.waitMs <= HOUR, `admission ${JSON.stringify(admission)}`);
  });

  it('no timer longer than setTimeout can hold is ever set', async () => {
    retryAfter = String(2 ** 32);
    const spy = sinon.spy(globalThis, 'setTimeout');
    try {
      const client = new GitLabClient({
        instanceUrl: ctx.server.origin,
        token: async () => 'tok-abcdef',
        userAgent: 't',
      });
      await rejectsWithKind(client.version(), 'rate-limited');
      await rejectsWithKind(client.version(), 'rate-limited');
      const delays = spy.getCalls().map((call) => Number(call.args[1] ?? 0));
      assert.ok(
        delays.every((ms) => ms <= MAX_TIMER),
        `timers of ${delays.filter((ms) => ms > MAX_TIMER)} ms`,
      );
    } finally {
      spy.restore();
    }
  });
});
