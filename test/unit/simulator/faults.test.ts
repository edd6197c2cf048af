// Faults on demand (latency, 5xx, 429 bursts, reset, hang, truncated/invalid JSON, cross-origin redirect) and HTTPS.
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { startSimulator } from '../../simulator';
import { waitFor } from '../../support/waitFor';
import { api, useFreshSimulator } from './helpers';

describe('simulator: faults', () => {
  const h = useFreshSimulator();

  it('latency with jitter delays the answer; scoped to one route', async () => {
    const { sim } = h;
    sim.faults.add({ kind: 'latency', ms: 150, jitterMs: 20, route: 'version' });
    const started = Date.now();
    assert.equal((await api(sim, '/version')).status, 200);
    assert.ok(Date.now() - started >= 150, 'the answer waited at least the latency'); // a floor load cannot break
    await api(sim, '/user');
    // Which requests the fault applied to is counted by the simulator, not read from how long they took.
    assert.deepEqual(
      sim.faults.list().map((f) => [f.kind, f.hits]),
      [['latency', 1]],
      'other routes are not delayed',
    );
  });

  it('5xx: GitLab’s JSON 500 or a proxy’s HTML 502, for `times` requests only', async () => {
    const { sim } = h;
    sim.faults.add({ kind: 'status', status: 500, method: 'GET', path: '/deployments$', times: 1 });
    const failed = await api(sim, '/projects/1/deployments');
    assert.deepEqual([failed.status, failed.body], [500, { message: '500 Internal Server Error' }]);
    assert.equal((await api(sim, '/projects/1/deployments')).status, 200);
    sim.faults.add({ kind: 'status', status: 502 });
    const proxy = await api(sim, '/version');
    assert.equal(proxy.status, 502);
    assert.match(proxy.headers.get('content-type')!, /text\/html/);
    sim.faults.clear();
    assert.equal((await api(sim, '/version')).status, 200);
  });

  it('a 429 burst with Retry-After, then normal answers', async () => {
    const { sim } = h;
    sim.faults.add({ kind: 'rate-limit', retryAfter: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const reply = await api(sim, '/version');
      assert.deepEqual([reply.status, reply.headers.get('retry-after'), reply.text], [429, '7', 'Retry later\n']);
    }
    assert.equal((await api(sim, '/version')).status, 200);
  });

  it('connection reset fails the request at the network level and is logged without a status', async () => {
    const { sim } = h;
    sim.faults.add({ kind: 'reset', times: 1 });
    await assert.rejects(api(sim, '/version'), TypeError);
    const [entry] = sim.requestLog.all();
    assert.deepEqual([entry.fault, entry.status], ['reset', null]);
  });

  it('hang never answers, and close() still finishes', async () => {
    const sim = await startSimulator({ scenario: 'empty' });
    sim.faults.add({ kind: 'hang' });
    const pending = fetch(`${sim.apiUrl}/version`).then(
      () => 'answered',
      () => 'failed',
    );
    let settled = false;
    void pending.finally(() => (settled = true));
    await waitFor(() => sim.requestLog.all().some((e) => e.fault === 'hang'), 'the request to reach the simulator');
    assert.equal(settled, false, 'still waiting for an answer');
    await sim.close(); // within the test's timeout
    assert.equal(await pending, 'failed');
  });

  it('truncated JSON and invalid JSON arrive as application/json bodies that do not parse', async () => {
    const { sim } = h;
    sim.faults.add({ kind: 'truncate', route: 'projects.list', times: 1 });
    const truncated = await api(sim, '/projects');
    assert.equal(truncated.status, 200);
    assert.equal(truncated.headers.get('content-type'), 'application/json');
    assert.throws(() => JSON.parse(truncated.text));
    sim.faults.add({ kind: 'invalid-json', times: 1 });
    const invalid = await api(sim, '/version');
    assert.equal(invalid.headers.get('content-type'), 'application/json');
    assert.throws(() => JSON.parse(invalid.text));
  });

  it('redirects to another origin; the second listener records whether a token arrived', async () => {
    const { sim } = h;
    sim.faults.add({ kind: 'redirect', route: 'projects.list' });
    const redirect = await api(sim, '/projects?membership=true');
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), `${sim.otherOrigin}/api/v4/projects?membership=true`);
    // fetch drops PRIVATE-TOKEN? No: only Authorization is stripped cross-origin; a custom header follows. Prove both.
    await fetch(redirect.headers.get('location')!, { headers: {} });
    await fetch(redirect.headers.get('location')!, { headers: { 'private-token': sim.defaultToken } });
    const atOther = sim.requestLog.all().filter((e) => e.otherOrigin);
    assert.deepEqual(
      atOther.map((e) => [e.origin, e.authHeader, e.username]),
      [
        [sim.otherOrigin, 'none', undefined],
        [sim.otherOrigin, 'private-token', 'demo'],
      ],
    );
  });
});

describe('simulator: HTTPS', () => {
  it('serves HTTPS with a generated self-signed certificate, trusted through caPem', async () => {
    const sim = await startSimulator({ https: true, scenario: 'empty' });
    try {
      assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(sim.caPem!, /BEGIN CERTIFICATE/);
      const get = (ca?: string) =>
        new Promise<number>((resolve, reject) => {
          https
            .get(`${sim.apiUrl}/version`, { ca, headers: { 'private-token': sim.defaultToken } }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', reject);
        });
      assert.equal(await get(sim.caPem), 200);
      await assert.rejects(get(undefined), /self-signed|self signed/);
    } finally {
      await sim.close();
    }
  });
});
