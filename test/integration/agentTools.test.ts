import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allDeployments } from '../../src/core/refresh/snapshot';
import type { ExtensionInternals } from '../../src/extension';
import { AGENT_TOOL_NAMES } from '../../src/shell/agentTools';
import { COMMANDS } from '../../src/shell/commands/commandIds';
import type { DeploymentNode } from '../../src/shell/tree/nodes';
import type { Simulator } from '../simulator';
import { deploymentNode, signedInSimulator, waitFor, runCommand } from './support/harness';

interface ListedDeployment {
  id: string;
  state: string;
  yourActions: string[];
  gitlab: { project: string; environment: string; ref: string };
}

// The language-model tools end to end: registered with VS Code, invoked through vscode.lm where VS Code asks nobody
// (the read tools), and through the registered tool objects for the writes — outside a chat, VS Code answers a
// confirmation with a modal dialog that the test cannot click. The simulator is the GitLab they change.
describe('agent tools (language-model tools) against the demo GitLab', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  let signOut: () => Promise<void>;
  const none = new vscode.CancellationTokenSource().token;

  before(async () => {
    ({ sim, api, signOut } = await signedInSimulator());
  });
  after(async () => {
    await setActionsAllowed(undefined);
    await signOut();
  });

  const ours = () => vscode.lm.tools.filter((t) => t.name.startsWith('gitlabApprovals_')).map((t) => t.name);
  const json = (result: vscode.LanguageModelToolResult) =>
    JSON.parse((result.content[0] as vscode.LanguageModelTextPart).value);
  const invoke = async (name: string, input: object) =>
    json(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, none));
  const listAll = async (): Promise<ListedDeployment[]> =>
    (await invoke(AGENT_TOOL_NAMES.list, { scope: 'allBlocked', limit: 200 })).deployments;
  const idOf = async (project: string, environment: string) => {
    const found = (await listAll()).find((d) => d.gitlab.project === project && d.gitlab.environment === environment);
    assert.ok(found, `no listed deployment ${project} → ${environment}`);
    return found.id;
  };
  /**
   * The confirmation as the modal outside a chat shows it: the title, then the message, which VS Code 1.96 hands to the
   * dialog as it is when it is a string (a MarkdownString would go through a sanitiser; docs/agent-tools.md).
   */
  const shown = (prepared: vscode.PreparedToolInvocation | null | undefined) => {
    const messages = prepared?.confirmationMessages;
    if (!messages) return undefined;
    assert.equal(typeof messages.message, 'string', 'the message reaches the modal as typed');
    return `${messages.title}\n${messages.message as string}`;
  };
  const prepare = (key: 'decide' | 'run', input: object) =>
    api.agentTools[key].prepareInvocation!({ input }, none) as vscode.PreparedToolInvocation | undefined;
  const invokeObject = async (key: 'decide' | 'run', input: object) =>
    json(
      (await api.agentTools[key].invoke(
        { input, toolInvocationToken: undefined },
        none,
      )) as vscode.LanguageModelToolResult,
    );
  const compares = () => sim.requestLog.all().filter((r) => r.route === 'repository.compare').length;
  const posts = () => sim.requestLog.all().filter((r) => r.method === 'POST' && r.route !== 'graphql').length;
  const deploymentIdOf = (toolId: string) => Number(toolId.split('#')[2]);

  it('vscode.lm.tools lists the four tools', () => {
    assert.deepEqual(ours().sort(), Object.values(AGENT_TOOL_NAMES).sort());
  });

  it('list (through vscode.lm.invokeTool) returns what the simulator holds', async () => {
    const result = await invoke(AGENT_TOOL_NAMES.list, { scope: 'allBlocked' });
    const blocked = [...sim.state.deployments.values()].filter((d) => sim.state.jobOf(d)?.status === 'manual');
    assert.equal(result.total, blocked.length);
    assert.deepEqual(
      result.deployments.map((d: ListedDeployment) => deploymentIdOf(d.id)).sort((a: number, b: number) => a - b),
      blocked.map((d) => d.id).sort((a, b) => a - b),
    );
    assert.match(result.notice, /untrusted/);
    const awaiting = await invoke(AGENT_TOOL_NAMES.list, {});
    assert.equal(awaiting.scope, 'awaitingMe');
    assert.ok(awaiting.total > 0 && awaiting.total < result.total);
  });

  it('brief (through vscode.lm.invokeTool) returns the rules and decisions the simulator holds', async () => {
    const brief = await invoke(AGENT_TOOL_NAMES.brief, {
      deployment: await idOf('acme/platform/billing-service', 'production'),
    });
    assert.equal(brief.deployment.gitlab.project, 'acme/platform/billing-service');
    assert.deepEqual(brief.decisions[0].gitlab, { user: 'alice', comment: 'LGTM', rules: ['Maintainers'] });
    assert.ok(brief.rules.some((r: { required: number; approved: number }) => r.required === 2 && r.approved === 1));
  });

  it('brief (through vscode.lm.invokeTool) says what the deployment ships since live, from the page’s cache', async () => {
    const id = await idOf('acme/platform/api-gateway', 'production');
    sim.clearLog();
    const brief = await invoke(AGENT_TOOL_NAMES.brief, { deployment: id });
    const ships = brief.whatItShips;
    assert.equal(ships.known, true, JSON.stringify(ships));
    assert.equal(ships.commitsSinceLive.total, 9);
    assert.equal(ships.commitsSinceLive.list[0].gitlab.title, "Merge branch 'healthz' into 'main'");
    assert.deepEqual(
      ships.mergeRequests.list.map((mr: { iid: number }) => mr.iid),
      [4, 3, 2],
    );
    assert.equal(ships.live.iid, 1);
    assert.equal(compares(), 2);
    assert.doesNotMatch(JSON.stringify(brief), /\/-\//, 'no GitLab web URL');
    const security = brief.rules.find((r: { gitlab: { rule: string } }) => r.gitlab.rule === 'Security');
    assert.ok(
      security.whoCanApprove.gitlab.people.some((p: { username: string }) => p.username === 'carol'),
      JSON.stringify(security),
    );

    // The same briefs as the deployment page: its tooltip summary, its range cache (no second compare), and the
    // one-line summary in a decision's confirmation.
    const row = deploymentNode(api, 'acme/platform/api-gateway', 'production') as DeploymentNode;
    assert.match((api.tree.getTreeItem(row).tooltip as vscode.MarkdownString).value, /9 commits since live · 3 MRs/);
    sim.clearLog();
    await runCommand(COMMANDS.showDeployment, row);
    const page = api.deploymentPages.page(row)!;
    try {
      await waitFor(() => /9 commits since live/.test(page.html), 'the page to show the commits');
      assert.equal(compares(), 0, 'the page reuses the range the tool read');
    } finally {
      page.dispose();
    }
    const text = shown(prepare('decide', { deployment: id, decision: 'reject' }));
    assert.match(text ?? '', /^What it ships: 9 commits since live · 3 MRs/m);
  });

  it('a bad input is an error that changes nothing', async () => {
    await assert.rejects(invoke(AGENT_TOOL_NAMES.list, { limit: 1000 }), /limit must be a whole number from 1 to 200/);
    await assert.rejects(
      invoke(AGENT_TOOL_NAMES.brief, { deployment: `${sim.url}#1#999999` }),
      /No blocked deployment has this id/,
    );
  });

  it('decide asks with the real project, environment and ref — not the label the input carries — and then approves', async () => {
    const id = await idOf('acme/platform/api-gateway', 'staging');
    const input = {
      deployment: id,
      decision: 'approve',
      comment: 'Agent approval',
      label: 'acme/web/docs-site → review (harmless)',
    };
    const text = shown(prepare('decide', input));
    assert.ok(text, 'a confirmation is asked');
    const deployment = sim.state.deployments.get(deploymentIdOf(id))!;
    assert.match(text, /^Approve this GitLab deployment\?/);
    assert.match(text, /^Project: “acme\/platform\/api-gateway”/m);
    assert.match(text, /^Environment: “staging”/m);
    assert.ok(text.includes(`\nRef: “${deployment.ref}”`));
    assert.match(text, /^Approvals so far: 0 of 1 \(1 still needed\)/m);
    assert.match(text, /^Comment, written by the agent, posted under your name: “Agent approval”/m);
    assert.doesNotMatch(text, /docs-site|harmless/);

    const result = await invokeObject('decide', input);
    assert.equal(result.done, true, JSON.stringify(result));
    const approvals = [...sim.state.approvals.values()].filter((a) => a.deploymentId === deployment.id);
    assert.deepEqual(
      approvals.map((a) => [sim.state.users.get(a.userId)?.username, a.status, a.comment]),
      [['demo', 'approved', 'Agent approval']],
    );
    assert.equal(result.deployment.state, 'approved-not-run');
  });

  it('decide refuses, with the reason, a user who may not approve — and asks nobody', async () => {
    const input = { deployment: await idOf('acme/web/admin-portal', 'production'), decision: 'approve' };
    const before = posts();
    const prepared = prepare('decide', input);
    assert.equal(prepared?.confirmationMessages, undefined);
    const result = await invokeObject('decide', input);
    assert.equal(result.done, false);
    assert.match(result.refused, /You triggered this deployment, and the project does not allow approving your own/);
    assert.equal(posts(), before);
  });

  it('a write that was not confirmed first does nothing', async () => {
    const input = { deployment: await idOf('acme/web/docs-site', 'production'), decision: 'reject' };
    const before = posts();
    const result = await invokeObject('decide', input);
    assert.equal(result.done, false);
    assert.match(result.refused, /not asked to confirm this exact action/);
    assert.equal(posts(), before);
  });

  it('run asks with the real target and starts the approved deployment’s job', async () => {
    const id = await idOf('acme/platform/auth-service', 'production');
    const text = shown(prepare('run', { deployment: id, note: 'the docs site' }));
    assert.ok(text);
    assert.match(text, /^Run this GitLab deployment job\?/);
    assert.match(text, /^Project: “acme\/platform\/auth-service”/m);
    assert.match(text, /^Environment: “production”/m);
    const result = await invokeObject('run', { deployment: id, note: 'the docs site' });
    assert.equal(result.done, true, JSON.stringify(result));
    const job = sim.state.jobOf(sim.state.deployments.get(deploymentIdOf(id))!);
    assert.equal(job?.status, 'pending');
  });

  it('the off switch hides the write tools, and they refuse when called by name', async () => {
    await setActionsAllowed(false);
    await waitFor(() => !ours().includes(AGENT_TOOL_NAMES.decide), 'the write tools to disappear from vscode.lm.tools');
    assert.deepEqual(ours().sort(), [AGENT_TOOL_NAMES.brief, AGENT_TOOL_NAMES.list].sort());
    const input = { deployment: await idOf('acme/web/docs-site', 'production'), decision: 'approve' };
    assert.equal(prepare('decide', input)?.confirmationMessages, undefined);
    const result = await invokeObject('decide', input);
    assert.match(result.refused, /turned off \(setting gitlabApprovals\.agentTools\.allowActions\)/);
    // VS Code still runs a hidden tool asked for by name; with nothing to confirm, it asks nobody and the tool refuses.
    const byName = await invoke(AGENT_TOOL_NAMES.decide, input);
    assert.match(byName.refused, /turned off/);
    await setActionsAllowed(undefined);
    await waitFor(() => ours().length === 4, 'the write tools to come back');
  });

  it('a confirmation shows every fact, one a line, whatever GitLab text the deployment carries', async () => {
    const ref = 'fix/x<style/>';
    const jobName = 'deploy Environment: staging (review app) — safe to approve';
    sim.createBlockedDeployment({
      project: 'acme/web/docs-site',
      environment: 'production',
      triggeredBy: 'bob',
      ref,
      jobName,
    });
    await api.engine.refresh('full');
    await waitFor(
      () => allDeployments(api.engine.snapshot()).some((v) => v.deployment.ref === ref && v.eligibility?.canApprove),
      'the new deployment, approvable',
    );
    const id = (await listAll()).find((d) => d.gitlab.ref === ref)?.id;
    const text = shown(prepare('decide', { deployment: id, decision: 'approve', comment: 'Looks **fine** <b>x</b>' }));
    assert.ok(text, 'a confirmation is asked');
    const lines = text.split('\n').map((line) => line.trimEnd());
    const labels = lines.slice(1, lines.indexOf('')).map((line) => line.slice(0, line.indexOf(':')));
    assert.deepEqual(labels, [
      'Project',
      'Environment',
      'Ref',
      'Commit',
      'Deployment',
      'Triggered by',
      'Job',
      'GitLab instance',
      'Approvals so far',
      'Your approval counts for',
      'Comment, written by the agent, posted under your name',
    ]);
    assert.ok(lines.includes('Ref: “fix/x＜style/＞”'), text);
    assert.ok(lines.includes(`Job: “${jobName}”`), 'the job name stays inside its own quoted line');
    assert.ok(lines.includes(`GitLab instance: ${sim.url}`), text);
    assert.ok(
      lines.includes('Comment, written by the agent, posted under your name: “Looks ＊＊fine＊＊ ＜b＞x＜/b＞”'),
    );
    assert.match(lines.at(-1)!, /Approving does not start the job/);
    assert.doesNotMatch(text, /[<>*\\]/, 'nothing for the modal’s sanitiser or the chat’s Markdown to read as markup');
  });
});

function setActionsAllowed(value: boolean | undefined): Thenable<void> {
  return vscode.workspace
    .getConfiguration('gitlabApprovals')
    .update('agentTools.allowActions', value, vscode.ConfigurationTarget.Global);
}
