// A proxy that accepts the connection but never answers CONNECT: the request has no socket yet, so destroying it emits
// nothing. The deadline must still end it and free its concurrency slot, or six such requests would stop the instance
// for good, even once the proxy recovers. The proxy is reached the way VS Code's proxy support does it in the extension
// host: `https.request` itself is wrapped to add an agent that tunnels through the proxy.
import * as assert from 'node:assert/strict';
import https from 'node:https';
import * as sinon from 'sinon';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { startSimulator, type Simulator } from '../../simulator';
import { SIMULATOR_TEST_HOSTNAME } from '../../simulator/tls';
import { startConnectProxy, tunnellingAgent, type ConnectProxy } from '../../support/connectProxy';
import { rejectsWithKind } from '../client/helpers';

const DEADLINE_MS = 20_000;
const SLOTS = 6;

describe('transport: a proxy that never answers CONNECT', () => {
  let sim: Simulator;
  let proxy: ConnectProxy;
  let clock: sinon.SinonFakeTimers;
  const sandbox = sinon.createSandbox();

  before(async () => {
    sim = await startSimulator({ scenario: 'demo', https: true });
  });
  after(() => sim.close());

  beforeEach(async () => {
    sim.clearLog();
    proxy = await startConnectProxy({ [SIMULATOR_TEST_HOSTNAME]: '127.0.0.1' });
    const agent = tunnellingAgent(proxy.url);
    const request = https.request;
    sandbox
      .stub(https, 'request')
      .callsFake(((url: URL, options: https.RequestOptions) =>
        request(url, { ...options, agent })) as typeof https.request);
    // Only the deadline's timer is faked: the sockets run for real.
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(async () => {
    clock.restore();
    sandbox.restore();
    await proxy.close();
  });

  const client = () =>
    new GitLabClient({
      instanceUrl: `https://${SIMULATOR_TEST_HOSTNAME}:${new URL(sim.url).port}`,
      token: async () => sim.defaultToken,
      userAgent: 'tests',
      caPem: sim.caPem,
      timeoutMs: DEADLINE_MS,
      maxConcurrency: SLOTS,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });

  it('ends each request at its deadline and frees its slot; once the proxy answers again, reads go through', async () => {
    proxy.stall();
    const gitlab = client();
    // One more request than there are slots: the last can start only once a stuck one has given its slot back.
    const stuck = Array.from({ length: SLOTS + 1 }, () => rejectsWithKind(gitlab.version(), 'timeout'));
    await proxy.heldAtLeast(SLOTS);
    await clock.tickAsync(DEADLINE_MS);
    await proxy.heldAtLeast(SLOTS + 1);
    await clock.tickAsync(DEADLINE_MS);
    await Promise.all(stuck);
    assert.equal(sim.requestLog.length, 0, 'nothing reached GitLab through the silent proxy');

    proxy.recover();
    const version = await gitlab.version();
    assert.equal(typeof version.version, 'string');
    assert.deepEqual(
      sim.requestLog.all().map((entry) => entry.route),
      ['version'],
    );
    assert.ok(proxy.tunnels.length >= 1, 'the read after recovery came through the proxy');
  });

  it('ends a request whose host name never resolves', async () => {
    sandbox.restore();
    const request = https.request;
    // A resolver that never answers: the request waits before it has a connection to the proxy or GitLab.
    sandbox
      .stub(https, 'request')
      .callsFake(((url: URL, options: https.RequestOptions) =>
        request(url, { ...options, lookup: () => undefined })) as typeof https.request);
    const pending = rejectsWithKind(client().version(), 'timeout');
    await clock.tickAsync(DEADLINE_MS);
    await pending;
    assert.equal(sim.requestLog.length, 0);
  });
});
