// Pagination and rate limits like GitLab (docs/gitlab-behaviour.md#rate-limits-and-pagination).
import assert from 'node:assert/strict';
import { startSimulator, Simulator } from '../../simulator';
import { api, useSimulator } from './helpers';

describe('simulator: pagination', () => {
  const h = useSimulator();

  it('offset pagination: x-* headers and link with prev/next/first/last; per_page capped at 100', async () => {
    const { sim } = h;
    const page2 = await api(sim, '/projects?per_page=3&page=2&order_by=id&sort=asc');
    assert.deepEqual(
      page2.body.map((p: { id: number }) => p.id),
      [4, 5, 6],
    );
    const header = (name: string) => page2.headers.get(name);
    assert.deepEqual(
      [
        header('x-page'),
        header('x-per-page'),
        header('x-next-page'),
        header('x-prev-page'),
        header('x-total'),
        header('x-total-pages'),
      ],
      ['2', '3', '3', '1', '8', '3'],
    );
    const link = header('link')!;
    for (const rel of ['prev', 'next', 'first', 'last']) assert.match(link, new RegExp(`rel="${rel}"`));
    assert.match(link, /page=3[^>]*>; rel="next"/);
    const big = await api(sim, '/projects?per_page=500');
    assert.equal(big.headers.get('x-per-page'), '100');
    assert.equal((await api(sim, '/projects?page=abc')).body.error, 'page is invalid');
  });

  it('keyset pagination for projects: link rel="next" with id_after, no x-total; other orders are refused', async () => {
    const { sim } = h;
    const first = await api(sim, '/projects?pagination=keyset&order_by=id&sort=asc&per_page=5');
    assert.deepEqual(
      first.body.map((p: { id: number }) => p.id),
      [1, 2, 3, 4, 5],
    );
    assert.equal(first.headers.get('x-total'), null);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1];
    assert.match(next, /id_after=5/);
    const second = await fetch(next, { headers: { 'private-token': sim.defaultToken } });
    assert.deepEqual(
      ((await second.json()) as { id: number }[]).map((p) => p.id),
      [6, 7, 8],
    );
    assert.equal(second.headers.get('link'), null);
    const refused = await api(sim, '/projects?pagination=keyset&order_by=name');
    assert.deepEqual(
      [refused.status, refused.body],
      [405, { error: 'Keyset pagination is not yet available for this type of request' }],
    );
  });

  it('omits x-total, x-total-pages and rel="last" past 10,000 records', async () => {
    const sim = await startSimulator({
      scenario: { projects: 1, environmentsPerProject: 1, blockedPerProject: 10_001 },
    });
    try {
      const reply = await api(sim, '/projects/1/deployments?per_page=100&page=2');
      assert.equal(reply.body.length, 100);
      assert.equal(reply.headers.get('x-total'), null);
      assert.equal(reply.headers.get('x-total-pages'), null);
      assert.doesNotMatch(reply.headers.get('link')!, /rel="last"/);
      assert.equal(reply.headers.get('x-next-page'), '3');
    } finally {
      await sim.close();
    }
  });
});

describe('simulator: deployments list filters (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary)', () => {
  const h = useSimulator();

  it('filters by status and environment, sorts with order_by/sort, validates with Grape and finder texts', async () => {
    const { sim } = h;
    const blocked = await api(sim, '/projects/4/deployments?status=blocked&order_by=id&sort=desc');
    assert.deepEqual(
      blocked.body.map((d: { id: number }) => d.id),
      [11, 10, 9],
    );
    const production = await api(sim, '/projects/4/deployments?environment=production');
    assert.deepEqual(
      production.body.map((d: { id: number; status: string }) => [d.id, d.status]),
      [
        [3, 'success'],
        [10, 'blocked'],
      ],
    );
    assert.deepEqual((await api(sim, '/projects/4/deployments?status=waiting')).body, {
      error: 'status does not have a valid value',
    });
    assert.deepEqual((await api(sim, '/projects/4/deployments?order_by=ref')).body, {
      error: 'order_by does not have a valid value',
    });
    assert.deepEqual((await api(sim, '/projects/4/deployments?updated_after=2026-01-01')).body, {
      message: '400 Bad request - `updated_at` filter requires `updated_at` sort',
    });
    assert.deepEqual((await api(sim, '/projects/4/deployments?finished_after=2026-01-01&order_by=finished_at')).body, {
      message: '400 Bad request - `finished_at` filter must be combined with `success` status filter.',
    });
  });
});

describe('simulator: rate limits', () => {
  let sim: Simulator;
  let now = Date.parse('2026-02-10T09:00:10.000Z');
  before(async () => {
    sim = await startSimulator({
      rateLimitPerMinute: 3,
      unauthenticatedRateLimitPerMinute: 2,
      clock: () => new Date(now),
    });
  });
  after(async () => sim.close());

  it('sends RateLimit-* headers on every API response and 429 "Retry later" with Retry-After past the limit', async () => {
    const first = await api(sim, '/version');
    assert.equal(first.headers.get('ratelimit-name'), 'throttle_authenticated_api');
    assert.deepEqual(
      ['ratelimit-limit', 'ratelimit-observed', 'ratelimit-remaining'].map((n) => first.headers.get(n)),
      ['3', '1', '2'],
    );
    assert.equal(first.headers.get('ratelimit-reset'), String(Date.parse('2026-02-10T09:01:00.000Z') / 1000));
    await api(sim, '/version');
    await api(sim, '/version');
    const limited = await api(sim, '/version');
    assert.equal(limited.status, 429);
    assert.equal(limited.text, 'Retry later\n');
    assert.match(limited.headers.get('content-type')!, /^text\/plain/);
    assert.equal(limited.headers.get('retry-after'), '50');
    assert.equal(limited.headers.get('ratelimit-resettime'), 'Tue, 10 Feb 2026 09:01:00 GMT');
    assert.equal((await api(sim, '/version', { token: sim.tokenFor('alice') })).status, 200, 'limits are per user');
    now += 60_000;
    assert.equal((await api(sim, '/version')).status, 200, 'a new window starts');
  });

  it('throttles unauthenticated requests per IP under their own name', async () => {
    const anonymous = await api(sim, '/projects', { token: null });
    assert.equal(anonymous.headers.get('ratelimit-name'), 'throttle_unauthenticated_api');
    assert.equal(anonymous.headers.get('ratelimit-limit'), '2');
  });
});
