// Shared set-up for the integration tests: the real extension, signed in to a real simulator over loopback.
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../../src/extension';
import { startSimulator, type BlockedDeploymentOptions, type Simulator, type SimulatorOptions } from '../../simulator';
import type { DeploymentNode, TreeFilter, TreeNode } from '../../../src/shell/tree/nodes';
import { COMMANDS } from '../../../src/shell/commands/commandIds';
import type { CommandOutcome } from '../../../src/shell/commands/registerCommands';
import { QuickInputs } from './quickInputs';
import { waitFor } from '../../support/waitFor';

export const EXTENSION_ID = 'deployment-approvals.gitlab-deployment-approvals';
/** A bound, not a pass mark: how long a sign-in's first load may take before a suite gives up. */
const FIRST_LOAD_TIMEOUT_MS = 60_000;

/** Set after a test restarts the extension in place: the internals of the activation now running. */
let restarted: ExtensionInternals | undefined;

export async function extensionApi(): Promise<ExtensionInternals> {
  const extension = vscode.extensions.getExtension<ExtensionInternals>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const first = await extension.activate();
  return restarted ?? first;
}

/**
 * A restart as VS Code does it, in place: everything the running activation registered is disposed (deactivation),
 * then the extension's own `activate` runs again with the same context, so the same global state and secrets.
 * Returns the new activation's internals and the time `activate` took.
 */
export async function restartExtension(): Promise<{ api: ExtensionInternals; activateMs: number }> {
  const extension = vscode.extensions.getExtension<ExtensionInternals>(EXTENSION_ID)!;
  const running = await extensionApi();
  const context = running.context;
  for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require(`${extension.extensionPath}/dist/extension.js`) as {
    activate(context: vscode.ExtensionContext): ExtensionInternals;
  };
  const started = performance.now();
  restarted = main.activate(context);
  return { api: restarted, activateMs: performance.now() - started };
}

/**
 * A simulator the extension is signed in to, through the token environment variables (the same route a user takes on
 * a remote machine). The window is treated as focused: headless Chromium has no real focus to give.
 */
export async function signedInSimulator(
  options: SimulatorOptions = { scenario: 'demo' },
): Promise<{ sim: Simulator; api: ExtensionInternals; signOut: () => Promise<void> }> {
  const sim = await startSimulator(options);
  const api = await extensionApi();
  process.env.GITLAB_APPROVALS_URL = sim.url;
  process.env.GITLAB_APPROVALS_TOKEN = sim.defaultToken;
  api.focus.setFocused(true);
  await api.instances.reload();
  // The first suite to sign in also pays for the extension's first activation; on a loaded machine that takes a while.
  await waitFor(
    () => api.engine.snapshot().instances.some((i) => i.lastSuccessAt !== undefined || i.error),
    'the first load',
    FIRST_LOAD_TIMEOUT_MS,
  );
  return {
    sim,
    api,
    signOut: async () => {
      delete process.env.GITLAB_APPROVALS_URL;
      delete process.env.GITLAB_APPROVALS_TOKEN;
      await api.instances.reload();
      await sim.close();
    },
  };
}

/** The live handles of a suite signed in by {@link signedInSuite}; set once its `before` hook has run. */
export interface SignedInSuite {
  sim: Simulator;
  api: ExtensionInternals;
  /** Restored after each test, so stubs on prompts and notifications never leak into the next one. */
  sandbox: sinon.SinonSandbox;
}

/**
 * The hooks most host suites share, registered on the enclosing `describe`: before, sign in to a simulator (the demo
 * scenario unless told) and, if given, switch the view to `filter`; after each test, restore the sandbox and clear any
 * faults; after, sign out.
 */
export function signedInSuite(options: { filter?: TreeFilter; simulator?: SimulatorOptions } = {}): SignedInSuite {
  const suite = { sandbox: sinon.createSandbox() } as SignedInSuite;
  let signOut: (() => Promise<void>) | undefined;
  before(async function () {
    this.timeout(FIRST_LOAD_TIMEOUT_MS + 20_000);
    ({ sim: suite.sim, api: suite.api, signOut } = await signedInSimulator(options.simulator));
    if (options.filter) await suite.api.tree.setFilter(options.filter);
  });
  afterEach(() => {
    suite.sandbox.restore();
    suite.sim.faults.clear();
  });
  after(() => signOut?.());
  return suite;
}

export { waitFor };

/**
 * Runs a command as VS Code does and fails the test if the command failed. Every command is wrapped so a failure is
 * told to the person instead of rejecting, so `executeCommand` alone cannot fail a test; the wrapper records how each
 * run ended, and this reads it. Returns what the command returned. The only way host tests run the extension's
 * commands (test/unit/shell/hostTestCommands.test.ts holds them to it).
 */
export async function runCommand(command: string, ...args: unknown[]): Promise<unknown> {
  const outcome = await commandOutcome(command, ...args);
  if (outcome.failed) assert.fail(`${command} failed: ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
  return outcome.value;
}

async function commandOutcome(command: string, ...args: unknown[]): Promise<CommandOutcome> {
  const api = await extensionApi();
  const before = api.commandOutcomes.lastOf(command);
  await vscode.commands.executeCommand(command, ...args);
  const outcome = api.commandOutcomes.lastOf(command);
  assert.ok(outcome && outcome !== before, `${command} did not finish`);
  return outcome;
}

/**
 * Signs out of every instance (the token variables unset, the instances setting cleared), so a suite starts signed out
 * whatever ran before it.
 */
export async function signOutEverywhere(api: ExtensionInternals): Promise<void> {
  delete process.env.GITLAB_APPROVALS_URL;
  delete process.env.GITLAB_APPROVALS_TOKEN;
  await vscode.workspace
    .getConfiguration('gitlabApprovals')
    .update('instances', undefined, vscode.ConfigurationTarget.Global);
  await api.instances.reload();
  await waitFor(() => !api.instances.signedIn && api.engine.snapshot().instances.length === 0, 'signed out');
}

/** What the view's message row says beyond its first line, the filter's state ("Awaiting me · 3 of 11"). */
export function viewNotices(api: ExtensionInternals): string {
  const [state, ...notices] = (api.tree.view.message ?? '').split('\n');
  assert.match(state, /^(All blocked|Awaiting me) · /, 'the message row starts with the filter state');
  return notices.join('\n');
}

/** Every row of the tree as "label — description", indented by depth, read through the real TreeDataProvider. */
export function treeRows(api: ExtensionInternals): string[] {
  const rows: string[] = [];
  const walk = (nodes: TreeNode[], depth: number) => {
    for (const node of nodes) {
      const item = api.tree.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      rows.push(`${'  '.repeat(depth)}${label}${item.description ? ` — ${item.description}` : ''}`);
      walk(api.tree.getChildren(node), depth + 1);
    }
  };
  walk(api.tree.getChildren(), 0);
  return rows;
}

/**
 * A poll that reads GitLab as it is now. A poll asked for while one is under way shares it, and one that began before
 * GitLab was changed may have read it before the change (then the test waited for a row that only the next timer poll
 * would bring): the one under way is let finish first.
 */
export async function pollAfterChange(api: ExtensionInternals): Promise<void> {
  await waitFor(() => !api.engine.snapshot().refreshing, 'the refresh under way to end');
  await api.engine.refresh('poll');
}

/** A new blocked deployment created in GitLab, once the tree shows it awaiting the user (after a poll). */
export async function newRowAwaitingMe(
  { api, sim }: { api: ExtensionInternals; sim: Simulator },
  options: BlockedDeploymentOptions,
): Promise<DeploymentNode> {
  const created = sim.createBlockedDeployment(options);
  await pollAfterChange(api);
  const row = () =>
    api.tree.currentShape
      .visibleDeployments()
      .find((n) => n.deployment.id === created.deployment.id && n.view.awaitingMe);
  await waitFor(() => row() !== undefined, 'the new deployment awaiting the user');
  return row()!;
}

/** The tree node of a deployment, found by project path and environment name. */
export function deploymentNode(api: ExtensionInternals, projectPath: string, environment: string): TreeNode {
  const node = api.tree.currentShape
    .visibleDeployments()
    .find((n) => n.project.project.path_with_namespace === projectPath && n.environment.name === environment);
  assert.ok(node, `no deployment row for ${projectPath} → ${environment}`);
  return node;
}

export function contextTags(api: ExtensionInternals, node: TreeNode): string[] {
  return (api.tree.getTreeItem(node).contextValue ?? '').split(';');
}

/**
 * Signs in to a further instance through the real Sign In command, its real prompts answered (an http:// instance's
 * clear-text warning is accepted), and waits until every instance has loaded.
 */
export async function signInToAnotherInstance(api: ExtensionInternals, url: string, token: string): Promise<void> {
  const sandbox = sinon.createSandbox();
  const inputs = new QuickInputs(sandbox);
  try {
    sandbox.stub(vscode.window, 'showWarningMessage').resolves('Continue' as unknown as vscode.MessageItem);
    sandbox.stub(vscode.window, 'showInformationMessage').resolves(undefined);
    const done = runCommand(COMMANDS.signIn);
    await inputs.choose(await inputs.pick(/Another/), /Another/);
    await inputs.enter(await inputs.box(), url);
    await inputs.enter(await inputs.box(), token);
    await done;
  } finally {
    inputs.dispose();
    sandbox.restore();
  }
  await waitFor(
    () =>
      api.engine.snapshot().instances.some((i) => i.instanceUrl === url) &&
      api.engine.snapshot().instances.every((i) => i.lastSuccessAt),
    'every instance loaded',
  );
}
