// Follow-through after Run (issue 21): the job a Run started is followed to its end in the Follow-through view, its
// log tail opens in a read-only editor document, and Retry asks the run question before GitLab is asked anything.
// The simulator's runner is stepped by the test (sim.stepJobs), and the follower read at once (follower.poll), so
// nothing here waits for a timer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FollowedJob } from '../../src/core/follow/followedJob';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import { LEAKED_SECRET_LINE } from '../simulator';
import { deploymentNode, pollAfterChange, runCommand, signedInSuite, waitFor } from './support/harness';

describe('follow-through after Run (issue 21)', () => {
  const host = signedInSuite({ filter: 'allBlocked' });

  before(() => host.api.focus.setFocused(true));

  /** The followed job that `jobId` started, as the follower has it now. */
  function followed(jobId: number): FollowedJob | undefined {
    return host.api.followThrough.all().find((job) => job.jobId === jobId && job.instanceUrl === host.sim.url);
  }

  /** What its row says: the label and the description, as the view gives them. */
  function row(jobId: number): { label: string; description: string; tags: string[] } {
    const item = host.api.followedJobsView.getTreeItem(followed(jobId)!);
    return {
      label: String(item.label),
      description: String(item.description),
      tags: String(item.contextValue).split(';'),
    };
  }

  /** One runner step in GitLab, then one read by the follower. */
  async function step(jobId: number): Promise<string> {
    host.sim.stepJobs();
    await host.api.followThrough.follower.poll();
    return row(jobId).description;
  }

  /** A new blocked deployment of storefront staging (one of its own), run (the run question answered Run): its job id. */
  async function runNewStagingDeployment(): Promise<number> {
    const created = host.sim.createBlockedDeployment({
      project: 'acme/web/storefront',
      environment: 'staging',
      triggeredBy: 'carol',
    });
    await pollAfterChange(host.api);
    const node = host.api.tree.currentShape.visibleDeployments().find((n) => n.deployment.id === created.deployment.id);
    assert.ok(node, 'the new deployment is a row');
    const jobId = node.deployment.deployable!.id;
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Run' as unknown as vscode.MessageItem);
    await runCommand(COMMANDS.runJob, node);
    await waitFor(() => followed(jobId) !== undefined, 'the job to be followed');
    return jobId;
  }

  it('Run → the row goes queued → running → succeeded, with Open Environment', async function () {
    this.timeout(60_000);
    const node = deploymentNode(host.api, 'acme/platform/auth-service', 'production');
    assert.equal(node.type, 'deployment');
    const jobId = node.type === 'deployment' ? node.deployment.deployable!.id : 0;
    host.sandbox.stub(vscode.window, 'showWarningMessage').resolves('Run' as unknown as vscode.MessageItem);
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const open = host.sandbox.stub(vscode.env, 'openExternal').resolves(true);

    await runCommand(COMMANDS.showDeployment, node);
    const page = host.api.deploymentPages.page(node as never)!;
    await runCommand(COMMANDS.runJob, node);
    await waitFor(() => followed(jobId) !== undefined, 'the job to be followed');
    assert.equal(host.sim.state.jobs.get(jobId)?.status, 'pending', 'GitLab started it');
    await waitFor(() => page.html.includes('Its job deploy_production: queued'), 'the page to follow the job');
    assert.equal(row(jobId).label, 'deploy_production to production of acme/platform/auth-service');
    assert.equal(row(jobId).description, 'queued');
    assert.match(await step(jobId), /^running \d+s$/);
    let said = row(jobId).description;
    for (let i = 0; i < 10 && !said.startsWith('succeeded'); i++) said = await step(jobId);
    assert.equal(said, 'succeeded — now live on production');
    assert.ok(row(jobId).tags.includes('hasEnvironment'), 'Open Environment is offered on the row');
    assert.ok(!row(jobId).tags.includes('failed'));

    await waitFor(
      () => page.html.includes('Its job deploy_production: succeeded — now live on production'),
      'the page to say it went live',
    );
    assert.ok(page.html.includes('What went live'), 'the brief in the past tense');
    await runCommand(COMMANDS.openEnvironment, followed(jobId));
    assert.equal(open.callCount, 1);
    assert.equal(String(open.firstCall.args[0]), 'https://production.auth-service.example.com/');
  });

  it('a failing job shows its tail in a read-only document; Retry asks before it runs', async function () {
    this.timeout(60_000);
    const node = deploymentNode(host.api, 'acme/web/storefront', 'staging');
    const jobId = node.type === 'deployment' ? node.deployment.deployable!.id : 0;
    const modal = host.sandbox
      .stub(vscode.window, 'showWarningMessage')
      .resolves('Run' as unknown as vscode.MessageItem);
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    await runCommand(COMMANDS.runJob, node);
    await waitFor(() => followed(jobId) !== undefined, 'the job to be followed');

    await runCommand(COMMANDS.showJobLog, followed(jobId));
    const document = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'gitlab-approvals-job-log');
    await waitFor(() => document() !== undefined, 'the log document to open');
    let said = row(jobId).description;
    for (let i = 0; i < 10 && !said.startsWith('failed'); i++) said = await step(jobId);
    assert.equal(said, 'failed: script_failure');
    assert.ok(row(jobId).tags.includes('failed'), 'Retry is offered on the row');
    await waitFor(
      () => document()!.getText().includes('ERROR: Job failed: exit code 1'),
      'the tail to show how the job ended',
    );
    const text = document()!.getText();
    assert.ok(text.startsWith('deploy_staging to staging of acme/web/storefront — failed: script_failure\n'), text);
    assert.ok(text.includes(LEAKED_SECRET_LINE), 'the log as it is, in the editor only');
    assert.ok(!text.includes('\x1b') && !text.includes('section_start'), 'no escape sequence or section marker');
    const retries = () => host.sim.requestLog.all().filter((e) => e.route === 'jobs.retry');

    modal.resetBehavior();
    modal.resolves("Don't Run" as unknown as vscode.MessageItem);
    modal.resetHistory();
    await runCommand(COMMANDS.retryFollowedJob, followed(jobId));
    assert.equal(modal.callCount, 1, 'the run question was asked');
    assert.equal(
      String(modal.firstCall.args[0]),
      'Run the deployment job deploy_staging to staging of acme/web/storefront?',
    );
    assert.equal(retries().length, 0, "Don't Run sends nothing");

    modal.resetBehavior();
    modal.resolves('Run' as unknown as vscode.MessageItem);
    await runCommand(COMMANDS.retryFollowedJob, followed(jobId));
    assert.equal(retries().length, 1);
    const retried = host.api.followThrough
      .all()
      .find((job) => job.instanceUrl === host.sim.url && job.jobName === 'deploy_staging');
    assert.ok(retried && retried.jobId !== jobId, 'the new job is followed in place of the old one');
    assert.equal(retried.status, 'pending');
    assert.equal(followed(jobId), undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the log read while its document opens is shown, not "Reading the log…"', async function () {
    this.timeout(60_000);
    // VS Code drops a content change for a document it has not opened yet. Here the tail arrives after the text was
    // given ("Reading the log…") and before VS Code has the document: the document must still show the tail.
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const jobId = await runNewStagingDeployment();
    for (let i = 0; i < 10 && !followed(jobId)!.status.match(/failed|success/); i++) await step(jobId);
    const job = followed(jobId)!;
    // GitLab answers the log a moment late, so the text is first given without it.
    const late = host.sim.faults.add({ kind: 'latency', ms: 1_000, route: 'jobs.trace', times: 1 });
    const logs = host.api.jobLogs;
    const give = logs.provideTextDocumentContent.bind(logs);
    host.sandbox.stub(logs, 'provideTextDocumentContent').callsFake((async (uri: vscode.Uri) => {
      const given = give(uri);
      await waitFor(() => host.api.followThrough.follower.tail(job.key) !== undefined, 'the tail to be read');
      return given;
    }) as never);
    await runCommand(COMMANDS.showJobLog, job);
    const document = () =>
      vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === 'gitlab-approvals-job-log' && d.uri.path.startsWith(`/${jobId} `),
      );
    await waitFor(() => /Job (succeeded|failed)/.test(document()?.getText() ?? ''), 'the tail in the document').catch(
      (error: Error) => assert.fail(`${error.message}; the document says: ${JSON.stringify(document()?.getText())}`),
    );
    host.sim.faults.remove(late);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a job that ended while the window was in the background is said in a notification (opt-out)', async function () {
    this.timeout(60_000);
    host.api.focus.setFocused(true); // an editor opened or closed in the headless window may have moved the focus
    // A deployment of its own: storefront staging's first one was run (and failed) by the test above.
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const jobId = await runNewStagingDeployment();
    await host.api.followThrough.follower.poll();
    const said = () => info.getCalls().map((call) => String(call.args[0]));
    const before = said().length;
    host.api.focus.setFocused(false);
    try {
      for (let i = 0; i < 10; i++) host.sim.stepJobs();
      assert.equal(host.sim.state.jobs.get(jobId)?.status, 'success');
      assert.equal(followed(jobId)?.status, 'pending', 'nothing is read in the background');
    } finally {
      host.api.focus.setFocused(true);
    }
    await waitFor(() => followed(jobId)?.status === 'success', 'the job to be read once the window has focus');
    await waitFor(() => said().length > before, 'a notification').catch((error: Error) => {
      const jobs = host.api.followThrough.all().map((j) => [j.jobId, j.status, j.problem]);
      assert.fail(`${error.message}; said: ${JSON.stringify(said())}; jobs: ${JSON.stringify(jobs)}`);
    });
    const last = info.getCalls().at(-1)!;
    assert.equal(
      String(last.args[0]),
      'Now live on staging: deploy_staging to staging of acme/web/storefront succeeded.',
    );
    assert.deepEqual(last.args.slice(1), ['Open Environment', 'Show Log']);
  });

  it('followed jobs are kept for a window reload as last known, with no log text', async () => {
    // What the next activation restores (followThrough.ts reads it back through keptFollowedJob; the restore itself
    // is tested in test/unit/follow/jobFollower.test.ts). No restart here: it would leave the suites after this one
    // with a disposed view. The global state is written asynchronously, and VS Code's echo of an earlier write may
    // replace what this window reads for a moment (seen on CI), so the test waits for the last write to settle.
    const shape = (jobs: readonly FollowedJob[]) =>
      JSON.stringify(jobs.filter((job) => job.instanceUrl === host.sim.url).map((job) => [job.jobId, job.status]));
    const kept = () => host.api.context.globalState.get<FollowedJob[]>('gitlabApprovals.followedJobs') ?? [];
    await waitFor(
      () => shape(kept()) === shape(host.api.followThrough.all()),
      'the global state to hold the followed jobs as the view has them',
    ).catch((error: Error) =>
      assert.fail(`${error.message}: kept ${shape(kept())}, followed ${shape(host.api.followThrough.all())}`),
    );
    const mine = kept().filter((job) => job.instanceUrl === host.sim.url);
    assert.ok(mine.some((job) => job.status === 'success'));
    const text = JSON.stringify(kept());
    assert.ok(!text.includes('AWS_SECRET') && !text.includes('health check'), 'no log text in the global state');
  });
});
