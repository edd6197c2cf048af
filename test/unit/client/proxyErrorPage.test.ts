import * as assert from 'node:assert/strict';
import { clientFor, rejectsWithKind, useSimulator } from './helpers';

// A load balancer's HTML page must not end up in a notification; the status line says what a user needs.
describe('GitLabClient: a proxy error page', () => {
  const ctx = useSimulator({ scenario: 'demo' });

  it('reports "502 Bad Gateway", not the HTML, once retries are used up', async () => {
    ctx.sim.faults.add({ kind: 'status', status: 502, route: 'user' });
    const error = await rejectsWithKind(
      clientFor(ctx.sim, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }).currentUser(),
      'rejected',
    );
    assert.equal(error.userMessage, 'The proxy in front of GitLab could not get an answer from it (502 Bad Gateway).');
    assert.doesNotMatch(error.detail, /<html/i);
  });
});

// A proxy that wants credentials answers 407 for GitLab: that is the proxy asking, not GitLab refusing, and the request
// never reached GitLab, so a write was not applied.
describe('GitLabClient: a proxy that asks for authentication (407)', () => {
  const ctx = useSimulator({ scenario: 'demo' });

  for (const [what, call] of [
    ['a read', (c: ReturnType<typeof clientFor>) => c.currentUser()],
    ['an approval', (c: ReturnType<typeof clientFor>) => c.setApproval(1, 1, { status: 'approved' })],
  ] as const) {
    it(`${what}: says the proxy asks for authentication`, async () => {
      ctx.sim.faults.add({
        kind: 'status',
        status: 407,
        body: '<html><body><h1>407 Proxy Authentication Required</h1></body></html>',
        contentType: 'text/html',
      });
      const error = await rejectsWithKind(call(clientFor(ctx.sim)), 'network');
      assert.match(error.userMessage, /proxy .*asks for authentication/i);
      assert.doesNotMatch(error.userMessage, /GitLab refused/);
      assert.equal(ctx.sim.requestLog.length, 1);
    });
  }
});
