import * as assert from 'node:assert/strict';
import { RateLimitGate, type Admission } from '../../../src/core/gitlab/transport/rateLimitGate';

const headers = (remaining: number, resetSeconds: number, limit = 100) =>
  new Headers({
    'RateLimit-Remaining': String(remaining),
    'RateLimit-Reset': String(resetSeconds),
    'RateLimit-Limit': String(limit),
  });

const GO: Admission = { go: true };
const PROBE: Admission = { go: true, probe: true };
const NEXT_ANSWER: Admission = { go: false, nextAnswer: true };

describe('RateLimitGate', () => {
  let now = 1_000_000;
  const gate = () => new RateLimitGate(() => now);

  it('lets everything through until GitLab has said anything (up to 20 reads before its first answer)', () => {
    const g = gate();
    assert.deepEqual(g.admit(), GO);
    assert.deepEqual(g.admit(), GO);
  });

  it('after a window has passed, one read goes and the others wait for its answer', () => {
    const g = gate();
    g.observe(headers(50, now / 1000 + 30), 200);
    now += 30_000;
    assert.deepEqual(g.admit(), PROBE);
    assert.deepEqual(g.admit(), NEXT_ANSWER);
    g.observe(headers(90, now / 1000 + 60), 200);
    g.settled(true);
    assert.deepEqual(g.admit(), GO);
  });

  it('a probe answered without the headers, or not answered at all, stops the pacing until headers come', () => {
    for (const answered of [true, false]) {
      const g = gate();
      g.observe(headers(50, now / 1000 + 30), 200);
      now += 30_000;
      assert.deepEqual(g.admit(), PROBE);
      if (answered) g.observe(new Headers({ 'content-type': 'application/json' }), 200);
      g.settled(true);
      assert.deepEqual(g.admit(), GO);
      assert.deepEqual(g.admit(), GO);
    }
  });

  it('lets requests through while more than the reserve (5 % of the limit) is left', () => {
    const g = gate();
    g.observe(headers(6, now / 1000 + 30), 200);
    assert.deepEqual(g.admit(), GO);
  });

  it('holds reads until the window resets once the reserve is reached', () => {
    const g = gate();
    g.observe(headers(5, now / 1000 + 30), 200);
    assert.deepEqual(g.admit(), { go: false, waitMs: 30_000 });
    now += 30_000;
    assert.deepEqual(g.admit(), PROBE, 'after the reset one read learns the new window');
    assert.deepEqual(g.admit(), NEXT_ANSWER, 'the others wait for its headers: no release-all');
  });

  it('counts requests sent before their answers arrive, and a later answer of the same window cannot raise it', () => {
    const g = gate();
    g.observe(headers(7, now / 1000 + 10), 200);
    assert.deepEqual(g.admit(), GO);
    g.count(); // the user's own request spends the budget too
    g.observe(headers(6, now / 1000 + 10), 200); // answered before our two were counted by GitLab
    assert.deepEqual(g.admit(), { go: false, waitMs: 10_000 });
  });

  it('an answer from a window that has passed does not lower the new one', () => {
    const g = gate();
    g.observe(headers(5, now / 1000 + 10), 200);
    now += 10_000;
    assert.deepEqual(g.admit(), PROBE);
    g.observe(headers(80, now / 1000 + 60), 200);
    g.observe(headers(3, now / 1000), 200); // sent in the old window, answered late
    assert.deepEqual(g.admit(), GO);
  });

  it("takes a 429's Retry-After over the end of the window", () => {
    const g = gate();
    const limited = headers(0, now / 1000 + 50);
    limited.set('Retry-After', '2');
    g.observe(limited, 429);
    assert.deepEqual(g.admit(), { go: false, waitMs: 2_000 });
  });

  it("a 429 without the headers (an endpoint's own limit) says nothing about the budget", () => {
    const g = gate();
    g.observe(headers(50, now / 1000 + 30), 200);
    now += 30_000;
    assert.deepEqual(g.admit(), PROBE);
    g.observe(new Headers({ 'Retry-After': '60' }), 429);
    assert.deepEqual(g.admit(), NEXT_ANSWER, 'still waiting for an answer that tells');
  });
});
