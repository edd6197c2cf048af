// The token: redacted by its actual value, sent only below the instance's path prefix, never after a redirect, never
// with control characters; ids from the server stay one path segment.
import * as assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/core/errors';
import { GitLabClient } from '../../../src/core/gitlab/client';
import type { AttemptRecord } from '../../../src/core/gitlab/transport/requestHandler';
import { tokenProblem } from '../../../src/core/gitlab/token';
import { rejectsWithKind } from '../client/helpers';
import { json, useLoopbackServer } from '../support/loopbackServer';

const TOKEN = 'plain-secret-value-7F3K9Q';

describe('transport: the token', () => {
  const ctx = useLoopbackServer((request, response) => {
    const path = request.url ?? '';
    if (path.startsWith('/gitlab/api/v4/user')) return void response.writeHead(302, { location: '/sso/login' }).end();
    if (path.startsWith('/gitlab/api/v4/personal_access_tokens/self'))
      return void response.writeHead(302, { location: `/gitlab/api/v4/next?t=${TOKEN}` }).end();
    if (path.startsWith('/gitlab/api/v4/version'))
      return json(response, { message: `token ${TOKEN} is not valid` }, 400);
    json(response, { message: '404 Not found' }, 404);
  });
  const client = (overrides: { token?: string; onAttempt?: (a: AttemptRecord) => void; instance?: string } = {}) =>
    new GitLabClient({
      instanceUrl: `${ctx.server.origin}${overrides.instance ?? '/gitlab'}`,
      token: async () => overrides.token ?? TOKEN,
      userAgent: 't',
      onAttempt: overrides.onAttempt,
    });

  it('a token GitLab echoes back is redacted by value in the message, detail and GitLab text', async () => {
    const error = await rejectsWithKind(client().version(), 'rejected');
    for (const text of [
      error.userMessage,
      error.detail,
      error.message,
      (error as { gitlabMessage?: string }).gitlabMessage,
    ])
      assert.ok(!text?.includes(TOKEN), `the token leaked: ${text}`);
    // And anything headed for the log afterwards.
    assert.ok(!redactSecrets(`GET /x?t=${TOKEN}`).includes(TOKEN));
  });

  it('a redirect is not followed, and a `?t=<token>` in it is not logged', async () => {
    const attempts: AttemptRecord[] = [];
    const error = await rejectsWithKind(client({ onAttempt: (a) => attempts.push(a) }).tokenInfo(), 'invalid-input');
    assert.match(error.userMessage, /redirect/i);
    assert.equal(ctx.server.received.length, 1, 'the redirect was followed');
    const logged = JSON.stringify({ attempts, detail: error.detail, message: error.userMessage });
    assert.ok(!logged.includes(TOKEN), `the token leaked into ${logged}`);
  });

  it('an instance at /gitlab never sends the token to /sso/login on the same origin', async () => {
    const error = await rejectsWithKind(client().currentUser(), 'invalid-input');
    assert.match(error.userMessage, /\/sso\/login/);
    assert.deepEqual(
      ctx.server.received.map((r) => r.url),
      ['/gitlab/api/v4/user'],
    );
  });

  it('ids and paths from the server are one segment: ../../outside/app does not climb', async () => {
    const hostile = '../../outside/app' as unknown as number;
    await assert.rejects(client().groupMembership(hostile, 5));
    await assert.rejects(client().deployment(1, hostile));
    await assert.rejects(client().deployment(hostile, 2));
    await assert.rejects(client().protectedEnvironment(1, '../../../outside'));
    for (const r of ctx.server.received) {
      assert.ok(r.url.startsWith('/gitlab/api/v4/'), `a request climbed out of the API: ${r.url}`);
      assert.ok(!r.url.includes('/outside/'), `a hostile id became several segments: ${r.url}`);
    }
  });

  it('an id that is "." or ".." is refused before any request', async () => {
    await rejectsWithKind(client().deployment(1, '..' as unknown as number), 'invalid-input');
    await rejectsWithKind(client().groupMembership('.' as unknown as number, 1), 'invalid-input');
    assert.equal(ctx.server.received.length, 0);
  });

  for (const [name, bad] of [
    ['newline', 'glpat-abc\ndef'],
    ['NUL', 'glpat-abc\u0000def'],
    ['carriage return', 'abc\rX-Injected: 1'],
    ['tab', 'glpat-abc\tdef'],
  ]) {
    it(`a token with a ${name} is refused before any request, with a clear message`, async () => {
      assert.match(tokenProblem(bad) ?? '', /control character/);
      const error = await rejectsWithKind(client({ token: bad }).version(), 'invalid-input');
      assert.match(error.userMessage, /access token contains a control character/);
      assert.ok(!error.userMessage.includes('abc') && !error.detail.includes('def'), 'the token is quoted back');
      assert.equal(ctx.server.received.length, 0);
    });
  }

  it('an ordinary token passes the check', () => {
    assert.equal(tokenProblem('glpat-Ab3_xYz-1234567890'), undefined);
    assert.match(tokenProblem('') ?? '', /empty/);
  });
});
