import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { startSimulator } from '../../simulator';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer';
import { rejectsWithKind, useSimulator } from './helpers';

function clientAt(instanceUrl: string, caPem?: string): GitLabClient {
  return new GitLabClient({
    instanceUrl,
    token: async () => assert.fail('the probe never reads the token'),
    userAgent: 'gitlab-deployment-approvals-tests',
    caPem,
  });
}

describe('GitLabClient.probe: is there a GitLab API at this address, before any token', () => {
  const ctx = useSimulator({ scenario: 'demo' });
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("GitLab's 401 to an unauthenticated /version is GitLab, and no token is sent", async () => {
    assert.deepEqual(await clientAt(ctx.sim.url).probe(), { kind: 'gitlab' });
    const [request] = ctx.sim.requestLog.all();
    assert.equal(request.route, 'version');
    assert.equal(request.authHeader, 'none');
  });

  it('works under a sub-path too', async () => {
    const sim = await startSimulator({ scenario: 'empty', basePath: '/gitlab' });
    try {
      assert.deepEqual(await clientAt(sim.url).probe(), { kind: 'gitlab' });
      assert.equal(sim.requestLog.all()[0].path, '/gitlab/api/v4/version');
    } finally {
      await sim.close();
    }
  });

  it('a web page is not a GitLab API', async () => {
    server = await startLoopbackServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    assert.deepEqual(await clientAt(server.origin).probe(), {
      kind: 'not-gitlab',
      reason: 'it answered with a web page',
    });
  });

  it("another server's 404, or a 401 that is not GitLab's, is not a GitLab API", async () => {
    server = await startLoopbackServer((q, r) =>
      q.url?.startsWith('/api/v4/version')
        ? r.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"login required"}')
        : r.writeHead(404).end(),
    );
    assert.deepEqual(await clientAt(server.origin).probe(), {
      kind: 'not-gitlab',
      reason: 'it answered 401 with JSON GitLab does not send',
    });
    assert.deepEqual(await clientAt(`${server.origin}/elsewhere`).probe(), {
      kind: 'not-gitlab',
      reason: 'it answered 404',
    });
  });

  it('a redirect is not followed; an http:// → https:// one names the address to use', async () => {
    server = await startLoopbackServer((q, r) =>
      r.writeHead(301, { location: `https://gitlab.example.com${q.url}` }).end(),
    );
    assert.deepEqual(await clientAt(server.origin).probe(), {
      kind: 'not-gitlab',
      reason: 'it redirects to https://gitlab.example.com/api/v4/version',
      redirectTo: 'https://gitlab.example.com',
    });
    assert.equal(server.received.length, 1);
  });

  it('https:// against a plain-HTTP server is a TLS problem that says so, without the CA-file hint', async () => {
    const error = await rejectsWithKind(clientAt(ctx.sim.url.replace('http://', 'https://')).probe(), 'tls');
    assert.match(error.userMessage, /did not answer with TLS, so it probably serves only http:\/\//);
    assert.doesNotMatch(error.userMessage, /caFile/);
  });

  it('nothing listening is a network error', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await rejectsWithKind(clientAt(`http://127.0.0.1:${port}`).probe(), 'network');
  });
});
