import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { startSimulator, type Simulator } from '../simulator';
import { signedInSimulator, signInToAnotherInstance, waitFor } from './support/harness';
import { COMMANDS } from '../../src/shell/commands/commandIds';

// What a person sees when GitLab misbehaves: the view's message, the status bar's stale mark, the log — and that one
// instance's trouble leaves another alone.
describe('a misbehaving GitLab, as the user sees it', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  let signOut: () => Promise<void>;
  const sandbox = sinon.createSandbox();

  before(async () => {
    ({ sim, api, signOut } = await signedInSimulator());
  });
  afterEach(() => {
    sandbox.restore();
    sim.faults.clear();
  });
  after(() => signOut());

  it('a sign-on web page instead of the API: stale mark, a message and a warning in the log; recovers when it is gone', async () => {
    const rowsBefore = api.tree.currentShape.visibleDeployments().length;
    assert.ok(rowsBefore > 0);
    const warn = sandbox.spy(api.log.channel, 'warn');
    sim.faults.add({
      kind: 'status',
      status: 200,
      contentType: 'text/html',
      body: '<!DOCTYPE html><html><body><h1>Sign in with SSO</h1></body></html>',
    });
    await api.engine.refresh('poll');
    assert.match(api.tree.view.message ?? '', /^127\.0\.0\.1:\d+: .+ Showing data from .+ Next try in \d+ (s|min)\.$/);
    assert.match(api.statusBar.item.text, /\$\(warning\)$/);
    assert.equal(api.tree.currentShape.visibleDeployments().length, rowsBefore, 'the last data stays');
    assert.ok(
      warn.getCalls().some((c) => String(c.args[0]).includes(`refreshing ${sim.url} failed`)),
      'logged at warning level with the instance',
    );

    sim.faults.clear();
    await api.engine.refresh('poll');
    await waitFor(() => api.tree.view.message === undefined, 'the message to go');
    assert.doesNotMatch(api.statusBar.item.text, /warning/);
    assert.equal(api.tree.currentShape.visibleDeployments().length, rowsBefore);
  });

  it('every refresh failure is logged as a warning with the instance and the route, never the token', async () => {
    for (const fault of [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
      { kind: 'rate-limit', retryAfter: 1 },
    ] as const) {
      const warn = sandbox.spy(api.log.channel, 'warn');
      sim.faults.set([{ ...fault, route: 'deployments.list' }]);
      await api.engine.refresh('full');
      const lines = warn.getCalls().map((c) => String(c.args[0]));
      assert.ok(
        lines.some((l) => l.includes(`refreshing ${sim.url} failed`) && /\/projects\/\d+\/deployments/.test(l)),
        `${fault.kind} ${'status' in fault ? fault.status : ''}: ${lines.join(' | ')}`,
      );
      assert.ok(!lines.some((l) => l.includes(sim.defaultToken)));
      sandbox.restore();
      sim.faults.clear();
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the 429's Retry-After
      await api.engine.refresh('full');
    }
    await waitFor(() => api.tree.view.message === undefined, 'recovery');
  });

  it('two instances: one rate-limited for an hour says how long it waits and is left alone; the other keeps refreshing', async () => {
    const second = await startSimulator({ scenario: 'demo' });
    try {
      await signInToAnotherInstance(api, second.url, second.defaultToken);

      second.faults.add({ kind: 'rate-limit', retryAfter: 3600 });
      await api.engine.refresh('poll');
      const secondHost = new URL(second.url).host;
      assert.match(
        api.tree.view.message ?? '',
        new RegExp(`${secondHost}: GitLab is rate limiting .* Next try in (59 min|1 h)\\.`),
      );

      const askedAfter429 = second.requestLog.length;
      const created = sim.createBlockedDeployment({
        project: 'acme/platform/api-gateway',
        environment: 'staging',
        triggeredBy: 'bob',
        ref: 'while-the-other-waits',
      });
      await api.engine.refresh('poll');
      await waitFor(
        () => api.tree.currentShape.visibleDeployments().some((n) => n.deployment.id === created.deployment.id),
        'the healthy instance to show its new deployment',
      );
      assert.equal(second.requestLog.length, askedAfter429, 'nothing sent to the rate-limited instance');
      const first = api.engine.snapshot().instances.find((i) => i.instanceUrl === sim.url)!;
      assert.equal(first.stale, false);

      sandbox.stub(vscode.window, 'showWarningMessage').resolves('Sign Out' as unknown as vscode.MessageItem);
      const secondRoot = api.tree
        .getChildren()
        .find((n) => n.type === 'instance' && n.instance.instanceUrl === second.url);
      await vscode.commands.executeCommand(COMMANDS.signOut, secondRoot);
      await waitFor(() => api.instances.urls.length === 1, 'one instance left');
    } finally {
      await second.close();
    }
  });
});
