// Startup: the extension starts with VS Code (onStartupFinished), shows the count in the status bar without the view
// being opened, and after a restart shows the last known count at once, before GitLab answers anything.
// The restart is in place, as VS Code does it: the suites after this one run against the restarted activation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as sinon from 'sinon';
import { WALKTHROUGH_SHOWN_KEY } from '../../src/shell/firstStart';
import {
  EXTENSION_ID,
  extensionApi,
  restartExtension,
  signedInSimulator,
  signOutEverywhere,
  waitFor,
} from './support/harness';

describe('startup', () => {
  it('starts with VS Code (onStartupFinished), not only when its view is opened', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = extension.packageJSON as { activationEvents: string[] };
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
    assert.equal(extension.isActive, true);
  });

  it('shows the count in the status bar without the view being opened', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const { api, signOut } = await signedInSimulator();
    try {
      assert.equal(api.tree.view.visible, false, 'the view is closed');
      await waitFor(() => api.statusBar.isVisible, 'the status-bar count');
      const awaiting = api.engine
        .snapshot()
        .instances[0].projects.flatMap((p) =>
          p.environments.flatMap((e) => e.deployments.filter((d) => d.awaitingMe)),
        ).length;
      assert.ok(awaiting > 0);
      assert.match(api.statusBar.item.text, new RegExp(`^\\$\\(bell-dot\\) ${awaiting} to approve( · \\d+ to run)?$`));
    } finally {
      await signOut();
    }
  });

  it('a poll that changes nothing rebuilds no rows', async () => {
    const { api, signOut } = await signedInSimulator();
    try {
      await api.engine.refresh('poll');
      const rebuilds = api.tree.rebuilds;
      const text = api.statusBar.item.text;
      await api.engine.refresh('poll');
      await api.engine.refresh('poll');
      assert.equal(api.tree.rebuilds, rebuilds);
      assert.equal(api.statusBar.item.text, text);
    } finally {
      await signOut();
    }
  });

  it('a restarted extension shows the stored count at once, not yet refreshed, before the simulator answers', async () => {
    const { sim, api } = await signedInSimulator();
    let running = api;
    try {
      await waitFor(() => api.statusBar.isVisible, 'the status-bar count');
      const before = api.statusBar.item.text;
      // Saved a moment after the refresh; a new window (or a restart) reads it.
      await waitFor(() => api.lastKnown.restore([sim.url]).length === 1, 'the state to be kept', 10_000);
      sim.faults.add({ kind: 'latency', ms: 4_000 });
      const sentBefore = sim.requestLog.length;

      const { api: restarted, activateMs } = await restartExtension();
      running = restarted;
      // Right after activate returns: no await, no request could have been answered.
      assert.equal(restarted.statusBar.isVisible, true, 'the count is shown at activation');
      assert.equal(restarted.statusBar.item.text, `${before} $(history)`, 'marked not yet refreshed');
      // How long activation took is a figure for the log, not a pass mark (the machine's load decides it): that it
      // waited for no answer is what the 4 s latency and the empty list of answers below prove.
      console.log(`      activation took ${activateMs.toFixed(0)} ms`);
      const tooltip = restarted.statusBar.item.tooltip as vscode.MarkdownString;
      assert.match(tooltip.value, /Not yet refreshed: as last seen (just now|\d+ \S+ ago)\./);
      // The rows right after the count (their views take longer to derive than a number): the tree, the same count.
      await waitFor(
        () => /Not yet refreshed: showing what was last seen/.test(restarted.tree.view.message ?? ''),
        'the stored rows in the view',
      );
      assert.match(
        restarted.tree.view.message ?? '',
        /Not yet refreshed: showing what was last seen (just now|\d+ \S+ ago)\./,
      );
      assert.equal(restarted.statusBar.item.text, `${before} $(history)`, 'the rows count the same');
      assert.match((restarted.statusBar.item.tooltip as vscode.MarkdownString).value, /to approve|To approve/);
      const answered = sim.requestLog
        .all()
        .slice(sentBefore)
        .filter((entry) => entry.status !== null);
      assert.deepEqual(answered, [], 'nothing was answered yet');

      // Then it refreshes (once the window has focus), and the mark goes.
      sim.faults.clear();
      restarted.focus.setFocused(true);
      await waitFor(
        () =>
          restarted.engine.snapshot().instances[0]?.restoredFrom === undefined &&
          restarted.statusBar.item.text === before,
        'the refreshed count',
      );
    } finally {
      delete process.env.GITLAB_APPROVALS_URL;
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await running.instances.reload();
      await sim.close();
    }
  });

  it('a state kept before counts were kept apart still shows its rows and count after a restart', async () => {
    const { sim, api } = await signedInSimulator();
    let running = api;
    try {
      await waitFor(() => api.statusBar.isVisible, 'the status-bar count');
      const before = api.statusBar.item.text;
      await waitFor(() => api.lastKnown.counts([sim.url]).length === 1, 'the state to be kept', 10_000);
      // As an older version left it: the rows only.
      await api.context.globalState.update('gitlabApprovals.lastKnownCounts', undefined);
      sim.faults.add({ kind: 'latency', ms: 4_000 });

      const { api: restarted } = await restartExtension();
      running = restarted;
      await waitFor(
        () => restarted.statusBar.item.text === `${before} $(history)`,
        'the count from the stored rows, not yet refreshed',
      );
      assert.equal(restarted.engine.snapshot().instances[0]?.restoredFrom !== undefined, true, 'the stored rows');
      sim.faults.clear();
      restarted.focus.setFocused(true);
      await waitFor(() => restarted.statusBar.item.text === before, 'the refreshed count');
      await waitFor(() => restarted.lastKnown.counts([sim.url]).length === 1, 'the counts kept again', 10_000);
    } finally {
      delete process.env.GITLAB_APPROVALS_URL;
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await running.instances.reload();
      await sim.close();
    }
  });

  it('opens the walkthrough on the first start while signed out, and only once', async () => {
    const running = await extensionApi();
    await signOutEverywhere(running);
    await running.context.globalState.update(WALKTHROUGH_SHOWN_KEY, undefined);
    const opened = sinon.spy(vscode.commands, 'executeCommand');
    const walkthroughs = () => opened.getCalls().filter((c) => c.args[0] === 'workbench.action.openWalkthrough');
    try {
      await restartExtension();
      await waitFor(() => walkthroughs().length === 1, 'the walkthrough to open');
      assert.equal(walkthroughs()[0].args[1], `${EXTENSION_ID}#gettingStarted`);
      const { api } = await restartExtension();
      await waitFor(() => api.contextKeys !== undefined && !api.instances.signedIn, 'the second start to settle');
      await api.instances.reload();
      assert.equal(walkthroughs().length, 1, 'not again on the next start');
    } finally {
      opened.restore();
    }
  });
});
