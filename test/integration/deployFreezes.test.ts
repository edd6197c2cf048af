import * as assert from 'node:assert/strict';
import type * as sinon from 'sinon';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentNode, TreeNode } from '../../src/shell/tree/nodes';
import { deployScript } from '../simulator';
import { deploymentNode, pollAfterChange, runCommand, signedInSuite, waitFor } from './support/harness';

// A deploy freeze as a person meets it (issue 21): the demo's mobile-backend has one on (its cron lines are set around
// the simulator's clock, Europe/Berlin). Its environment rows show the badge, and Run asks a second question naming
// the freeze after the run question; declining it sends nothing to GitLab.
describe('a deploy freeze in the demo GitLab', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  const PROJECT = 'acme/mobile-backend';
  const lastSeq = () => host.sim.requestLog.all().at(-1)?.seq ?? 0;
  const modals = (warning: sinon.SinonStub) =>
    warning.getCalls().filter((c) => (c.args[1] as vscode.MessageOptions | undefined)?.modal === true);
  const staging = () => deploymentNode(host.api, PROJECT, 'staging') as DeploymentNode;
  const environmentRow = (name: string): TreeNode => {
    const project = host.api.tree.currentShape
      .roots()
      .flatMap((root) => (root.type === 'instance' ? host.api.tree.currentShape.children(root) : [root]))
      .find((node) => node.type === 'project' && node.project.project.path_with_namespace === PROJECT);
    assert.ok(project, 'the mobile-backend row');
    const row = host.api.tree.currentShape
      .children(project)
      .find((node) => node.type === 'environment' && node.environment.name === name);
    assert.ok(row, `the ${name} row`);
    return row;
  };

  it('its environment rows say "❄ frozen until …" in the freeze’s zone, and the tooltip says what that means', async () => {
    await waitFor(() => staging().project.freezes !== undefined, 'the freezes of mobile-backend to be read');
    for (const name of ['production', 'staging']) {
      const item = host.api.tree.getTreeItem(environmentRow(name));
      assert.match(String(item.description), /❄ frozen until \w{3} 08:00 \(Europe\/Berlin\)/, name);
      const tooltip = (item.tooltip as vscode.MarkdownString).value;
      assert.match(
        tooltip,
        /GitLab stops a job during a freeze only where the CI configuration checks \\\$CI\\_DEPLOY\\_FREEZE/,
      );
    }
    const other = deploymentNode(host.api, 'acme/web/storefront', 'staging') as DeploymentNode;
    assert.deepEqual(other.project.freezes?.freezes, [], 'storefront’s were read: none');
    assert.doesNotMatch(String(host.api.tree.getTreeItem(environmentRow('staging')).description), /starts in/);
  });

  it('Run asks the run question, then a second one naming the freeze; declining it sends nothing', async () => {
    await waitFor(() => staging().project.freezes !== undefined, 'the freezes of mobile-backend to be read');
    const node = staging();
    const job = node.deployment.deployable!.id;
    // The run question answered Run; the freeze question declined (dismissed: its safe choice).
    const warning = host.sandbox
      .stub(vscode.window, 'showWarningMessage')
      .callsFake(async (_message: string, ...rest: unknown[]) => (rest.includes('Run') ? 'Run' : undefined) as never);
    const since = lastSeq();
    await runCommand(COMMANDS.runJob, node);
    const [run, freeze] = modals(warning);
    assert.ok(run && freeze, 'two questions');
    assert.match(String(run.args[0]), /^Run the deployment job /);
    assert.match(
      String(freeze.args[0]),
      /^The project acme\/mobile-backend has a deploy freeze until \w{3} 08:00 \(Europe\/Berlin\)\. Run the deployment job .+ to staging during the freeze\?$/,
    );
    assert.match(String((freeze.args[1] as vscode.MessageOptions).detail), /checks \$CI_DEPLOY_FREEZE/);
    assert.doesNotMatch(
      `${freeze.args[0]} ${(freeze.args[1] as vscode.MessageOptions).detail}`,
      /GitLab (blocks|enforces)/,
    );
    // The safe choice first, as in the run question.
    assert.deepEqual(freeze.args.slice(2), ["Don't Run", 'Run During the Freeze']);
    assert.deepEqual(
      host.sim.requestLog.since(since).filter((r) => r.method !== 'GET' && r.route !== 'graphql'),
      [],
      'nothing was sent',
    );
    assert.equal(host.sim.state.jobs.get(job)?.status, 'manual', 'the job did not run');
  });

  it('answered Run During the Freeze, the job runs', async () => {
    await waitFor(() => staging().project.freezes !== undefined, 'the freezes of mobile-backend to be read');
    const node = staging();
    const job = node.deployment.deployable!.id;
    host.sandbox
      .stub(vscode.window, 'showWarningMessage')
      .callsFake(
        async (_message: string, ...rest: unknown[]) =>
          (rest.includes('Run During the Freeze')
            ? 'Run During the Freeze'
            : rest.includes('Run')
              ? 'Run'
              : undefined) as never,
      );
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await runCommand(COMMANDS.runJob, node);
    assert.notEqual(host.sim.state.jobs.get(job)?.status, 'manual', 'the job ran');
  });

  it('Retry of a failed job during the freeze asks the freeze question too; declining sends no retry', async function () {
    this.timeout(60_000);
    host.api.focus.setFocused(true);
    // A deployment of its own whose job fails once run.
    const created = host.sim.createBlockedDeployment({ project: PROJECT, environment: 'staging', triggeredBy: 'bob' });
    created.job.script = deployScript('staging', 'failed', 2);
    await pollAfterChange(host.api);
    const node = host.api.tree.currentShape.visibleDeployments().find((n) => n.deployment.id === created.deployment.id);
    assert.ok(node, 'the new deployment is a row');
    await waitFor(() => node.project.freezes !== undefined, 'the freezes of mobile-backend to be read');
    const jobId = created.job.id;
    const answer = (freezeAnswer: string | undefined) =>
      host.sandbox
        .stub(vscode.window, 'showWarningMessage')
        .callsFake(
          async (_message: string, ...rest: unknown[]) =>
            (rest.includes('Run During the Freeze') ? freezeAnswer : rest.includes('Run') ? 'Run' : undefined) as never,
        );
    let warning = answer('Run During the Freeze');
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await runCommand(COMMANDS.runJob, node);
    const followed = () => host.api.followThrough.all().find((job) => job.jobId === jobId);
    await waitFor(() => followed() !== undefined, 'the job to be followed');
    for (let i = 0; i < 10 && followed()?.status !== 'failed'; i++) {
      host.sim.stepJobs();
      await host.api.followThrough.follower.poll();
    }
    assert.equal(followed()?.status, 'failed');

    warning.restore();
    warning = answer(undefined); // the run question answered Run, the freeze question declined
    const since = lastSeq();
    await runCommand(COMMANDS.retryFollowedJob, followed());
    const [run, freeze] = modals(warning);
    assert.match(String(run?.args[0]), /^Run the deployment job /);
    assert.match(String(freeze?.args[0]), /^The project acme\/mobile-backend has a deploy freeze /);
    assert.deepEqual(
      host.sim.requestLog.since(since).filter((r) => r.route === 'jobs.retry'),
      [],
      'no retry was sent',
    );
  });
});
