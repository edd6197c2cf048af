// The user-level steps of the end-to-end test. Each one acts through the UI only and checks the result where it lands:
// in the simulator's state (what GitLab would have stored) and in what the window shows.
import type { Deployment, Simulator } from '../simulator';
import { blockedDeployment, deploymentShown, mainUserDecisions, projectProtection } from './simLookup';
import { waitFor } from '../support/waitFor';
import { TIMEOUT_MS, type WorkbenchUi } from './workbenchUi';

export interface StepContext {
  ui: WorkbenchUi;
  sim: Simulator;
  /** Saves a screenshot named `<step>-<what>.png` into the results folder. */
  shot(what: string): Promise<void>;
}

export interface Step {
  name: string;
  run(context: StepContext): Promise<void>;
}

const APPROVE_COMMENT = 'e2e: staging looks good';
const REJECT_COMMENT = 'e2e: canary is not ready';
const PAGE_COMMENT = 'e2e: read the diff, ship it';
const RELAY = 'partners/integrations/webhooks-relay';
const DESK = 'acme/release-train';
const RELAY_COMMENT = 'e2e: webhooks look fine';
const FIRST_HAT = 'e2e: as a Maintainer';
const SECOND_HAT = 'e2e: and as the other Maintainer';
/** What a deployment row's label says: its state, and k/n approvals where approvals are required. */
const STATE_AND_PROGRESS =
  /^((awaiting you|may await you|awaiting approval|approved, not run|rejected)( · \d+\/\d+)|(manual job|queued · job \w+)( · \d+\/\d+)?)( · ⚠ [a-z ,]+)?$/;

export const STEPS: Step[] = [
  {
    name: 'view shows deployments',
    async run({ ui, sim, shot }) {
      await ui.openViewContainer('GitLab Approvals');
      const target = blockedDeployment(sim, 'acme/platform/api-gateway', 'staging');
      // The row exists as soon as the list loads; "awaiting you" only once its approval state is loaded too.
      const row = await ui.revealRow(
        ui.deploymentRow(target.shortSha).filter({ hasText: 'awaiting you' }),
        `${target.shortSha} awaiting you`,
      );
      await row.waitFor({ state: 'visible' });
      await ui.statusBarItem(/\d+ to approve/).waitFor({ state: 'visible' });
      await shot('tree-and-status-bar');
    },
  },
  {
    name: 'rows read at the default sidebar width',
    async run({ ui, shot }) {
      // VS Code's default sidebar: nothing here widens it.
      const width = await ui.sidebarWidth();
      if (width < 250 || width > 350) throw new Error(`the sidebar is ${width} px wide, not VS Code's default ~300 px`);
      await waitFor(
        async () => (await ui.deploymentRowLabels()).every((row) => !row.text.startsWith('loading')),
        'every loaded deployment row to show its state',
        TIMEOUT_MS,
      );
      const rows = await ui.deploymentRowLabels();
      if (rows.length < 8) throw new Error(`expected the demo's deployment rows, found ${rows.length}`);
      const unreadable = rows.filter((row) => !STATE_AND_PROGRESS.test(row.text) || !row.wholeLabelVisible);
      if (unreadable.length > 0)
        throw new Error(`rows whose state and progress are cut off or missing: ${JSON.stringify(unreadable)}`);
      await shot('rows-at-300px');
    },
  },
  {
    name: 'approve',
    async run({ ui, sim, shot }) {
      const target = blockedDeployment(sim, 'acme/platform/api-gateway', 'staging');
      const before = await ui.awaitingCount();
      if (before === 0) throw new Error('the status bar shows nothing to approve before approving');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await ui.contextMenu(row, 'Approve…');
      await ui.answerInputBox(`Approve #${target.deployment.iid}`, APPROVE_COMMENT, () => shot('comment-box'));
      await waitFor(
        () =>
          mainUserDecisions(sim, target.deployment).some(
            (a) => a.status === 'approved' && a.comment === APPROVE_COMMENT,
          ),
        'the simulator to store the approval with the comment',
        TIMEOUT_MS,
      );
      await waitFor(
        async () => (await ui.awaitingCount()) === before - 1,
        `the status bar count to drop from ${before} to ${before - 1}`,
        TIMEOUT_MS,
      );
      await shot('approved');
    },
  },
  {
    name: 'keys act on the focused row',
    async run({ ui, sim, shot }) {
      // Click one row (it is selected), then move the keyboard cursor to another with the arrow keys: VS Code moves the
      // focus, not the selection. Delete must ask about the row the cursor is on, as the Explorer does.
      const selected = blockedDeployment(sim, 'acme/web/storefront', 'canary');
      const row = await ui.revealRow(ui.deploymentRow(selected.shortSha), selected.shortSha);
      await row.click();
      // The click opens the row's page without taking the focus; the palette command makes sure the cursor is in the tree.
      await ui.webview().getByText(`Deployment #${selected.deployment.iid}`).first().waitFor();
      await ui.runCommand('GitLab Approvals: Focus on Deployments View');
      let focused = await ui.focusedRowText();
      for (let press = 0; press < 12; press++) {
        await ui.page.keyboard.press('ArrowDown');
        focused = await ui.focusedRowText();
        if (focused && !focused.includes(selected.shortSha) && (await ui.focusedRowIsLeaf())) break;
      }
      const target = focused && deploymentShown(sim, focused);
      if (!target) throw new Error(`the cursor reached no other deployment row (last: ${JSON.stringify(focused)})`);
      await ui.page.keyboard.press('Delete');
      const box = ui.quickInput().filter({ hasText: /Reject #\d+/ });
      await box.waitFor({ state: 'visible' });
      await shot('reject-box-for-the-focused-row');
      const title = await box.innerText();
      const expected = `Reject #${target.deployment.iid} `;
      if (!title.includes(expected) || !title.includes(`→ ${target.environment.name}`))
        throw new Error(
          `Delete asked about another row: "${title.split('\n')[0]}", not ${expected}… → ${target.environment.name}`,
        );
      await ui.page.keyboard.press('Escape');
      await box.waitFor({ state: 'hidden' });
      if (
        mainUserDecisions(sim, selected.deployment).length > 0 ||
        mainUserDecisions(sim, target.deployment).length > 0
      )
        throw new Error('cancelling the comment box recorded a decision');
    },
  },
  {
    name: 'reject',
    async run({ ui, sim, shot }) {
      const target = blockedDeployment(sim, 'acme/web/storefront', 'canary');
      const row = await ui.revealRow(
        ui.deploymentRow(target.shortSha).filter({ hasText: 'awaiting you' }),
        `${target.shortSha} awaiting you`,
      );
      await ui.contextMenu(row, 'Reject…');
      await ui.answerInputBox(`Reject #${target.deployment.iid}`, REJECT_COMMENT);
      await ui.confirmDialog(`Reject deployment #${target.deployment.iid}`, 'Reject', async () => {
        // Enter presses the focused button: it must be the safe one, not Reject.
        await expectFocusedButton(ui, "Don't Reject");
        await shot('reject-dialog');
      });
      await waitFor(
        () =>
          mainUserDecisions(sim, target.deployment).some(
            (a) => a.status === 'rejected' && a.comment === REJECT_COMMENT,
          ),
        'the simulator to store the rejection with the comment',
        TIMEOUT_MS,
      );
      // A rejected deployment is no longer blocked: its row leaves the tree.
      await ui.deploymentRow(target.shortSha).waitFor({ state: 'detached' });
      await shot('rejected');
    },
  },
  {
    name: 'deployment page',
    async run({ ui, sim, shot }) {
      const target = blockedDeployment(sim, 'acme/platform/api-gateway', 'production');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await row.click(); // a row's click opens its page
      const page = ui.webview();
      await page.getByText('9 commits since live').waitFor({ timeout: 20_000 });
      await page.getByText('Carol Chen (@carol)').first().waitFor();
      await ui.clearNotifications();
      await shot('page');
      // demo is in two of its rules (the Security group; acme/platform's Maintainers, which only GitLab can place): the
      // page asks which one the approval counts for. Pick the one not chosen already; GitLab must store that one.
      const choice = page.getByRole('group', { name: 'Your approval counts for' });
      const radios = choice.getByRole('radio');
      await radios.first().waitFor();
      if ((await radios.count()) !== 2)
        throw new Error(`expected two rules to pick from, found ${await radios.count()}`);
      const picked = (await radios.nth(0).isChecked()) ? radios.nth(1) : radios.nth(0);
      const pickedLabel = await choice.locator(`label[for="${await picked.getAttribute('id')}"]`).innerText();
      await picked.check();
      const pickedRuleId = ruleIdByLabel(sim, pickedLabel);
      await page.getByLabel('Comment (optional)').fill(PAGE_COMMENT);
      await page.getByText(`${PAGE_COMMENT.length} of 255 characters`).waitFor();
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await waitFor(
        () =>
          mainUserDecisions(sim, target.deployment).some(
            (a) => a.status === 'approved' && a.comment === PAGE_COMMENT && a.approvalRuleId === pickedRuleId,
          ),
        `the simulator to store the approval from the page with its comment, under the rule picked (${pickedLabel})`,
        TIMEOUT_MS,
      );
      // The page updates in place: the new count and the decision with its comment.
      await page.getByText(/1 of 2 approvals/).waitFor();
      await page.getByText(PAGE_COMMENT, { exact: false }).waitFor();
      await waitFor(
        async () => (await page.getByLabel('Comment (optional)').inputValue()) === '',
        'the comment box to be emptied once the approval went through',
        TIMEOUT_MS,
      );
      await shot('approved');
      await page.getByRole('button', { name: 'Review Changes' }).click();
      await ui.editorTab(/production: live/).waitFor({ timeout: 20_000 });
      // The multi-file diff editor shows the README's change, read from GitLab through the extension's file system.
      await ui.page.getByText('Start it with', { exact: false }).first().waitFor({ timeout: 20_000 });
      await ui.clearNotifications();
      await shot('review-changes');
    },
  },
  {
    name: 'set required approvals',
    async run({ ui, sim, shot }) {
      const protection = projectProtection(sim, 'acme/platform/billing-service', 'production');
      if (protection.approvalRules.length !== 1)
        throw new Error(
          `expected one approval rule on billing-service production, found ${protection.approvalRules.length}`,
        );
      const row = await ui.environmentRow('Billing Service', 'production');
      await ui.contextMenu(row, 'Set Required Approvals…');
      await ui.answerInputBox(/Required approvals under Maintainers for production/, '3', () => shot('input'));
      // Looked up again: an update may replace the rule records (or the whole protection).
      await waitFor(
        () =>
          projectProtection(sim, 'acme/platform/billing-service', 'production').approvalRules.every(
            (rule) => rule.requiredApprovals === 3,
          ),
        'the simulator to require 3 approvals on billing-service production',
        TIMEOUT_MS,
      );
      // The tree counts every rule the deployment needs: this project's rule (now 3) plus acme/platform's group-level one.
      await row.filter({ hasText: '4 approvals required' }).waitFor({ timeout: 20_000 });
      await shot('done');
    },
  },
  {
    name: 'a click keeps the focus in the tree',
    async run({ ui, sim, shot }) {
      // A click opens the page beside the tree without moving the focus: the arrows and the row keys (Ctrl+Enter,
      // Delete) still act on the tree, with no click back into it.
      const target = blockedDeployment(sim, 'acme/platform/billing-service', 'production');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await row.click();
      const page = ui.webview();
      await page.getByText(`Deployment #${target.deployment.iid}`).first().waitFor();
      await page
        .getByText(/since live|Nothing is live|could not be read/)
        .first()
        .waitFor({ timeout: 20_000 });
      const inTree = await ui.page.evaluate(
        () => !!document.activeElement?.closest('[id="workbench.parts.sidebar"] .monaco-list'),
      );
      if (!inTree) throw new Error('the click moved the focus out of the tree (into the page)');
      const before = await ui.focusedRowText();
      await ui.page.keyboard.press('ArrowDown');
      await waitFor(
        async () => (await ui.focusedRowText()) !== before,
        'ArrowDown to move the cursor in the tree',
        TIMEOUT_MS,
      );
      await shot('page-beside-the-focused-tree');
    },
  },
  {
    name: 'a superseded row carries its mark',
    async run({ ui, sim, shot }) {
      // A newer deployment waits on the same environment: the older row ends with "⚠ superseded", whole at 300 px.
      const older = blockedDeployment(sim, 'acme/platform/billing-service', 'production');
      sim.createBlockedDeployment({
        project: 'acme/platform/billing-service',
        environment: 'production',
        triggeredBy: 'bob',
        ref: 'e2e-newer',
      });
      await ui.runCommand('GitLab Approvals: Refresh');
      const row = await ui.revealRow(
        ui.deploymentRow(older.shortSha).filter({ hasText: '⚠ superseded' }),
        `${older.shortSha} marked superseded`,
      );
      // The label may be cut at 300 px; the warning icon that replaces the state's icon is always in view.
      if ((await row.locator('.codicon-warning').count()) === 0)
        throw new Error('the superseded row has no warning icon');
      await row.hover();
      await shot('superseded-row');
    },
  },
  {
    name: 'Run asks first, and Enter does not start the job',
    async run({ ui, sim, shot }) {
      // Approved, not run: demo is a deployer of auth-service production. The run question names the job and its
      // deployment; its focused (first) button is the safe one.
      const { deployment: approved, shortSha } = blockedDeployment(sim, 'acme/platform/auth-service', 'production');
      const row = await ui.revealRow(ui.deploymentRow(shortSha).filter({ hasText: 'approved, not run' }), shortSha);
      await ui.contextMenu(row, 'Run Deployment Job');
      await declineRunQuestion(ui, sim, approved, () => shot('run-question'));
    },
  },
  {
    name: 'Approve and Run asks the run question too, and Enter sends nothing',
    async run({ ui, sim, shot }) {
      // Docs Site production needs one approval: the user's would be the last, so Approve and Run is offered. Its
      // comment box says it runs; the run question follows, with the safe button focused.
      const target = blockedDeployment(sim, 'acme/web/docs-site', 'production');
      const row = await ui.revealRow(
        ui.deploymentRow(target.shortSha).filter({ hasText: 'awaiting you' }),
        `${target.shortSha} awaiting you`,
      );
      await ui.contextMenu(row, 'Approve and Run…');
      await ui.answerInputBox(/Approve and run/, 'e2e: not yet');
      await ui.confirmDialog(/Approve and run the deployment job/, "Don't Run", async () => {
        await expectFocusedButton(ui, "Don't Run");
        await shot('approve-and-run-question');
      });
      if (mainUserDecisions(sim, target.deployment).length > 0) throw new Error("Don't Run still sent the approval");
      if (sim.state.jobOf(target.deployment)?.status !== 'manual') throw new Error("Don't Run started the job");
    },
  },
  {
    name: 'a click during a refresh opens the clicked row',
    async run({ ui, sim }) {
      // The rows are rebuilt by every refresh; a click meanwhile still opens its own deployment.
      const target = blockedDeployment(sim, 'acme/web/storefront', 'production');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await ui.runCommand('GitLab Approvals: Refresh');
      await row.click();
      await ui.webview().getByText(`Deployment #${target.deployment.iid}: main → production`).first().waitFor();
    },
  },
  {
    name: 'a Developer through a subgroup approves, and GitLab decides',
    async run({ ui, sim, shot }) {
      // Webhooks Relay: demo is a Developer only through the subgroup partners/integrations and cannot read the
      // protected environments, so whether a role rule counts demo is GitLab's to say. Approve is offered as "may await
      // you"; under the project's own rule GitLab accepts it, under partners' group-level rule it refuses.
      const accepted = blockedDeployment(sim, RELAY, 'production');
      const row = await ui.revealRow(
        ui.deploymentRow(accepted.shortSha).filter({ hasText: 'may await you' }),
        `${accepted.shortSha} may await you`,
      );
      await ui.contextMenu(row, 'Approve…');
      await ui.answerInputBox(`Approve #${accepted.deployment.iid}`, RELAY_COMMENT);
      await waitFor(
        () =>
          mainUserDecisions(sim, accepted.deployment).some(
            (a) => a.status === 'approved' && a.comment === RELAY_COMMENT,
          ),
        'the simulator to store the approval of a Developer through a subgroup',
        TIMEOUT_MS,
      );
      await ui.revealRow(
        ui.deploymentRow(accepted.shortSha).filter({ hasText: 'approved, not run' }),
        `${accepted.shortSha} approved, not run`,
      );
      await shot('accepted');

      const refused = blockedDeployment(sim, RELAY, 'staging');
      const refusedRow = await ui.revealRow(
        ui.deploymentRow(refused.shortSha).filter({ hasText: 'may await you' }),
        `${refused.shortSha} may await you`,
      );
      await ui.contextMenu(refusedRow, 'Approve…');
      await ui.answerInputBox(`Approve #${refused.deployment.iid}`, '');
      await ui.notification(/^GitLab did not accept your approval of .* You don.t have permission/).waitFor({
        timeout: TIMEOUT_MS,
      });
      if (mainUserDecisions(sim, refused.deployment).length > 0) throw new Error('GitLab stored a refused approval');
      // Remembered: no longer offered nor counted as awaiting demo.
      await ui.revealRow(
        ui.deploymentRow(refused.shortSha).filter({ hasNotText: /awaiting you|may await you/ }),
        `${refused.shortSha} no longer awaiting demo`,
      );
      await shot('refused');
    },
  },
  {
    name: 'an approval GitLab did not count is said so',
    async run({ ui, sim, shot }) {
      // Billing Service production has two rules named Maintainers (acme/platform's group-level one, the project's). The
      // API names a rule by its name, so GitLab takes the first Maintainers rule again for a second approval: it answers
      // 201 with the approval it has and counts nothing. The extension must not say "Approved".
      const target = blockedDeployment(sim, 'acme/platform/billing-service', 'production');
      const awaiting = () =>
        ui.revealRow(
          ui.deploymentRow(target.shortSha).filter({ hasText: 'awaiting you' }),
          `${target.shortSha} awaiting you`,
        );
      await ui.clearNotifications();
      await ui.contextMenu(await awaiting(), 'Approve…');
      await ui.pickRuleIfAsked(`Approve #${target.deployment.iid}`, /Maintainers — a group above/);
      await ui.answerInputBox(`Approve #${target.deployment.iid}`, FIRST_HAT);
      await ui.notification(/more needed — approved #/).waitFor({ timeout: TIMEOUT_MS });
      await ui.clearNotifications();
      // Still offered: the project's Maintainers rule is not met, and only GitLab's answer shows it cannot be named.
      await ui.contextMenu(await awaiting(), 'Approve…');
      await ui.pickRuleIfAsked(`Approve #${target.deployment.iid}`, /Maintainers — project/);
      await ui.answerInputBox(`Approve #${target.deployment.iid}`, SECOND_HAT);
      await ui.notification(/^GitLab did not count a new approval: /).waitFor({ timeout: TIMEOUT_MS });
      if ((await ui.notification(/approved #/).count()) > 0) throw new Error('a toast says "approved" for a no-op');
      const mine = mainUserDecisions(sim, target.deployment).map((a) => a.comment);
      if (JSON.stringify(mine) !== JSON.stringify([FIRST_HAT]))
        throw new Error(`GitLab stores ${JSON.stringify(mine)} for demo, not only the first approval`);
      await ui.revealRow(
        ui.deploymentRow(target.shortSha).filter({ hasNotText: 'awaiting you' }),
        `${target.shortSha} no longer awaiting you`,
      );
      await shot('not-counted');
    },
  },
  {
    name: 'Run Now after the last approval asks the run question',
    async run({ ui, sim, shot }) {
      // Docs Site production needs one approval: demo's is the last, and demo may run the job, so the outcome offers
      // Run Now. It asks the same question as every run path, with Don't Run focused.
      const target = blockedDeployment(sim, 'acme/web/docs-site', 'production');
      await ui.clearNotifications();
      const row = await ui.revealRow(
        ui.deploymentRow(target.shortSha).filter({ hasText: 'awaiting you' }),
        `${target.shortSha} awaiting you`,
      );
      await ui.contextMenu(row, 'Approve…');
      await ui.answerInputBox(`Approve #${target.deployment.iid}`, 'e2e: docs are fine');
      const toast = ui.page
        .locator('.notifications-toasts .notification-toast')
        .filter({ hasText: /Fully approved — / });
      await toast.getByRole('button', { name: 'Run Now' }).click({ timeout: TIMEOUT_MS });
      await declineRunQuestion(ui, sim, target.deployment, () => shot('run-now-question'));
      if (mainUserDecisions(sim, target.deployment).length !== 1) throw new Error('the approval was not stored');
    },
  },
  {
    name: "the page's Run asks the run question",
    async run({ ui, sim, shot }) {
      const { deployment: approved, shortSha } = blockedDeployment(sim, 'acme/platform/auth-service', 'production');
      const row = await ui.revealRow(ui.deploymentRow(shortSha), shortSha);
      await row.click();
      const page = ui.webview();
      await page.getByText(`Deployment #${approved.iid}`).first().waitFor();
      await page.getByRole('button', { name: 'Run Deployment Job…' }).click({ timeout: TIMEOUT_MS });
      await declineRunQuestion(ui, sim, approved, () => shot('page-run-question'));
    },
  },
  {
    name: 'Run follows the job: running, then succeeded with Open Environment',
    async run({ ui, sim, shot }) {
      // Approved, not run (the step above did not run it): Run, then the Follow-through view follows the job as the
      // simulator's runner moves it on (stepped here; the extension reads it every 5 s).
      const target = blockedDeployment(sim, 'acme/platform/auth-service', 'production');
      const row = await ui.revealRow(
        ui.deploymentRow(target.shortSha).filter({ hasText: 'approved, not run' }),
        target.shortSha,
      );
      await ui.contextMenu(row, 'Run Deployment Job');
      await ui.confirmDialog(/Run the deployment job/, 'Run');
      const job = sim.state.jobOf(target.deployment)!;
      await waitFor(() => job.status === 'pending', 'GitLab to start the job', TIMEOUT_MS);
      const followed = ui.followedJobRow('deploy_production to production of acme/platform/auth-service');
      await followed.filter({ hasText: 'queued' }).waitFor({ timeout: TIMEOUT_MS });
      sim.stepJobs(2);
      await followed.filter({ hasText: /running \d+s/ }).waitFor({ timeout: TIMEOUT_MS });
      await shot('running');
      sim.stepJobs(10);
      const live = followed.filter({ hasText: 'succeeded — now live on production' });
      await live.waitFor({ timeout: TIMEOUT_MS });
      await live.hover();
      await live.getByRole('button', { name: 'Open Environment' }).waitFor({ timeout: TIMEOUT_MS });
      await ui.clearNotifications();
      await shot('live');
    },
  },
  {
    name: 'a failing job shows its tail, and Retry asks before it runs',
    async run({ ui, sim, shot }) {
      const target = blockedDeployment(sim, 'acme/web/storefront', 'staging');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await ui.contextMenu(row, 'Run Deployment Job');
      await ui.confirmDialog(/Run the deployment job/, 'Run');
      const job = sim.state.jobOf(target.deployment)!;
      await waitFor(() => job.status === 'pending', 'GitLab to start the job', TIMEOUT_MS);
      const followed = ui.followedJobRow('deploy_staging to staging of acme/web/storefront');
      await followed.first().waitFor({ timeout: TIMEOUT_MS });
      sim.stepJobs(10);
      const failed = followed.filter({ hasText: 'failed: script_failure' });
      await failed.waitFor({ timeout: TIMEOUT_MS });
      await failed.click(); // the row's click: Show Log
      await ui.editorText('ERROR: Job failed: exit code 1').waitFor({ timeout: TIMEOUT_MS });
      await ui.clearNotifications();
      await shot('log-tail');
      const jobsBefore = sim.state.jobs.size;
      // Retry is the failed row's inline button (inline actions are not in the context menu).
      await failed.hover();
      await failed.getByRole('button', { name: 'Retry Deployment Job…' }).click({ timeout: TIMEOUT_MS });
      await ui.confirmDialog(/Run the deployment job deploy_staging to staging/, "Don't Run", async () => {
        await expectFocusedButton(ui, "Don't Run");
        await shot('retry-question');
      });
      if (sim.state.jobs.size !== jobsBefore || job.retried) throw new Error("Don't Run still retried the job");
    },
  },
  {
    name: 'an overdue row comes first, counted in the status bar',
    async run({ ui, sim, shot }) {
      // The shown demo's setting: production deployments older than two days are overdue. The release desk's oldest
      // production deployment waited three days; the demo's own are minutes to hours old.
      const oldest = blockedDeployment(sim, DESK, 'production');
      await ui.revealRow(
        ui.deploymentRow(oldest.shortSha).filter({ hasText: /overdue · / }),
        `${oldest.shortSha} marked overdue`,
      );
      await ui.statusBarItem(/ · 1 overdue/).waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      const first = await ui.treeRows().first().innerText();
      if (!first.includes('Release Train')) throw new Error(`the first row is "${first}", not the overdue project`);
      await shot('overdue-row');
    },
  },
  {
    name: 'the approve box says what of the deployment is your own work',
    async run({ ui, sim, shot }) {
      // The desk's staging deployment ships demo's own merge request. The note is the extension's own check, under the
      // comment box; cancelling sends nothing.
      const target = blockedDeployment(sim, DESK, 'staging');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await ui.contextMenu(row, 'Approve…');
      const box = ui.quickInput().filter({ hasText: `Approve #${target.deployment.iid}` });
      await box.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      // VS Code shows the box's check from the first keystroke on (or at once, in the prompt, where already read).
      await box.locator('.quick-input-box input').pressSequentially('Ship');
      await box
        .getByText(/You authored 3 of the 8 commits being shipped\. You merged !1/)
        .waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      await box.getByText(/the extension's own check, not GitLab's/).waitFor({ state: 'visible' });
      await shot('four-eyes-note');
      await ui.page.keyboard.press('Escape');
      await box.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
      if (mainUserDecisions(sim, target.deployment).length > 0) throw new Error('a cancelled approval was sent');
    },
  },
  {
    name: 'a frozen environment shows its badge, and Run asks about the freeze',
    async run({ ui, sim, shot }) {
      // acme/mobile-backend has a deploy freeze on (demo scenario). Approving stays allowed; running a job asks the run
      // question, then a second one naming the freeze, whose focused button is the safe one.
      const target = blockedDeployment(sim, 'acme/mobile-backend', 'staging');
      const environment = await ui.environmentRow('Mobile Backend', 'staging');
      await environment.filter({ hasText: /❄ frozen until \w{3} 08:00 \(Europe\/Berlin\)/ }).waitFor({
        timeout: TIMEOUT_MS,
      });
      await ui.clearNotifications();
      await shot('freeze-badge');
      const row = await ui.revealRow(ui.deploymentRow(target.shortSha), target.shortSha);
      await ui.contextMenu(row, 'Run Deployment Job');
      await ui.confirmDialog(/Run the deployment job /, 'Run', undefined, /deploy freeze/);
      await ui.confirmDialog(/has a deploy freeze until .* during the freeze\?/, "Don't Run", async () => {
        await expectFocusedButton(ui, "Don't Run");
        await shot('freeze-question');
      });
      if (sim.state.jobOf(target.deployment)?.status !== 'manual') throw new Error('the job ran during the freeze');
    },
  },
  {
    name: 'after a reload the stored rows show at once',
    // Last: the reload starts a new extension host, and GitLab's slow answers meanwhile are not for the steps above.
    async run({ ui, sim, shot }) {
      // GitLab answers nothing for a while: what the tree shows after the window reloads is what was stored (the
      // extension stores what it reads after every poll that changes something; this row has been there from the start).
      const target = blockedDeployment(sim, 'acme/web/storefront', 'production');
      const slow = sim.faults.add({ kind: 'latency', ms: 60_000 });
      const sentBefore = sim.requestLog.length;
      try {
        await ui.page.reload();
        await ui.waitForWorkbench();
        await ui.showViewContainer('GitLab Approvals');
        await ui.revealRow(ui.deploymentRow(target.shortSha), `${target.shortSha} from the stored state`);
        await ui.page
          .getByText(/Not yet refreshed: showing what was last seen/)
          .first()
          .waitFor({ timeout: TIMEOUT_MS });
        const answered = sim.requestLog
          .all()
          .slice(sentBefore)
          .filter((entry) => entry.status !== null);
        if (answered.length > 0)
          throw new Error(`GitLab answered ${answered.length} request(s): the rows were not the stored ones`);
        await shot('stored-rows');
      } finally {
        sim.faults.remove(slow);
      }
      // Then GitLab answers again, and a Refresh brings the rows up to date.
      await ui.runCommand('GitLab Approvals: Refresh');
      await waitFor(
        async () => (await ui.page.getByText(/Not yet refreshed/).count()) === 0,
        'the stored rows to be refreshed once GitLab answers',
        60_000,
      );
    },
  },
];

/** The run question, with Don't Run focused, answered Don't Run: the deployment's job must not have started. */
async function declineRunQuestion(
  ui: WorkbenchUi,
  sim: Simulator,
  deployment: Deployment,
  beforeClick: () => Promise<void>,
): Promise<void> {
  await ui.confirmDialog(/Run the deployment job/, "Don't Run", async () => {
    await expectFocusedButton(ui, "Don't Run");
    await beforeClick();
  });
  if (sim.state.jobOf(deployment)?.status !== 'manual') throw new Error("Don't Run started the job");
}

/** Enter presses a dialog's focused button: it must be the safe one. */
async function expectFocusedButton(ui: WorkbenchUi, safe: string): Promise<void> {
  const focused = await ui.page.evaluate(() => document.activeElement?.textContent?.trim());
  if (focused !== safe) throw new Error(`the dialog's focused button is "${focused}", not "${safe}"`);
}

/** api-gateway production's rule a label of the page's rule choice names: the Security group's, or acme/platform's Maintainers. */
function ruleIdByLabel(sim: Simulator, label: string): number {
  if (/^Security\b/.test(label))
    return projectProtection(sim, 'acme/platform/api-gateway', 'production').approvalRules[0].id;
  const platform = sim.state.findGroupByPath('acme/platform');
  const groupLevel = platform && sim.state.findProtectedEnvironment({ groupId: platform.id }, 'production');
  if (/^Maintainers\b/.test(label) && groupLevel) return groupLevel.approvalRules[0].id;
  throw new Error(`the page offered a rule the demo does not have there: "${label}"`);
}
