import * as assert from 'node:assert/strict';
import { RateLimitGate } from '../../../src/core/gitlab/transport/rateLimitGate';

const headers = (remaining: number, resetSeconds: number, limit = 100) =>
  new Headers({
    'RateLimit-Remaining': String(remaining),
    'RateLimit-Reset': String(resetSeconds),
    'RateLimit-Limit': String(limit),
  });

describe('RateLimitGate', () => {
  let now = 1_000_000;
  const gate = () => new RateLimitGate(() => now);

  it('lets everything through until GitLab has said anything', () => {
    assert.equal(gate().waitMs(), 0);
  });

  it('lets requests through while more than the reserve (5 % of the limit) is left', () => {
    const g = gate();
    g.observe(headers(6, now / 1000 + 30));
    assert.equal(g.waitMs(), 0);
  });

  it('holds reads until the window resets once the reserve is reached', () => {
    const g = gate();
    g.observe(headers(5, now / 1000 + 30));
    assert.equal(g.waitMs(), 30_000);
    now += 30_000;
    assert.equal(g.waitMs(), 0);
  });

  it('counts requests sent before their answers arrive', () => {
    const g = gate();
    g.observe(headers(7, now / 1000 + 10));
    g.spend();
    assert.equal(g.waitMs(), 0);
    g.spend();
    assert.equal(g.waitMs(), 10_000);
  });

  it("takes a 429's Retry-After over the end of the window", () => {
    const g = gate();
    const limited = headers(0, now / 1000 + 50);
    limited.set('Retry-After', '2');
    g.observe(limited);
    assert.equal(g.waitMs(), 2_000);
  });

  it('ignores answers without rate-limit headers', () => {
    const g = gate();
    g.observe(new Headers({ 'content-type': 'application/json' }));
    assert.equal(g.waitMs(), 0);
  });
});
