// A write that was sent and then met a 502/504, a timeout or a reset may have gone through: it gets its own kind. So
// does a write GitLab answered with success but an unreadable body (a proxy's page, nothing, a cut-off JSON): it went
// through as far as anyone can tell, but what GitLab did cannot be read back from the answer.
import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { rejectsWithKind } from '../client/helpers';
import { json, startLoopbackServer, useLoopbackServer } from '../support/loopbackServer';

describe('transport: writes that may have gone through', () => {
  type Answer = 'status-502' | 'status-504' | 'status-503' | 'hang' | 'reset' | Unreadable;
  type Unreadable = '201 with an HTML page' | '201 with an empty body' | '201 with cut-off JSON';
  let answer: Answer = 'status-502';
  const unreadable: Record<Unreadable, { type: string; body: string }> = {
    '201 with an HTML page': { type: 'text/html', body: '<html><body>Welcome</body></html>' },
    '201 with an empty body': { type: 'application/json', body: '' },
    '201 with cut-off JSON': { type: 'application/json', body: '{"status":"approved","user":{"id":' },
  };
  const ctx = useLoopbackServer((request, response) => {
    if (answer === 'hang') return;
    if (answer in unreadable) {
      const { type, body } = unreadable[answer as Unreadable];
      response.writeHead(201, { 'content-type': type });
      return void response.end(body);
    }
    if (answer === 'reset') return void request.on('end', () => request.socket.destroy());
    json(response, { message: 'x' }, Number(answer.slice('status-'.length)));
  });
  const client = (origin = ctx.server.origin) =>
    new GitLabClient({ instanceUrl: origin, token: async () => 'tok-abcdef', userAgent: 't', timeoutMs: 300 });
  const approve = (c: GitLabClient) => c.setApproval(1, 2, { status: 'approved' });

  const lostOrUnreadable: Answer[] = [
    'status-502',
    'status-504',
    'hang',
    'reset',
    ...(Object.keys(unreadable) as Unreadable[]),
  ];
  for (const kind of lostOrUnreadable) {
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

  it('a read answered 200 with a web page is not the API (nothing was changed)', async () => {
    answer = '201 with an HTML page';
    await rejectsWithKind(client().version(), 'not-api');
  });

  it('a read met by a reset is an ordinary network error', async () => {
    answer = 'reset';
    await rejectsWithKind(client().version(), 'network');
  });
});
