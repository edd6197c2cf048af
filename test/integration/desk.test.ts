// The release manager's desk (issue 22) in the real host: what has waited too long.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { addReleaseDesk, seedDemo, type ReleaseDesk } from '../simulator';
import { deploymentStatus } from '../simulator/approvalRules';
import type { EnvironmentNode } from '../../src/shell/tree/nodes';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import { contextTags, pollAfterChange, runCommand, signedInSuite, treeRows, waitFor } from './support/harness';

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

  describe('Reject Superseded', () => {
    let desk: ReleaseDesk;
    const withDesk = signedInSuite({
      filter: 'allBlocked',
      simulator: {
        scenario: (state) => {
          seedDemo(state);
          desk = addReleaseDesk(state);
        },
      },
    });
    const posts = () => withDesk.sim.requestLog.all().filter((r) => r.route === 'deployments.approve');
    const statusOf = (created: { deployment: { id: number } }) =>
      deploymentStatus(withDesk.sim.context, withDesk.sim.state.deployments.get(created.deployment.id)!);
    const decisionsOn = (created: { deployment: { id: number } }) =>
      withDesk.sim.state
        .approvalsOf(withDesk.sim.state.deployments.get(created.deployment.id)!)
        .map((a) => `${withDesk.sim.state.users.get(a.userId)!.username}:${a.status}:${a.comment ?? ''}`);
    const productionRow = (): EnvironmentNode => {
      const shape = withDesk.api.tree.currentShape;
      const project = shape.roots().find((n) => n.type === 'project' && n.project.project.path === 'release-train')!;
      return shape
        .children(project)
        .find((n): n is EnvironmentNode => n.type === 'environment' && n.environment.name === 'production')!;
    };

    it('lists exactly what it rejects in one modal; a refusal in the middle is said, and nothing else changes', async () => {
      const environment = productionRow();
      assert.ok(contextTags(withDesk.api, environment).includes('hasSupersededToReject'));
      const [first, middle, third] = desk.superseded;
      const postsBefore = posts().length;
      withDesk.sandbox.stub(vscode.window, 'showInputBox').resolves('Superseded by 2026.12');
      const shown = withDesk.sandbox.stub(vscode.window, 'showWarningMessage').callsFake(((
        _message: string,
        options: vscode.MessageOptions,
        ...buttons: string[]
      ) => {
        if (!options?.modal) return Promise.resolve(undefined);
        // Meanwhile alice gives the middle one the approval it needed: it no longer waits, and GitLab refuses.
        assert.equal(withDesk.sim.approve({ deployment: middle.deployment, as: 'alice' }).ok, true);
        return Promise.resolve(buttons[1]);
      }) as never);

      await runCommand(COMMANDS.rejectSuperseded, environment);

      const [message, options, ...buttons] = shown.firstCall.args as unknown as [string, vscode.MessageOptions, string];
      assert.equal(message, 'Reject these 3 superseded deployments of production (acme/release-train)?');
      assert.deepEqual(buttons, ["Don't Reject", 'Reject 3'], 'the safe choice first');
      const lines = (options.detail ?? '').split('\n');
      const line = (d: typeof first, by: string) =>
        new RegExp(`^Reject #${d.deployment.iid} main ${d.deployment.sha.slice(0, 8)}, created .+ by ${by}$`);
      assert.match(lines[0], line(first, 'alice'));
      assert.match(lines[1], line(middle, 'bob'));
      assert.match(lines[2], line(third, 'bob'));
      assert.match(
        lines[3],
        new RegExp(
          `^Keep #${desk.newest.deployment.iid} main ${desk.newest.deployment.sha.slice(0, 8)}, created 30 min\\. ago by alice \\(the newest\\)$`,
        ),
      );
      assert.match(lines.at(-1)!, /fail for good/);

      // One request each, in the order listed; GitLab's state: the first and third rejected with the comment, the
      // middle approved by alice only, the newest untouched.
      assert.equal(posts().length - postsBefore, 3);
      assert.deepEqual(decisionsOn(first), ['demo:rejected:Superseded by 2026.12']);
      assert.deepEqual(decisionsOn(middle), ['alice:approved:']);
      assert.deepEqual(decisionsOn(third), ['demo:rejected:Superseded by 2026.12']);
      assert.deepEqual(decisionsOn(desk.newest), []);
      assert.equal(statusOf(desk.newest), 'blocked');
      assert.equal(statusOf(middle), 'blocked');

      // One summary, as severe as its worst part, with GitLab's own words for the refusal.
      const summary = shown.getCalls().find((call) => !(call.args[1] as vscode.MessageOptions | undefined)?.modal);
      assert.equal(
        summary?.args[0],
        `Rejected 2 of 3 superseded deployments of production (acme/release-train). #${first.deployment.iid} rejected. #${middle.deployment.iid}: GitLab refused the request: This deployment is not waiting for approvals. #${third.deployment.iid} rejected.`,
      );
    });

    it('sends nothing when the modal is dismissed', async () => {
      await pollAfterChange(withDesk.api);
      withDesk.sim.createBlockedDeployment({
        project: 'acme/release-train',
        environment: 'production',
        triggeredBy: 'bob',
      });
      withDesk.sim.createBlockedDeployment({
        project: 'acme/release-train',
        environment: 'production',
        triggeredBy: 'bob',
      });
      await pollAfterChange(withDesk.api);
      await waitFor(
        () => contextTags(withDesk.api, productionRow()).includes('hasSupersededToReject'),
        'something to reject',
      );
      const postsBefore = posts().length;
      withDesk.sandbox.stub(vscode.window, 'showInputBox').resolves('');
      const shown = withDesk.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
      await runCommand(COMMANDS.rejectSuperseded, productionRow());
      assert.ok(shown.calledOnce);
      assert.equal(posts().length, postsBefore);
    });

    it("the page says what of the deployment is the person's own work, as the extension's own check", async () => {
      const node = withDesk.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.deployment.id === desk.ownCommits.deployment.id)!;
      await runCommand(COMMANDS.showDeployment, node);
      const page = withDesk.api.deploymentPages.page(node)!;
      try {
        await waitFor(() => /Four eyes:/.test(page.html), 'the four-eyes note');
        // Two commits of demo's merge request (primary and secondary address) and its merge commit; a third address
        // under demo's name may be theirs.
        assert.match(page.html, /Four eyes:<\/strong> You authored 3 of the 8 commits being shipped\./);
        assert.match(page.html, /Four eyes:<\/strong> You merged !1, which is in this deployment\./);
        assert.match(
          page.html,
          /Four eyes:<\/strong> 1 commit is by someone named Demo User from an address that is not one of yours: it may be yours\./,
        );
        assert.match(page.html, /This is the extension&#39;s own check, not GitLab&#39;s/);
      } finally {
        page.dispose();
      }
    });

    it("the approve box says what of the deployment is the person's own work, under the comment", async () => {
      const node = withDesk.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.deployment.id === desk.ownCommits.deployment.id)!;
      const box = withDesk.sandbox.stub(vscode.window, 'showInputBox').resolves(undefined);
      const postsBefore = posts().length;
      await runCommand(COMMANDS.approve, node);
      assert.ok(box.calledOnce, 'the comment box opened');
      const options = box.firstCall.args[0]!;
      // Said under the box as the person types, as a warning that does not block: the box opened before the brief was
      // read, and the note arrives when it is.
      const note = (await options.validateInput!('Looks good')) as vscode.InputBoxValidationMessage;
      assert.equal(note.severity, vscode.InputBoxValidationSeverity.Warning);
      assert.equal(
        note.message,
        "You authored 3 of the 8 commits being shipped. You merged !1, which is in this deployment. 1 commit is by someone named Demo User from an address that is not one of yours: it may be yours. This is the extension's own check, not GitLab's: GitLab only stops the person who triggered the pipeline from approving, where the project says so.",
      );
      const tooLong = await options.validateInput!('x'.repeat(300));
      assert.match(String(tooLong), /^GitLab accepts at most 255 characters/, 'a comment too long is still an error');
      assert.equal(posts().length, postsBefore, 'cancelled: nothing sent');

      // Once read, the next box says it at once, in its prompt.
      box.resetHistory();
      await runCommand(COMMANDS.approve, node);
      assert.match(
        String(box.firstCall.args[0]!.prompt),
        /^You authored 3 of the 8 commits being shipped\. .* Comment \(optional\)$/,
      );
    });

    it("the approve box of a deployment shipping none of the person's work has no note", async () => {
      const node = withDesk.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.deployment.id === desk.newest.deployment.id)!;
      const box = withDesk.sandbox.stub(vscode.window, 'showInputBox').resolves(undefined);
      withDesk.sandbox.stub(vscode.window, 'showQuickPick').resolves(undefined);
      await runCommand(COMMANDS.approve, node);
      assert.ok(box.calledOnce, 'the comment box opened');
      assert.equal(await box.firstCall.args[0]!.validateInput!('Looks good'), undefined);
      assert.equal(box.firstCall.args[0]!.prompt, 'Comment (optional)');
    });

    it('with gitlabApprovals.independentApproval, refuses to send the approval and says why', async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      await config.update('independentApproval', ['staging'], vscode.ConfigurationTarget.Global);
      const node = withDesk.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.deployment.id === desk.ownCommits.deployment.id)!;
      const postsBefore = posts().length;
      const warnings = withDesk.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
      withDesk.sandbox.stub(vscode.window, 'showInputBox').resolves('');
      try {
        await runCommand(COMMANDS.approve, node);
        assert.equal(posts().length, postsBefore, 'no approval sent');
        assert.deepEqual(decisionsOn(desk.ownCommits), []);
        assert.match(
          String(warnings.lastCall.args[0]),
          /^Not approved — #\d+ main → staging \(acme\/release-train\): You authored 3 of the 8 commits being shipped\. You merged !1, which is in this deployment\. Your setting gitlabApprovals\.independentApproval asks that someone else approve deployments to staging, so the extension does not send your approval\. This is the extension's own rule, not GitLab's\.$/,
        );
      } finally {
        await config.update('independentApproval', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('the brief behind the four-eyes check', () => {
    let fresh: ReleaseDesk;
    const host = signedInSuite({
      filter: 'allBlocked',
      simulator: {
        scenario: (state) => {
          seedDemo(state);
          fresh = addReleaseDesk(state);
        },
      },
    });

    it('is read once when the approve box and gitlabApprovals.independentApproval both need it', async () => {
      const config = vscode.workspace.getConfiguration('gitlabApprovals');
      await config.update('independentApproval', ['staging'], vscode.ConfigurationTarget.Global);
      const node = host.api.tree.currentShape
        .visibleDeployments()
        .find((n) => n.deployment.id === fresh.ownCommits.deployment.id)!;
      host.sandbox.stub(vscode.window, 'showWarningMessage').resolves(undefined);
      // Accepted at once: the independent-approval check asks for the brief while the box's note is still reading it.
      host.sandbox.stub(vscode.window, 'showInputBox').resolves('');
      const since = host.sim.requestLog.all().at(-1)?.seq ?? 0;
      try {
        await runCommand(COMMANDS.approve, node);
        const briefReads = host.sim.requestLog
          .since(since)
          .filter((r) => r.route?.startsWith('repository.') || r.route?.startsWith('mergeRequests.'))
          .map((r) => `${r.method} ${r.path}?${r.query}`);
        assert.ok(briefReads.length > 0, 'the brief was read');
        assert.deepEqual(briefReads, [...new Set(briefReads)], 'no read of the brief sent twice');
      } finally {
        await config.update('independentApproval', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
});
