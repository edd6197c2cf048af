// GitLab answers cross-origin API requests (config/application.rb L480-500, Rack::Cors in front of Rack::Attack and
// authentication): a preflight for /api/* from any origin is allowed without credentials; the instance's own origin
// may send credentials. The browser build depends on it (docs/gitlab-behaviour.md#cors).
import assert from 'node:assert/strict';
import { useSimulator } from './helpers';

const ELSEWHERE = 'https://vscode.dev';

describe('simulator: CORS, as GitLab answers it', () => {
  const h = useSimulator();

  it('a preflight from another origin: 200, any origin, every method, the headers asked for, no credentials', async () => {
    const reply = await fetch(`${h.sim.apiUrl}/projects/1/deployments/1/approval`, {
      method: 'OPTIONS',
      headers: {
        origin: ELSEWHERE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'private-token,content-type',
      },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('access-control-allow-origin'), '*');
    assert.equal(reply.headers.get('access-control-allow-methods'), 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
    assert.equal(reply.headers.get('access-control-allow-headers'), 'private-token,content-type');
    assert.equal(reply.headers.get('access-control-max-age'), '7200');
    assert.equal(reply.headers.get('access-control-allow-credentials'), null);
    assert.equal(await reply.text(), '');
  });

  it('a preflight needs no token and is not counted by the throttle (Rack::Cors answers before them)', async () => {
    h.sim.clearLog();
    const reply = await fetch(`${h.sim.apiUrl}/user`, {
      method: 'OPTIONS',
      headers: { origin: ELSEWHERE, 'access-control-request-method': 'GET' },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('ratelimit-remaining'), null);
  });

  it('the answer itself: any origin, and only the listed headers exposed — not RateLimit-* nor Retry-After', async () => {
    const reply = await fetch(`${h.sim.apiUrl}/user`, {
      headers: { origin: ELSEWHERE, 'private-token': h.sim.defaultToken },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('access-control-allow-origin'), '*');
    const exposed = reply.headers.get('access-control-expose-headers') ?? '';
    assert.match(exposed, /^Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, /);
    assert.doesNotMatch(exposed, /RateLimit|Retry-After/i);
  });

  it('the instance’s own origin may send credentials', async () => {
    const reply = await fetch(`${h.sim.apiUrl}/version`, {
      method: 'OPTIONS',
      headers: { origin: h.sim.url, 'access-control-request-method': 'GET' },
    });
    assert.equal(reply.headers.get('access-control-allow-origin'), h.sim.url);
    assert.equal(reply.headers.get('access-control-allow-credentials'), 'true');
  });

  it('a request without Origin gets no CORS headers', async () => {
    const reply = await fetch(`${h.sim.apiUrl}/version`, { headers: { 'private-token': h.sim.defaultToken } });
    assert.equal(reply.headers.get('access-control-allow-origin'), null);
  });
});
