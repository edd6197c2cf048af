import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import type { Simulator } from '../simulator';
import { signedInSimulator, waitFor } from './support/harness';

// Writes under way and writes whose answer was lost, as a person meets them: a second click sends nothing, a lost
// answer says the change may have gone through and the deployment is read again.
describe('approving safely against the demo GitLab', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  let signOut: () => Promise<void>;
  const sandbox = sinon.createSandbox();

  before(async () => {
    ({ sim, api, signOut } = await signedInSimulator());
    await api.tree.setFilter('allBlocked');
  });
  afterEach(() => {
    sandbox.restore();
    sim.faults.clear();
  });
  after(() => signOut());

  /** A deployment the user can approve with no rule to pick. */
  const approvable = (): DeploymentNode => {
    const node = api.tree.currentShape
      .visibleDeployments()
      .find((n) => n.view.awaitingMe && (n.view.eligibility?.representedAsChoices ?? []).length <= 1);
    assert.ok(node, 'a deployment awaiting the user');
    return node;
  };
  const approvalPosts = (since: number) =>
    sim.requestLog.since(since).filter((r) => r.route === 'deployments.approve' && r.method === 'POST');
  const lastSeq = () => sim.requestLog.all().at(-1)?.seq ?? 0;

  it('a second Approve while the first is in flight sends no second POST, and says the first is under way', async () => {
    const node = approvable();
    sim.faults.add({ kind: 'latency', ms: 1_500, route: 'deployments.approve' });
    const input = sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const info = sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
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
    sim.faults.add({ kind: 'status', status: 502, route: 'deployments.approve', times: 1 });
    sandbox.stub(vscode.window, 'showInputBox').resolves('');
    const error = sandbox.stub(vscode.window, 'showErrorMessage').resolves(undefined);
    const since = lastSeq();
    await vscode.commands.executeCommand(COMMANDS.approve, node);
    assert.match(String(error.firstCall?.args[0]), /may have gone through/);
    const after = sim.requestLog.since(since).map((r) => `${r.method} ${r.route}`);
    assert.deepEqual(after, ['POST deployments.approve', 'GET deployments.get']);
    assert.ok(sim.requestLog.since(since)[1].path.endsWith(`/deployments/${node.deployment.id}`));
  });
});
