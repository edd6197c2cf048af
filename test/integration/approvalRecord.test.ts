// Export Approval Record… in the real host (issue 22, "Evidence"): the save dialog's path gets the Markdown and the
// JSON beside it, with what GitLab (the simulator) says of the deployment and its audit events, and no token; a
// cancelled dialog writes nothing; exporting sends nothing to GitLab but reads.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentNode, EnvironmentNode } from '../../src/shell/tree/nodes';
import { deploymentNode, runCommand, signedInSuite, waitFor } from './support/harness';

describe('Export Approval Record', () => {
  const host = signedInSuite({ filter: 'allBlocked' });
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'gda-approval-record-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the Markdown and the JSON where the person chose, with the decisions and audit events, and no token', async () => {
    const chosen = vscode.Uri.file(join(folder, 'evidence.md'));
    const dialog = host.sandbox.stub(vscode.window, 'showSaveDialog').resolves(chosen);
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const node = deploymentNode(host.api, 'acme/platform/auth-service', 'production');
    const since = host.sim.requestLog.all().at(-1)?.seq ?? 0;

    await runCommand(COMMANDS.exportApprovalRecord, node);

    assert.ok(dialog.calledOnce, 'the save dialog was not asked');
    const offered = dialog.firstCall.args[0]?.defaultUri?.path ?? '';
    assert.match(offered, /approval-record-auth-service-production-\d+\.md$/);
    const markdown = readFileSync(join(folder, 'evidence.md'), 'utf8');
    const json = JSON.parse(readFileSync(join(folder, 'evidence.json'), 'utf8'));

    assert.match(markdown, /^# Approval record: /);
    assert.match(markdown, /\| Carol Chen \(@carol\) \| approved \| .* \| Security review done \|/);
    assert.match(
      markdown,
      /\| deployment\\_approved \| Carol Chen \| Approved deployment with IID\\: \d+ and ID\\: \d+ \| Security review done \|/,
    );
    assert.equal(json.format, 'gitlab-deployment-approval-record');
    const [recorded] = json.deployments;
    assert.equal(recorded.deployment.id, node.type === 'deployment' ? node.deployment.id : undefined);
    assert.deepEqual(recorded.approvals.decisions.map((d: { user: { username: string } }) => d.user.username).sort(), [
      'alice',
      'carol',
      'demo',
    ]);
    assert.equal(recorded.auditEvents.included, true);
    assert.equal(recorded.auditEvents.events.length, 3);
    assert.equal(recorded.jobOutcome.ran, false);

    for (const text of [markdown, JSON.stringify(json)])
      for (const username of ['demo', 'alice', 'carol', 'bob'])
        assert.ok(!text.includes(host.sim.tokenFor(username)), 'a token is in the record');
    const writes = host.sim.requestLog.since(since).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.route}`),
      [],
      'exporting sent a write to GitLab',
    );
    assert.ok(
      info
        .getCalls()
        .some((c) =>
          /^Saved the approval record of #\d+ of production .* to .*evidence\.md and .*evidence\.json\.$/.test(
            String(c.args[0]),
          ),
        ),
      info
        .getCalls()
        .map((c) => c.args[0])
        .join('\n'),
    );
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    host.sandbox.stub(vscode.window, 'showSaveDialog').resolves(undefined);
    const info = host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const node = deploymentNode(host.api, 'acme/platform/auth-service', 'production');
    const since = host.sim.requestLog.all().at(-1)?.seq ?? 0;

    await runCommand(COMMANDS.exportApprovalRecord, node);

    assert.deepEqual(readdirSync(folder), []);
    assert.ok(!existsSync(join(folder, 'evidence.md')));
    assert.equal(info.callCount, 0, 'something was said as if saved');
    const read = host.sim.requestLog.since(since).filter((r) => r.route === 'audit_events.project');
    assert.equal(read.length, 0, 'GitLab was read for a record no one will keep');
  });

  it('exports an environment: every deployment of it the view shows', async () => {
    host.sandbox.stub(vscode.window, 'showSaveDialog').resolves(vscode.Uri.file(join(folder, 'environment.md')));
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const row = deploymentNode(host.api, 'acme/platform/auth-service', 'production') as DeploymentNode;
    const environment: EnvironmentNode = {
      type: 'environment',
      instance: row.instance,
      project: row.project,
      environment: row.environment,
    };
    await runCommand(COMMANDS.exportApprovalRecord, environment);
    const json = JSON.parse(readFileSync(join(folder, 'environment.json'), 'utf8'));
    assert.equal(json.subject.kind, 'environment');
    assert.deepEqual(
      json.deployments.map((d: { deployment: { id: number } }) => d.deployment.id),
      row.environment.deployments.map((d) => d.deployment.id),
    );
  });

  it("exports from the deployment page's button", async () => {
    host.sandbox.stub(vscode.window, 'showSaveDialog').resolves(vscode.Uri.file(join(folder, 'from-page.md')));
    host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const node = deploymentNode(host.api, 'acme/platform/billing-service', 'production') as DeploymentNode;
    await runCommand(COMMANDS.showDeployment, node);
    const page = host.api.deploymentPages.page(node);
    assert.ok(page, 'the page is open');
    try {
      assert.match(page.html, /data-action="exportApprovalRecord"/);
      await page.receive({ type: 'exportApprovalRecord' });
      await waitFor(() => existsSync(join(folder, 'from-page.json')), 'the record written');
      const json = JSON.parse(readFileSync(join(folder, 'from-page.json'), 'utf8'));
      assert.equal(json.deployments[0].deployment.id, node.deployment.id);
      assert.match(
        readFileSync(join(folder, 'from-page.md'), 'utf8'),
        /\| Alice Anders \(@alice\) \| approved \| .* \| LGTM \|/,
      );
    } finally {
      page.dispose();
    }
  });

  it('says why audit events are not included where GitLab refuses them (a project without the licence)', async () => {
    const project = host.sim.state.findProject('acme/platform/auth-service')!;
    project.licensed = false;
    try {
      host.sandbox.stub(vscode.window, 'showSaveDialog').resolves(vscode.Uri.file(join(folder, 'refused.json')));
      host.sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
      const node = deploymentNode(host.api, 'acme/platform/auth-service', 'production');
      await runCommand(COMMANDS.exportApprovalRecord, node);
      // The person chose the .json name: both are written under it.
      const markdown = readFileSync(join(folder, 'refused.md'), 'utf8');
      const json = JSON.parse(readFileSync(join(folder, 'refused.json'), 'utf8'));
      assert.match(
        markdown,
        /Audit events not included: GitLab refused to list the project’s audit events \\\(403\\\)/,
      );
      assert.equal(json.deployments[0].auditEvents.included, false);
    } finally {
      project.licensed = undefined;
    }
  });
});
