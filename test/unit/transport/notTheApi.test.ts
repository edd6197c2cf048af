// An answer that is not GitLab's API (a sign-on or proxy login page, or JSON of the wrong shape) is a typed error,
// never data.
import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { rejectsWithKind } from '../client/helpers';
import { json, useLoopbackServer } from '../support/loopbackServer';

const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>SSO</form></body></html>';

describe('transport: answers that are not the API', () => {
  const ctx = useLoopbackServer((request, response) => {
    const path = request.url ?? '';
    if (path.includes('/login-page/')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void response.end(LOGIN_PAGE);
    }
    if (path.includes('/object-for-list/')) return json(response, { message: 'welcome' });
    if (path.includes('/list-for-object/')) return json(response, [{ id: 1 }]);
    json(response, { error: 'unexpected' }, 404);
  });
  const client = (prefix: string) =>
    new GitLabClient({
      instanceUrl: `${ctx.server.origin}/${prefix}`,
      token: async () => 'tok-abcdef',
      userAgent: 't',
    });

  it('a 200 text/html login page where JSON is expected → not-api, with a plain message', async () => {
    const error = await rejectsWithKind(client('login-page').currentUser(), 'not-api');
    assert.equal(error.userMessage, 'GitLab answered with a web page, not the API — a proxy or sign-on page?');
    assert.doesNotMatch(error.detail, /<form/);
  });

  it('a login page in a list → not-api, not an empty list', async () => {
    await rejectsWithKind(client('login-page').blockedDeployments(1), 'not-api');
  });

  it('an object where the route returns a list → not-api', async () => {
    await rejectsWithKind(client('object-for-list').blockedDeployments(1), 'not-api');
    await rejectsWithKind(client('object-for-list').environments(1), 'not-api');
    await rejectsWithKind(client('object-for-list').protectedEnvironments(1), 'not-api');
    await rejectsWithKind(client('object-for-list').memberProjects(30), 'not-api');
  });

  it('a list where the route returns one object → not-api', async () => {
    await rejectsWithKind(client('list-for-object').deployment(1, 2), 'not-api');
    await rejectsWithKind(client('list-for-object').version(), 'not-api');
  });
});
