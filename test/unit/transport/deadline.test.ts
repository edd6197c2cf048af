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

  it('fires on a server that never answers, however often the garbage collector runs', async () => {
    assert.ok(gc, 'unit tests run with --expose-gc');
    const started = Date.now();
    const pending = rejectsWithKind(clientOf(ctx.server.origin, 400).version(), 'timeout');
    const collecting = setInterval(() => gc!(), 20);
    try {
      await pending;
    } finally {
      clearInterval(collecting);
    }
    const took = Date.now() - started;
    assert.ok(took < 3_000, `the 400 ms deadline fired only after ${took} ms`);
  });

  it('covers the body: an answer sent one byte a second times out', async () => {
    const started = Date.now();
    const error = await rejectsWithKind(clientOf(ctx.server.origin, 1_500).currentUser(), 'timeout');
    const took = Date.now() - started;
    assert.ok(took < 4_000, `a 1.5 s deadline fired only after ${took} ms`);
    assert.match(error.userMessage, /did not answer within 2 seconds|did not answer within 1\.5 seconds/);
  });

  it('cancellation still ends a request at once, and leaves no timer behind', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await rejectsWithKind(clientOf(ctx.server.origin, 60_000).version({ signal: controller.signal }), 'cancelled');
    assert.ok(Date.now() - started < 1_000);
  });
});
