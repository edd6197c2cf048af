import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import { signedInSuite, waitFor } from './support/harness';

// Writes under way and writes whose answer was lost, as a person meets them: a second click sends nothing, a lost
// answer says the change may have gone through and the deployment is read again.
describe('approving safely against the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });

  /** A deployment the user can approve with no rule to pick. */
  const approvable = (): DeploymentNode => {
    const node = host.api.tree.currentShape
      .visibleDeployments()
      .find((n) => n.view.awaitingMe && (n.view.eligibility?.representedAsChoices ?? []).length <= 1);
    assert.ok(node, 'a deployment awaiting the user');
    return node;
  };
  const approvalPosts = (since: number) =>
    host.sim.requestLog.since(since).filter((r) => r.route === 'deployments.approve' && r.method === 'POST');
  const lastSeq = () => host.sim.requestLog.all().at(-1)?.seq ?? 0;

  it('a second Approve while the first is in flight sends no second POST, and says the first is under way', async () => {
    const node = approvable();
    host.sim.faults.add({ kind: 'latency', ms: 1_500, route: 'deployments.approve' });
    const input = host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const since = lastSeq();
    const first = vscode.commands.executeCommand(COMMANDS.approve, node);
    await waitFor(() => input.callCount === 1, 'the first approval to ask for its comment');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await vscode.commands.executeCommand(COMMANDS.approve, node);
    assert.ok(
      info.getCalls().some((c) => /already under way/.test(String(c.args[0]))),
      'the second click is told the first is under way',
    );
    await first;
    assert.equal(approvalPosts(since).length, 1);
    assert.ok(info.getCalls().some((c) => /^Approved /.test(String(c.args[0]))));
  });

  it('a 502 after the approval was sent says it may have gone through, and reads that deployment again', async () => {
    const node = approvable();
    host.sim.faults.add({ kind: 'status', status: 502, route: 'deployments.approve', times: 1 });
    host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const error = host.sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    const since = lastSeq();
    await vscode.commands.executeCommand(COMMANDS.approve, node);
    assert.match(String(error.firstCall?.args[0]), /may have gone through/);
    const after = host.sim.requestLog.since(since).map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(after, ['POST deployments.approve', 'GET deployments.get']);
    assert.ok(host.sim.requestLog.since(since)[1].path.endsWith(`/deployments/${node.deployment.id}`));
  });
});
