import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSimulator } from '../simulator';
import {
  pollAfterChange,
  runCommand,
  signedInSuite,
  signInToAnotherInstance,
  viewNotices,
  waitFor,
} from './support/harness';
import { COMMANDS } from '../../src/shell/commands/commandIds';

// What a person sees when GitLab misbehaves: the view's message, the status bar's stale mark, the log — and that one
// instance's trouble leaves another alone.
describe('a misbehaving GitLab, as the user sees it', () => {
  const host = signedInSuite();

  it('a sign-on web page instead of the API: stale mark, a message and a warning in the log; recovers when it is gone', async () => {
    const rowsBefore = host.api.tree.currentShape.visibleDeployments().length;
    assert.ok(rowsBefore > 0);
    const warn = host.sandbox.spy(host.api.log.channel, 'warn');
    host.sim.faults.add({
      kind: 'status',
      status: 200,
      contentType: 'text/html',
      body: '<!DOCTYPE html><html><body><h1>Sign in with SSO</h1></body></html>',
    });
    await pollAfterChange(host.api);
    assert.match(
      viewNotices(host.api),
      /^127\.0\.0\.1:\d+: .+ Showing data read (just now|\d+ \S+ ago)\. Next try in \d+ (s|min)\.$/,
    );
    assert.match(host.api.statusBar.item.text, /\$\(warning\)$/);
    assert.equal(host.api.tree.currentShape.visibleDeployments().length, rowsBefore, 'the last data stays');
    assert.ok(
      warn.getCalls().some((c) => String(c.args[0]).includes(`refreshing ${host.sim.url} failed`)),
      'logged at warning level with the instance',
    );

    host.sim.faults.clear();
    await pollAfterChange(host.api);
    await waitFor(() => viewNotices(host.api) === '', 'the message to go');
    assert.doesNotMatch(host.api.statusBar.item.text, /warning/);
    assert.equal(host.api.tree.currentShape.visibleDeployments().length, rowsBefore);
  });

  it('every refresh failure is logged as a warning with the instance and the route, never the token', async function () {
    // Four faults, each followed by a clean refresh: the 429 is waited out in real time as GitLab asks (Retry-After: 1,
    // the read sent again), about 8 s in all on a quiet machine; a loaded CI machine took over the default 20 s.
    this.timeout(90_000);
    for (const fault of [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
      { kind: 'rate-limit', retryAfter: 1 },
    ] as const) {
      const warn = host.sandbox.spy(host.api.log.channel, 'warn');
      host.sim.faults.set([{ ...fault, route: 'deployments.list' }]);
      await host.api.engine.refresh('full');
      const lines = warn.getCalls().map((c) => String(c.args[0]));
      assert.ok(
        lines.some((l) => l.includes(`refreshing ${host.sim.url} failed`) && /\/projects\/\d+\/deployments/.test(l)),
        `${fault.kind} ${'status' in fault ? fault.status : ''}: ${lines.join(' | ')}`,
      );
      assert.ok(!lines.some((l) => l.includes(host.sim.defaultToken)));
      host.sandbox.restore();
      host.sim.faults.clear();
      // A refresh before the 429's Retry-After sends nothing; one after it succeeds.
      await waitFor(
        async () => {
          await host.api.engine.refresh('full');
          return host.api.engine.snapshot().instances[0]?.error === undefined;
        },
        'a clean refresh',
        10_000,
        100,
      );
    }
    await waitFor(() => viewNotices(host.api) === '', 'recovery');
  });

  it('two instances: one rate-limited for an hour says how long it waits and is left alone; the other keeps refreshing', async () => {
    const second = await startSimulator({ scenario: 'demo' });
    try {
      await signInToAnotherInstance(host.api, second.url, second.defaultToken);

      second.faults.add({ kind: 'rate-limit', retryAfter: 3600 });
      await host.api.engine.refresh('poll');
      const secondHost = new URL(second.url).host;
      assert.match(
        viewNotices(host.api),
        new RegExp(`${secondHost}: GitLab is rate limiting .* Next try in (59 min|1 h)\\.`),
      );

      const askedAfter429 = second.requestLog.length;
      const created = host.sim.createBlockedDeployment({
        project: 'acme/platform/api-gateway',
        environment: 'staging',
        triggeredBy: 'bob',
        ref: 'while-the-other-waits',
      });
      await pollAfterChange(host.api);
      await waitFor(
        () => host.api.tree.currentShape.visibleDeployments().some((n) => n.deployment.id === created.deployment.id),
        'the healthy instance to show its new deployment',
      );
      assert.equal(second.requestLog.length, askedAfter429, 'nothing sent to the rate-limited instance');
      const first = host.api.engine.snapshot().instances.find((i) => i.instanceUrl === host.sim.url)!;
      assert.equal(first.stale, false);

      host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Sign Out' as unknown as vscode.MessageItem);
      const secondRoot = host.api.tree
        .getChildren()
        .find((n) => n.type === 'instance' && n.instance.instanceUrl === second.url);
      await runCommand(COMMANDS.signOut, secondRoot);
      await waitFor(() => host.api.instances.urls.length === 1, 'one instance left');
    } finally {
      await second.close();
    }
  });
});
