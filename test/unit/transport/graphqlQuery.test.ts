// The one GraphQL request (deploy freezes): the token goes to the instance's `/api/graphql` and nowhere else, and the
// query is treated as the read it is — retried on a 503, never reported as a write that may have gone through.
import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { InstanceScope } from '../../../src/core/gitlab/transport/confinement';
import { json, useLoopbackServer } from '../support/loopbackServer';

describe('transport: the GraphQL query', () => {
  let answers: Array<() => [number, unknown]> = [];
  const ctx = useLoopbackServer((_request, response) => {
    const next = answers.shift() ?? (() => [200, { data: { project: null } }]);
    const [status, body] = next();
    json(response, body as Record<string, unknown>, status);
  });
  const client = () =>
    new GitLabClient({
      instanceUrl: `${ctx.server.origin}/gitlab`,
      token: async () => 'secret-token-123',
      userAgent: 't',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });

  it('goes to <instance>/api/graphql with the token, and the answer’s list comes back as read', async () => {
    answers = [() => [200, { data: { project: { environment: { deployFreezes: [{ status: 'ACTIVE' }] } } } }]];
    const answer = await client().deployFreezes('acme/app', 'production');
    assert.deepEqual(answer, { freezes: [{ status: 'ACTIVE' }], errors: [] });
    const [sent] = ctx.server.received;
    assert.deepEqual([sent.method, sent.url], ['POST', '/gitlab/api/graphql']);
    assert.equal(sent.headers['private-token'], 'secret-token-123');
  });

  it('a 503 is retried like any read; GraphQL errors and a null project are "no freezes", not a failure', async () => {
    answers = [
      () => [503, { message: 'down' }],
      () => [200, { errors: [{ message: "Field 'deployFreezes' doesn't exist on type 'Environment'" }] }],
    ];
    const answer = await client().deployFreezes('acme/app', 'production');
    assert.deepEqual(answer, { errors: ["Field 'deployFreezes' doesn't exist on type 'Environment'"] });
    assert.equal(ctx.server.received.length, 2, 'sent again after the 503');
    assert.deepEqual(await client().deployFreezes('acme/app', 'production'), { errors: [] });
  });

  it('the scope admits /api/graphql exactly: no query string, nothing beside or below it', () => {
    const scope = new InstanceScope('https://example.com/gitlab');
    assert.ok(scope.contains(new URL('https://example.com/gitlab/api/graphql')));
    for (const url of [
      'https://example.com/gitlab/api/graphql?x=1',
      'https://example.com/gitlab/api/graphqlx',
      'https://example.com/gitlab/api/graphql/x',
      'https://example.com/api/graphql',
      'https://other.example.com/gitlab/api/graphql',
    ])
      assert.equal(scope.contains(new URL(url)), false, url);
  });
});
