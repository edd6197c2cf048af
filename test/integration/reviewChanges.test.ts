// Review Changes on what GitLab's compare does not show in full (docs/gitlab-behaviour.md#compare-results-gitlab-collapses):
// a file GitLab collapsed (no patch) still shows its change, both sides read from GitLab; a compare GitLab stopped
// listing at its limit is said so, on the page and when the review opens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { addLargeChange, seedDemo, type LargeChange } from '../simulator';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { deploymentNode, signedInSuite, waitFor } from './support/harness';

describe('Review Changes on files GitLab collapsed', () => {
  let change: LargeChange;
  const host = signedInSuite({
    filter: 'allBlocked',
    simulator: {
      scenario: (state) => {
        seedDemo(state);
        change = addLargeChange(state);
      },
    },
  });
  afterEach(async () => {
    for (const page of host.api.deploymentPages.openPages) page.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /**
   * Opens the deployment's page, waits for its brief, and asks for Review Changes as the page's button does; the diff
   * editor opens unless `openEditor` is false (300 files would only load the shared host).
   */
  async function review(
    environment: string,
    openEditor = true,
  ): Promise<{ html: string; resources: (vscode.Uri | undefined)[][] }> {
    const target = deploymentNode(host.api, 'demo/schema-registry', environment) as DeploymentNode;
    const page = host.api.deploymentPages.show(target);
    await waitFor(() => /data-action="reviewChanges"/.test(page.html), 'the page offering Review Changes');
    const execute = host.sandbox.stub(vscode.commands, 'executeCommand').callThrough();
    if (!openEditor) execute.withArgs('vscode.changes').resolves(undefined);
    await page.receive({ type: 'reviewChanges' });
    const call = execute.getCalls().find((c) => c.args[0] === 'vscode.changes');
    assert.ok(call, 'the multi-file diff editor opened');
    return { html: page.html, resources: call.args[2] as (vscode.Uri | undefined)[][] };
  }

  it('shows the change of a file GitLab collapsed, reading both sides from GitLab', async () => {
    assert.equal(host.sim.profile.diffCollapseKeys, true);
    const { html, resources } = await review('production');
    assert.match(html, /122 files changed/);
    assert.doesNotMatch(html, /GitLab cut the list/);
    const schema = resources.find(([label]) => label?.path === `/${change.schemaPath}`);
    assert.ok(schema, `the collapsed ${change.schemaPath} is in the review`);
    const [, left, right] = schema;
    assert.ok(left && right, 'both sides of the collapsed file');
    assert.doesNotMatch(`${left.query} ${right.query}`, /placeholder/);
    const before = host.api.reviewFiles.fetches;
    const [old, now] = await Promise.all([left, right].map((uri) => vscode.workspace.openTextDocument(uri)));
    assert.equal(old.getText(), change.schemaBefore);
    assert.equal(now.getText(), change.schemaAfter);
    assert.ok(host.api.reviewFiles.fetches <= before + 2, 'each side read from GitLab once at most');
    assert.equal(resources.length, 122, 'every file GitLab listed, the collapsed ones too');
    await waitFor(
      () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /production: live/.test(t.label))),
      'the changes editor tab',
    );
  });

  it('says GitLab listed only the first 1,000 files when it stopped at its limit, never an exact count', async () => {
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const { html, resources } = await review('staging', false);
    assert.match(html, /1,?000\+ files changed/);
    assert.equal(resources.length, 300);
    await waitFor(() => info.called, 'what is not shown, said');
    assert.match(
      String(info.firstCall.args[0]),
      /^GitLab lists only the first 1,?000 changed files \(its diff limit\); more files changed\. Only the first 300 files are shown; 700 more changed\./,
    );
  });
});
