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
