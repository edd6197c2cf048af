// The packaged extension, installed from its .vsix, works on its own (no repo files behind it).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

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

  it('registers gitlabApprovals.showLog', async () => {
    await extension().activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('gitlabApprovals.showLog'), 'gitlabApprovals.showLog is not registered');
  });
});
