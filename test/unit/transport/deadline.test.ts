// The whole-request deadline: connect, headers and body, held by a timer the transport owns, so no garbage collection
// can lose it; and cancellation by the caller still wins.
import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { rejectsWithKind } from '../client/helpers';
import { useLoopbackServer } from '../support/loopbackServer';

const gc = (globalThis as { gc?: () => void }).gc;

function clientOf(origin: string, timeoutMs: number): GitLabClient {
  return new GitLabClient({
    instanceUrl: origin,
    token: async () => 'deadline-test-token',
    userAgent: 'tests',
    timeoutMs,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

describe('transport: whole-request deadline', () => {
  const ctx = useLoopbackServer((request, response) => {
    if (request.url?.includes('/version')) return; // never answers
    if (request.url?.includes('/user')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify({ id: 1, username: 'slow', name: 'Slow', state: 'active' });
      let sent = 0;
      const drip = setInterval(() => {
        if (response.destroyed || sent >= body.length) return clearInterval(drip);
        response.write(body[sent++]);
      }, 1000);
      response.on('close', () => clearInterval(drip));
    }
  });

  // No duration is asserted: a deadline that did not fire leaves the request pending, and the test's own timeout (far
  // above the deadline) fails it.
  it('fires on a server that never answers, however often the garbage collector runs', async function () {
    this.timeout(10_000);
    assert.ok(gc, 'unit tests run with --expose-gc');
    const pending = rejectsWithKind(clientOf(ctx.server.origin, 400).version(), 'timeout');
    const collecting = setInterval(() => gc!(), 20);
    try {
      await pending;
    } finally {
      clearInterval(collecting);
    }
  });

  it('covers the body: an answer sent one byte a second times out', async function () {
    this.timeout(10_000); // the body would take about 60 s
    const error = await rejectsWithKind(clientOf(ctx.server.origin, 1_500).currentUser(), 'timeout');
    assert.match(error.userMessage, /did not answer within 2 seconds|did not answer within 1\.5 seconds/);
  });

  it('cancellation still ends a request at once, and leaves no timer behind', async function () {
    this.timeout(10_000); // the deadline is 60 s: only the cancellation can end it in time
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await rejectsWithKind(clientOf(ctx.server.origin, 60_000).version({ signal: controller.signal }), 'cancelled');
  });
});
