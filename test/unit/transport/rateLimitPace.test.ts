// One 429 harms one read, and a window reset releases no backlog: the read GitLab throttled waits its Retry-After
// (clamped to one rate-limit window) and is sent again, while the other reads go on within the budget GitLab's headers
// leave; reads held for a spent window are let go at the reset as the next answers' headers allow, not all at once.
// The clock is sinon's (Date and setTimeout): the simulator's windows and the client's waits both read it, and the
// test moves it only while every read is waiting, so no deadline ever fires.
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { startSimulator, type Simulator } from '../../simulator';
import { json, useLoopbackServer } from '../support/loopbackServer';

/** Reads that all end, on a clock that only moves when every one of them is waiting for it. */
class Waits {
  sleeping = 0;
  settled = 0;
  readonly sleeps: number[] = [];

  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      this.sleeping++;
      this.sleeps.push(ms);
      setTimeout(() => {
        this.sleeping--;
        resolve();
      }, ms);
    });

  async runAll<T>(clock: sinon.SinonFakeTimers, reads: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
    const results = Promise.allSettled(reads.map((r) => r.finally(() => this.settled++)));
    const total = this.settled + reads.length;
    for (;;) {
      while (this.sleeping + this.settled < total) await new Promise((r) => setImmediate(r));
      if (this.settled === total) return results;
      await clock.nextAsync();
    }
  }
}

describe('transport: one 429 harms one read', () => {
  let clock: sinon.SinonFakeTimers;
  let throttled = new Set<string>();
  const ctx = useLoopbackServer((request, response) => {
    // An endpoint's own limit (API helpers' too_many_requests!): Retry-After only, no RateLimit-* headers.
    if (throttled.delete(request.url ?? ''))
      return json(response, { message: '429 Too Many Requests' }, 429, { 'retry-after': '45' });
    json(response, { id: 2, iid: 2, status: 'blocked', environment: { id: 3, name: 'production' } });
  });

  beforeEach(() => {
    clock = sinon.useFakeTimers({
      now: Date.parse('2026-11-24T10:00:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });
  afterEach(() => clock.restore());

  it('the throttled read waits its Retry-After (45 s) and is sent again; the others are not held', async () => {
    throttled = new Set(['/api/v4/projects/1/deployments/2']);
    const waits = new Waits();
    const client = new GitLabClient({
      instanceUrl: ctx.server.origin,
      token: async () => 'tok-abcdef',
      userAgent: 't',
      sleep: waits.sleep,
    });
    const results = await waits.runAll(
      clock,
      [1, 2, 3, 4].map((project) => client.deployment(project, 2)),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
      JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))),
    );
    assert.deepEqual(waits.sleeps, [45_000]);
    assert.equal(ctx.server.received.filter((r) => r.url === '/api/v4/projects/1/deployments/2').length, 2);
    assert.equal(ctx.server.received.length, 5);
  });
});

describe('transport: the pace follows GitLab’s headers', () => {
  let clock: sinon.SinonFakeTimers;
  let sim: Simulator;

  beforeEach(async () => {
    clock = sinon.useFakeTimers({
      now: Date.parse('2026-11-24T10:10:05Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    sim = await startSimulator({ scenario: 'demo', rateLimitPerMinute: 20, clock: () => new Date() });
  });
  afterEach(async () => {
    await sim.close();
    clock.restore();
  });

  const client = (waits: Waits) =>
    new GitLabClient({
      instanceUrl: sim.url,
      token: async () => sim.defaultToken,
      userAgent: 'tests',
      sleep: waits.sleep,
      now: () => Date.now(),
    });

  /** Requests GitLab received per minute window, and how many it throttled. */
  const perWindow = () => {
    const counts: Record<string, number> = {};
    for (const entry of sim.requestLog.all())
      counts[entry.time.slice(11, 16)] = (counts[entry.time.slice(11, 16)] ?? 0) + 1;
    return counts;
  };
  const throttledCount = () => sim.requestLog.all().filter((r) => r.status === 429).length;

  it('at a window reset the waiting reads are not released at once: no 429, each window within its limit', async () => {
    const waits = new Waits();
    const gitlab = client(waits);
    // The person's other tools spent 10 of this window; 8 reads take it down to the reserve (2 of 20), 55 s before the
    // reset (their own pace, half the limit in any 60 s, is not reached yet).
    const owner = sim.state.tokens.get(sim.defaultToken)!.userId;
    for (let i = 0; i < 10; i++) sim.limiter.hit(`user:${owner}`, true);
    for (let i = 0; i < 8; i++) await gitlab.currentUser();
    const results = await waits.runAll(
      clock,
      Array.from({ length: 40 }, () => gitlab.currentUser()),
    );
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      [],
    );
    assert.equal(throttledCount(), 0, JSON.stringify(perWindow()));
    const windows = perWindow();
    assert.ok(
      Object.values(windows).every((n) => n <= 20),
      JSON.stringify(windows),
    );
    assert.ok(
      Object.keys(windows).length >= 3,
      `48 reads, at most 10 a minute of their own, need more than three windows: ${JSON.stringify(windows)}`,
    );
  });

  it('429s from a window someone else spent: each read waits the window out and goes; none fails, none is throttled twice', async () => {
    const waits = new Waits();
    const gitlab = client(waits);
    // Someone else (the browser, a script) spends the window; this extension has not seen a header yet.
    const owner = sim.state.tokens.get(sim.defaultToken)!.userId;
    for (let i = 0; i < 20; i++) sim.limiter.hit(`user:${owner}`, true);
    const results = await waits.runAll(
      clock,
      Array.from({ length: 10 }, () => gitlab.currentUser()),
    );
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      [],
    );
    const later = sim.requestLog.all().filter((r) => r.time.slice(11, 16) !== '10:10');
    assert.deepEqual(
      later.map((r) => r.status),
      Array(10).fill(200),
      'after the reset each read went once, within the new window',
    );
    assert.ok(
      waits.sleeps.every((ms) => ms <= 55_000),
      `waits ${waits.sleeps}`,
    );
  });
});
