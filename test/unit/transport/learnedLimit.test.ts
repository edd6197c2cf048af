// A budget that follows the instance: the limit is learnt from GitLab's RateLimit-Limit (on any answer that carries
// it: every answer where the unthrottled-headers flag is on, a throttled 429 always), and background reads are paced
// so that no rolling 60 s spends more than their share of it. The clock is sinon's, read by the gate through Date.
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import {
  ASSUMED_LIMIT_PER_MINUTE,
  BACKGROUND_SHARE,
  RateLimitGate,
} from '../../../src/core/gitlab/transport/rateLimitGate';

const answerHeaders = (limit: number, remaining: number, resetSeconds: number, retryAfter?: number) =>
  new Headers({
    'RateLimit-Name': 'throttle_authenticated_api',
    'RateLimit-Limit': String(limit),
    'RateLimit-Observed': String(limit - remaining),
    'RateLimit-Remaining': String(remaining),
    'RateLimit-Reset': String(resetSeconds),
    ...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
  });

describe('RateLimitGate: the limit learnt from the instance', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.parse('2026-12-06T10:00:00Z'), toFake: ['Date', 'setTimeout'] });
  });
  afterEach(() => clock.restore());
  const seconds = (ms: number) => Math.floor(ms / 1000);

  it('assumes GitLab.com’s limit until GitLab says one', () => {
    const gate = new RateLimitGate();
    assert.deepEqual(gate.limit(), { perMinute: ASSUMED_LIMIT_PER_MINUTE, learnedFrom: undefined });
    assert.equal(ASSUMED_LIMIT_PER_MINUTE, 2_000);
    assert.equal(BACKGROUND_SHARE, 0.5);
  });

  it('learns it from a successful answer’s RateLimit-Limit', () => {
    const gate = new RateLimitGate();
    gate.observe(answerHeaders(600, 590, seconds(Date.now()) + 60), 200);
    assert.deepEqual(gate.limit(), { perMinute: 600, learnedFrom: 'headers' });
  });

  it('learns it from a 429 where successes carry no headers (the unthrottled-headers flag off)', () => {
    const gate = new RateLimitGate();
    gate.observe(new Headers({ 'content-type': 'application/json' }), 200);
    assert.equal(gate.limit().learnedFrom, undefined);
    gate.observe(answerHeaders(600, 0, seconds(Date.now()) + 20, 20), 429);
    assert.deepEqual(gate.limit(), { perMinute: 600, learnedFrom: '429' });
  });

  it('an unauthenticated throttle’s headers (a token GitLab no longer accepts) teach nothing about the user’s limit', () => {
    const gate = new RateLimitGate();
    const headers = answerHeaders(500, 490, seconds(Date.now()) + 60);
    headers.set('RateLimit-Name', 'throttle_unauthenticated_api');
    gate.observe(headers, 401);
    assert.equal(gate.limit().perMinute, ASSUMED_LIMIT_PER_MINUTE);
  });

  it('a 429 without the headers (an endpoint’s own limit) teaches nothing', () => {
    const gate = new RateLimitGate();
    gate.observe(new Headers({ 'Retry-After': '600' }), 429);
    assert.equal(gate.limit().perMinute, ASSUMED_LIMIT_PER_MINUTE);
  });

  it('holds background reads once half the learnt limit went out in the last 60 s, until the oldest is a minute old', () => {
    const gate = new RateLimitGate();
    // A window that never runs low: only the pace holds reads back.
    gate.observe(answerHeaders(600, 600, seconds(Date.now()) + 3_600), 200);
    for (let i = 0; i < 300; i++) {
      assert.equal(gate.admit().go, true, `read ${i + 1}`);
      gate.settled(false, true);
      clock.tick(100);
    }
    const held = gate.admit();
    // Counted until a minute after each was over.
    assert.equal(held.go, false, 'the 301st within a minute waits');
    assert.ok('waitMs' in held && held.waitMs === 60_000 - 300 * 100, JSON.stringify(held));
    clock.tick(60_000 - 300 * 100);
    assert.equal(gate.admit().go, true, 'the first read is a minute old: one more may go');
    assert.equal(gate.admit().go, false, 'but only one');
  });

  it('before the instance has answered at all, 20 reads go and the others wait for its first answer', () => {
    const gate = new RateLimitGate();
    for (let i = 0; i < 20; i++) assert.deepEqual(gate.admit(), { go: true }, `read ${i + 1}`);
    assert.deepEqual(gate.admit(), { go: false, nextAnswer: true });
    gate.observe(answerHeaders(600, 580, Math.floor(Date.now() / 1000) + 60), 200);
    assert.deepEqual(gate.admit(), { go: true }, 'the first answer says the budget');
  });

  it('an instance that sends no headers: paced at half of GitLab.com’s limit', () => {
    const gate = new RateLimitGate();
    gate.observe(new Headers({ 'content-type': 'application/json' }), 200);
    let sent = 0;
    while (sent < 5_000 && gate.admit().go) sent++;
    assert.equal(sent, ASSUMED_LIMIT_PER_MINUTE * BACKGROUND_SHARE);
  });

  it('the person’s own requests are never held by the pace, and do not use the background’s share', () => {
    const gate = new RateLimitGate();
    gate.observe(answerHeaders(600, 600, seconds(Date.now()) + 3_600), 200);
    for (let i = 0; i < 250; i++) gate.count();
    let sent = 0;
    while (sent < 5_000 && gate.admit().go) sent++;
    assert.equal(sent, 300);
  });
});

describe('RateLimitGate: reads let go but not yet over count against the pace', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.parse('2026-12-06T10:00:00Z'), toFake: ['Date', 'setTimeout'] });
  });
  afterEach(() => clock.restore());

  it('a full share out (queued for a slot or on the wire): the next read waits for one to end, then goes', async () => {
    const gate = new RateLimitGate();
    gate.observe(answerHeaders(20, 20, Math.floor(Date.now() / 1000) + 3_600), 200);
    for (let i = 0; i < 10; i++) assert.equal(gate.admit().go, true);
    assert.deepEqual(gate.admit(), { go: false, nextAnswer: true });
    const woken = gate.nextAnswer();
    gate.settled(false, true);
    await woken;
    assert.deepEqual(gate.admit(), { go: false, waitMs: 60_000 }, 'the one over counts for a minute');
  });
});
