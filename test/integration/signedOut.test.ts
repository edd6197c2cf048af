// What a new user sees: the suite signs out of everything first, so it holds wherever it runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, signOutEverywhere, treeRows } from './support/harness';
import { COMMANDS } from '../../src/shell/commands/commandIds';

describe('before signing in', () => {
  before(async () => signOutEverywhere(await extensionApi()));

  it('shows the sign-in welcome (state signedOut), an empty tree, no badge and no status-bar item', async () => {
    const api = await extensionApi();
    assert.equal(api.instances.signedIn, false);
    assert.equal(api.contextKeys.viewState, 'signedOut');
    assert.deepEqual(treeRows(api), []);
    assert.equal(api.tree.view.badge, undefined);
    assert.equal(api.statusBar.isVisible, false);
  });

  it('offers Sign In in the view title and the palette hides actions that need an instance', async () => {
    const manifest = vscode.extensions.getExtension('deployment-approvals.gitlab-deployment-approvals')!
      .packageJSON as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const palette = manifest.contributes.menus.commandPalette;
    for (const command of [COMMANDS.approve, COMMANDS.reject, COMMANDS.setRequiredApprovals]) {
      assert.match(palette.find((m) => m.command === command)?.when ?? '', /gitlabApprovals\.signedIn/, command);
    }
    assert.ok(manifest.contributes.menus['view/title'].some((m) => m.command === COMMANDS.signIn));
  });
});
