// Runs before any test signs in (files run in name order): what a new user sees.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, treeRows } from './support/harness';
import { COMMANDS } from '../../src/shell/commands/commandIds';

describe('before signing in', () => {
  it('shows the sign-in welcome (state signedOut), an empty tree, no badge and no status-bar item', async () => {
    const api = await extensionApi();
    assert.equal(api.instances.signedIn, false);
    assert.equal(api.contextKeys.viewState, 'signedOut');
    assert.deepEqual(treeRows(api), []);
    assert.equal(api.tree.view.badge, undefined);
    assert.equal(api.statusBar.item.text, '');
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
