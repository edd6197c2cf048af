// The server as a library: URLs, auth headers and scopes, catch-all 404/405, request log, control API over HTTP.
import assert from 'node:assert/strict';
import { startSimulator } from '../../simulator';
import { api, call, DEMO, useFreshSimulator, useSimulator } from './helpers';

describe('simulator: server, auth and request log', () => {
  const h = useSimulator();

  it('listens on loopback port 0 and exposes url, origin and apiUrl', () => {
    const { sim } = h;
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sim.apiUrl, `${sim.url}/api/v4`);
    assert.notEqual(sim.otherOrigin, sim.origin);
  });

  it('accepts PRIVATE-TOKEN and Authorization: Bearer; answers JSON with GitLab headers', async () => {
    const { sim } = h;
    const viaHeader = await api(sim, '/user');
    const viaBearer = await api(sim, '/user', { bearer: true });
    assert.equal(viaHeader.status, 200);
    assert.equal(viaHeader.body.username, 'demo');
    assert.equal(viaBearer.body.username, 'demo');
    assert.equal(viaHeader.headers.get('content-type'), 'application/json');
  });

  it('401 {"message":"401 Unauthorized"} without or with an unknown token; revoked and expired tokens say why', async () => {
    const { sim } = h;
    for (const token of [null, 'glpat-nope']) {
      const reply = await api(sim, '/version', { token });
      assert.deepEqual([reply.status, reply.body], [401, { message: '401 Unauthorized' }]);
    }
    const user = sim.state.user('bob');
    const revoked = sim.state.addToken(user, { name: 'old', revoked: true }).token;
    const expired = sim.state.addToken(user, { name: 'expired', expiresAt: '2020-01-01' }).token;
    assert.equal(
      (await api(sim, '/user', { token: revoked })).body.error_description,
      'Token was revoked. You have to re-authorize from the user.',
    );
    assert.equal((await api(sim, '/user', { token: expired })).body.error_description, 'Token has expired.');
  });

  it('enforces token scopes: read_api reads but cannot write; read_user only reaches /user', async () => {
    const { sim } = h;
    const demo = sim.state.user('demo');
    const readApi = sim.state.addToken(demo, { scopes: ['read_api'] }).token;
    const readUser = sim.state.addToken(demo, { scopes: ['read_user'] }).token;
    assert.equal((await api(sim, '/projects/1/deployments', { token: readApi })).status, 200);
    const write = await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
      method: 'POST',
      json: { status: 'approved' },
      token: readApi,
    });
    assert.equal(write.status, 403);
    assert.equal(write.body.error, 'insufficient_scope');
    assert.equal((await api(sim, '/user', { token: readUser })).status, 200);
    assert.equal((await api(sim, '/projects/1/deployments', { token: readUser })).status, 403);
  });

  it('absent routes get the catch-all {"error":"404 Not Found"}; a wrong method gets 405 with Allow', async () => {
    const { sim } = h;
    assert.deepEqual((await api(sim, '/nope')).body, { error: '404 Not Found' });
    const wrong = await api(sim, '/projects/1/deployments', { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('allow') ?? '', /GET/);
  });

  it('projects: URL-encoded path or id, 404 Project Not Found when invisible; public projects without a token', async () => {
    const { sim } = h;
    assert.equal((await api(sim, '/projects/acme%2Fweb%2Fstorefront')).body.id, 4);
    assert.deepEqual((await api(sim, '/projects/1', { token: sim.tokenFor('dave') })).body, {
      message: '404 Project Not Found',
    });
    assert.equal((await api(sim, '/projects/demo%2Fdotfiles', { token: null })).status, 200);
    const anonymous = await api(sim, '/projects', { token: null });
    assert.deepEqual(
      anonymous.body.map((p: { path_with_namespace: string }) => p.path_with_namespace),
      ['demo/dotfiles'],
    );
  });

  it('projects: membership and min_access_level filter by the user’s max access level', async () => {
    const { sim } = h;
    const member = await api(sim, '/projects?membership=true&per_page=100', { token: sim.tokenFor('erin') });
    assert.deepEqual(member.body.map((p: { id: number }) => p.id).sort(), [4, 5, 6]);
    const maintainer = await api(sim, '/projects?membership=true&min_access_level=40&per_page=100');
    assert.deepEqual(maintainer.body.map((p: { id: number }) => p.id).sort(), [1, 2, 3, 6, 8]);
    const search = await api(sim, '/projects?search=billing');
    assert.deepEqual(
      search.body.map((p: { id: number }) => p.id),
      [2],
    );
    assert.deepEqual((await api(sim, '/projects?min_access_level=15')).body, {
      error: 'min_access_level does not have a valid value',
    });
  });

  it('logs method, path, query, auth header kind, user, origin and status; not the control API', async () => {
    const { sim } = h;
    sim.clearLog();
    await api(sim, '/projects?membership=true', { bearer: true });
    await api(sim, '/version', { token: null });
    await call(sim, `${sim.url}/__sim/state`, { token: null });
    const log = sim.requestLog.all();
    assert.equal(log.length, 2);
    assert.deepEqual(
      log.map((e) => [e.method, e.path, e.query, e.authHeader, e.username, e.origin, e.status, e.route]),
      [
        ['GET', '/api/v4/projects', 'membership=true', 'bearer', 'demo', sim.origin, 200, 'projects.list'],
        ['GET', '/api/v4/version', '', 'none', undefined, sim.origin, 401, 'version'],
      ],
    );
  });
});

describe('simulator: control API over HTTP', () => {
  const h = useFreshSimulator();
  const control = (path: string, options: Parameters<typeof call>[2] = {}) =>
    call(h.sim, `${h.sim.url}/__sim${path}`, { token: null, ...options });

  it('creates a blocked deployment, approves it as another user and reads the log', async () => {
    const created = await control('/deployments', {
      method: 'POST',
      json: { project: 'acme/platform/api-gateway', environment: 'staging', triggeredBy: 'bob' },
    });
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.status, created.body.pending_approval_count], ['blocked', 1]);
    const forbidden = await control(`/deployments/${created.body.id}/approval`, {
      method: 'POST',
      json: { username: 'bob', status: 'approved' },
    });
    assert.deepEqual(
      [forbidden.status, forbidden.body.message],
      [
        400,
        'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.',
      ],
    );
    const approved = await control(`/deployments/${created.body.id}/approval`, {
      method: 'POST',
      json: { username: 'alice', status: 'approved', comment: 'ok' },
    });
    assert.equal(approved.status, 201);
    assert.equal(approved.body.user.username, 'alice');
    const seen = await api(h.sim, `/projects/1/deployments/${created.body.id}`);
    assert.equal(seen.body.pending_approval_count, 0);
    const log = await control('/log');
    assert.deepEqual(
      log.body.entries.map((e: { path: string }) => e.path),
      [`/api/v4/projects/1/deployments/${created.body.id}`],
    );
    assert.equal((await control('/log', { method: 'DELETE' })).status, 204);
    assert.equal(h.sim.requestLog.length, 0);
  });

  it('sets and clears faults, switches the profile, hands out tokens and summarises the state', async () => {
    const put = await control('/faults', {
      method: 'PUT',
      json: { faults: [{ kind: 'status', status: 503, route: 'version', times: 1 }] },
    });
    assert.equal(put.body.faults.length, 1);
    assert.equal((await api(h.sim, '/version')).status, 503);
    assert.equal((await api(h.sim, '/version')).status, 200);
    assert.equal((await control('/faults', { method: 'PUT', json: { faults: [{ kind: 'bogus' }] } })).status, 400);
    assert.equal((await control('/profile', { method: 'PUT', json: { profile: 'ce' } })).body.profile, 'ce');
    assert.equal((await api(h.sim, '/version')).body.enterprise, false);
    const token = (await control('/tokens/alice')).body.token;
    assert.equal((await api(h.sim, '/user', { token })).body.username, 'alice');
    const state = (await control('/state')).body;
    assert.equal(state.mainUser, 'demo');
    assert.equal(state.counts.blockedDeployments, 12);
    assert.equal(state.defaultToken, h.sim.defaultToken);
  });

  it('is reachable under the base path and is not rate-limited', async () => {
    const sim = await startSimulator({ basePath: '/gitlab', rateLimitPerMinute: 1 });
    try {
      assert.equal(sim.apiUrl, `${sim.origin}/gitlab/api/v4`);
      for (let i = 0; i < 3; i++)
        assert.equal((await call(sim, `${sim.url}/__sim/state`, { token: null })).status, 200);
      assert.equal((await api(sim, '/projects/1')).body.web_url, `${sim.origin}/gitlab/acme/platform/api-gateway`);
      assert.equal(
        (await call(sim, `${sim.origin}/api/v4/version`)).status,
        404,
        'the API lives under the base path only',
      );
    } finally {
      await sim.close();
    }
  });
});
