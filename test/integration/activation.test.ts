import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BUILT_IN_COMMANDS, COMMANDS } from '../../src/shell/commands/commandIds';
import { runCommand, signedInSimulator, waitFor } from './support/harness';

const EXTENSION_ID = 'deployment-approvals.gitlab-deployment-approvals';

interface Manifest {
  activationEvents: string[];
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

describe('the extension in a real VS Code', () => {
  const extension = () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded`);
    return found;
  };
  const manifest = () => extension().packageJSON as Manifest;

  it('is not activated at start-up (no "*" activation)', () => {
    assert.ok(!manifest().activationEvents.includes('*'));
  });

  it('activates when its view is opened', async () => {
    await vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView);
    await waitFor(() => extension().isActive, 'the extension to activate');
  });

  it('registers every contributed command', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest()
      .contributes.commands.map((c) => c.command)
      .filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('contributes the deployments view, and the Follow-through view, in its own view container', () => {
    const views = manifest().contributes.views.gitlabApprovals.map((v) => v.id);
    assert.deepEqual(views, ['gitlabApprovals.deployments', 'gitlabApprovals.followedJobs']);
  });

  it('runs a command: Refresh reads GitLab again', async () => {
    const { sim, signOut } = await signedInSimulator();
    try {
      const before = sim.requestLog.all().filter((r) => r.route === 'deployments.list').length;
      await runCommand(COMMANDS.refresh);
      const after = sim.requestLog.all().filter((r) => r.route === 'deployments.list').length;
      assert.ok(after > before, `Refresh listed no deployments (${before} → ${after})`);
    } finally {
      await signOut();
    }
  });
});
