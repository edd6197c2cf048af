// A write that was sent and then met a 502/504, a timeout or a reset may have gone through: it gets its own kind.
import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { rejectsWithKind } from '../client/helpers';
import { json, startLoopbackServer, useLoopbackServer } from '../support/loopbackServer';

describe('transport: writes that may have gone through', () => {
  let answer: 'status-502' | 'status-504' | 'status-503' | 'hang' | 'reset' = 'status-502';
  const ctx = useLoopbackServer((request, response) => {
    if (answer === 'hang') return;
    if (answer === 'reset') return void request.on('end', () => request.socket.destroy());
    json(response, { message: 'x' }, Number(answer.slice('status-'.length)));
  });
  const client = (origin = ctx.server.origin) =>
    new GitLabClient({ instanceUrl: origin, token: async () => 'tok-abcdef', userAgent: 't', timeoutMs: 300 });
  const approve = (c: GitLabClient) => c.setApproval(1, 2, { status: 'approved' });

  for (const kind of ['status-502', 'status-504', 'hang', 'reset'] as const) {
    it(`an approval met by ${kind} → maybe-applied, sent once, "check"`, async () => {
      answer = kind;
      const error = await rejectsWithKind(approve(client()), 'maybe-applied');
      assert.match(error.userMessage, /may have gone through/);
      assert.match(error.userMessage, /check/i);
      assert.equal(ctx.server.received.length, 1);
    });
  }

  it('a 503 on a write is still a refusal (GitLab did not take it)', async () => {
    answer = 'status-503';
    await rejectsWithKind(approve(client()), 'rejected');
  });

  it('a write that could not connect was never sent: network', async () => {
    const closed = await startLoopbackServer(() => undefined);
    await closed.close();
    await rejectsWithKind(approve(client(closed.origin)), 'network');
  });

  it('a read met by a reset is an ordinary network error', async () => {
    answer = 'reset';
    await rejectsWithKind(client().version(), 'network');
  });
});
