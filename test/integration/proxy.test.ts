// VS Code's proxy and system-certificate support reach every request the extension makes, with or without a CA file,
// over https. The instance uses a host name no resolver knows: only the loopback proxy (set as `http.proxy`) can
// reach the simulator, so a request that bypassed VS Code's proxy support would fail. (Loopback names such as
// localhost and 127.0.0.1 always bypass the proxy; see docs/transport.md.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { startSimulator, type Simulator } from '../simulator';
import { generateCertificate, SIMULATOR_TEST_HOSTNAME } from '../simulator/tls';
import { startConnectProxy, type ConnectProxy } from '../support/connectProxy';
import { extensionApi, treeRows, waitFor } from './support/harness';

describe('proxy: every request goes through VS Code’s proxy support', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let proxy: ConnectProxy;
  let api: ExtensionInternals;
  let instanceUrl: string;
  const http = () => vscode.workspace.getConfiguration('http');
  const settings = () => vscode.workspace.getConfiguration('gitlabApprovals');
  const caFile = path.join(os.tmpdir(), `gda-proxy-test-ca-${process.pid}.pem`);

  before(async () => {
    sim = await startSimulator({ scenario: 'demo', https: true });
    proxy = await startConnectProxy({ [SIMULATOR_TEST_HOSTNAME]: '127.0.0.1' });
    instanceUrl = `https://${SIMULATOR_TEST_HOSTNAME}:${new URL(sim.url).port}`;
    fs.writeFileSync(caFile, sim.caPem!);
    // VS Code's system-certificate support adds these (its hook for extension tests) to the operating system's
    // certificates; without a CA file, this is how the simulator's certificate is trusted.
    (https.globalAgent as { testCertificates?: string[] }).testCertificates = [sim.caPem!];
    api = await extensionApi();
    api.focus.setFocused(true);
  });

  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('caFile', undefined, vscode.ConfigurationTarget.Global);
    delete process.env.GITLAB_APPROVALS_URL;
    delete process.env.GITLAB_APPROVALS_TOKEN;
    await api.instances.reload();
    await proxy?.close();
    await sim?.close();
    fs.rmSync(caFile, { force: true });
  });

  async function loadThroughInstance(): Promise<void> {
    sim.clearLog();
    proxy.tunnels.length = 0;
    process.env.GITLAB_APPROVALS_URL = instanceUrl;
    process.env.GITLAB_APPROVALS_TOKEN = sim.defaultToken;
    await api.instances.reload();
    await waitFor(() => {
      const instance = api.engine.snapshot().instances.find((i) => i.instanceUrl === instanceUrl);
      return instance?.lastSuccessAt !== undefined || instance?.error !== undefined;
    }, 'the first load');
  }

  function instanceError(): string | undefined {
    const error = api.engine.snapshot().instances.find((i) => i.instanceUrl === instanceUrl)?.error;
    return error && `${error.kind}: ${error.detail}`;
  }

  function assertEveryRequestCameThroughTheProxy(): void {
    const log = sim.requestLog.all();
    assert.ok(log.length >= 3, `only ${log.length} requests reached the simulator`);
    const hosts = new Set(log.map((entry) => entry.host));
    assert.deepEqual([...hosts], [new URL(instanceUrl).host], 'a request arrived under another host name');
    assert.ok(proxy.tunnels.length > 0, 'no tunnel was opened through the proxy');
    assert.deepEqual([...new Set(proxy.tunnels)], [new URL(instanceUrl).host]);
    assert.ok(
      treeRows(api).some((row) => /api-gateway/.test(row)),
      `the tree shows no project: ${treeRows(api).join(' | ')}`,
    );
  }

  it('without http.proxy the instance cannot be reached (the name is not in DNS)', async () => {
    await loadThroughInstance();
    assert.match(instanceError() ?? 'loaded', /^network: .*(ENOTFOUND|EAI_AGAIN)/);
    assert.equal(sim.requestLog.length, 0);
  });

  // Without a CA file VS Code's system certificates make the simulator trusted; with one the request carries its own
  // `ca` (Node's roots and the file) and VS Code adds nothing, so the file alone does. `proxySupport: on` and
  // `fetchAdditionalSupport: false` are where a private HTTP client, or `fetch`, would slip past the proxy.
  const cases: { name: string; withCaFile: boolean; http: Record<string, unknown> }[] = [
    { name: 'no CA file', withCaFile: false, http: {} },
    { name: 'a CA file for this instance', withCaFile: true, http: {} },
    { name: 'a CA file, and http.proxySupport "on"', withCaFile: true, http: { proxySupport: 'on' } },
    {
      name: 'no CA file, and http.fetchAdditionalSupport off',
      withCaFile: false,
      http: { fetchAdditionalSupport: false },
    },
  ];
  for (const { name, withCaFile, http: extra } of cases) {
    it(`with http.proxy and ${name}: through the proxy`, async () => {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      for (const [key, value] of Object.entries(extra))
        await http().update(key, value, vscode.ConfigurationTarget.Global);
      const caSetting = withCaFile ? { [instanceUrl]: caFile } : undefined;
      await settings().update('caFile', caSetting, vscode.ConfigurationTarget.Global);
      try {
        await loadThroughInstance();
        assert.equal(instanceError(), undefined);
        assertEveryRequestCameThroughTheProxy();
      } finally {
        for (const key of Object.keys(extra)) await http().update(key, undefined, vscode.ConfigurationTarget.Global);
      }
    });
  }

  // A path in gitlabApprovals.caFile applies to every self-managed instance. One the operating system trusts (here
  // through VS Code's test hook) must keep working although the file is another authority's: the file adds trust.
  it('a CA file of another authority set as a path: an instance the system trusts still loads', async () => {
    const otherCaFile = path.join(os.tmpdir(), `gda-proxy-test-other-ca-${process.pid}.pem`);
    fs.writeFileSync(otherCaFile, (await generateCertificate()).cert);
    try {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      await settings().update('caFile', otherCaFile, vscode.ConfigurationTarget.Global);
      await loadThroughInstance();
      assert.equal(instanceError(), undefined);
      assertEveryRequestCameThroughTheProxy();
    } finally {
      await settings().update('caFile', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(otherCaFile, { force: true });
    }
  });

  // VS Code's proxy agent hands a request its socket only once the proxy has answered CONNECT; until then, destroying
  // the request emits nothing. Each stuck request must still end at its deadline and give back its concurrency slot.
  it('a proxy that never answers CONNECT, then recovers: the instance refreshes again without a reload', async function () {
    this.timeout(120_000);
    const instance = () => api.engine.snapshot().instances.find((i) => i.instanceUrl === instanceUrl);
    proxy.stall();
    try {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      await settings().update('caFile', undefined, vscode.ConfigurationTarget.Global);
      sim.clearLog();
      process.env.GITLAB_APPROVALS_URL = instanceUrl;
      process.env.GITLAB_APPROVALS_TOKEN = sim.defaultToken;
      await api.instances.reload();
      // The transport's deadline (20 s) ends the stuck requests; the refresh fails and says so.
      await waitFor(
        () => instance()?.error?.kind === 'timeout',
        'the load through the silent proxy to time out',
        60_000,
      );
      assert.ok(proxy.unanswered.length > 0, 'no CONNECT reached the silent proxy');
      assert.equal(sim.requestLog.length, 0);

      proxy.tunnels.length = 0;
      proxy.recover();
      await api.engine.refresh('full');
      assert.equal(instanceError(), undefined);
      assert.ok(instance()?.lastSuccessAt !== undefined);
      assertEveryRequestCameThroughTheProxy();
    } finally {
      proxy.recover();
    }
  });
});
