// The packaged extension, installed from its .vsix, works on its own (no repo files behind it).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { startSimulator } from '../simulator';

const EXTENSION_ID = 'deployment-approvals.gitlab-deployment-approvals';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the installed .vsix', () => {
  const extension = () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed`);
    return found;
  };

  it('is installed into the extensions folder, not loaded from the repository', () => {
    const extensionPath = path.resolve(extension().extensionPath);
    assert.notEqual(extensionPath, REPO_ROOT);
    assert.ok(!extensionPath.startsWith(REPO_ROOT + path.sep), `${extensionPath} is inside the repository`);
  });

  it('activates', async () => {
    await extension().activate();
    assert.ok(extension().isActive);
  });

  it('registers every command its manifest contributes', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (
      extension().packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 5);
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
    );
  });

  it('talks to GitLab from the minified bundle: signed in through the environment, it lists blocked deployments', async () => {
    const sim = await startSimulator({ scenario: 'demo' });
    try {
      const api = extension().exports as ExtensionInternals;
      process.env.GITLAB_APPROVALS_URL = sim.url;
      process.env.GITLAB_APPROVALS_TOKEN = sim.defaultToken;
      api.focus.setFocused(true);
      await api.instances.reload();
      await api.engine.refresh('full');
      const deployments =
        api.engine.snapshot().instances[0]?.projects.flatMap((p) => p.environments.flatMap((e) => e.deployments)) ?? [];
      assert.equal(deployments.length, 12);
      assert.match(api.statusBar.item.text, /^\$\(bell-dot\) \d+ to approve( · \d+ to run)?$/);
    } finally {
      delete process.env.GITLAB_APPROVALS_URL;
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await sim.close();
    }
  });
});
