// The release manager's desk (issue 22) in the real host: what has waited too long.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { signedInSuite, treeRows, waitFor } from './support/harness';

describe("the release manager's desk", () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  const config = () => vscode.workspace.getConfiguration('gitlabApprovals');

  describe('overdue deployments', () => {
    afterEach(() => config().update('overdueAfter', undefined, vscode.ConfigurationTarget.Global));

    it('marks the rows past their threshold, puts them first and counts them in the status bar and the badge', async () => {
      assert.ok(!treeRows(host.api).some((r) => r.includes('overdue')), 'off by default');
      // The demo's deployments were created months before today: those on environments named production pass a week,
      // the others have no threshold. Seven wait on environments named production (README, "Demo scenario"); canary's
      // production tier is not known from the deployment list (the tier applies where the environments were read).
      await config().update('overdueAfter', { production: '1w' }, vscode.ConfigurationTarget.Global);
      await waitFor(() => / · 7 overdue$/.test(host.api.statusBar.item.text), 'the overdue count in the status bar');
      const tooltip = (host.api.statusBar.item.tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /^\*\*Overdue\*\*\n\n.*production .* — waiting \d+ d/, tooltip);
      assert.match(host.api.tree.view.badge?.tooltip ?? '', / · 7 overdue$/);

      const rows = treeRows(host.api);
      const overdueRows = rows.filter((r) => /^ {4}overdue · /.test(r));
      assert.equal(overdueRows.length, 7, rows.join('\n'));
      const node = host.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.project.project.path === 'storefront' && n.environment.name === 'production')!;
      const rowTooltip = (host.api.tree.getTreeItem(node).tooltip as vscode.MarkdownString).value;
      // Markdown-escaped in the tooltip (the environment's name is GitLab's text).
      assert.match(
        rowTooltip,
        /\$\(history\) Waiting \d+ d( \d+ h)?, since \d{4}\\-\d\d\\-\d\d \d\d\\:\d\d UTC — overdue\\: over the 7 d set for production\\\./,
      );
    });

    it('says which entries of the setting it cannot read, and applies the rest', async () => {
      const warnings = host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
      await config().update('overdueAfter', { production: 'soon', staging: '1d' }, vscode.ConfigurationTarget.Global);
      await waitFor(() => warnings.called, 'the warning');
      assert.match(String(warnings.firstCall.args[0]), /"production": "soon" is not a duration/);
      await waitFor(() => / · \d+ overdue$/.test(host.api.statusBar.item.text), 'the staging thresholds applied');
      const rows = treeRows(host.api);
      assert.ok(rows.some((r) => /^ {4}overdue · /.test(r)));
      const node = host.api.tree.currentShape.visibleDeployments().find((n) => n.environment.name === 'production')!;
      assert.doesNotMatch(host.api.tree.getTreeItem(node).label as string, /overdue/);
    });
  });
});
