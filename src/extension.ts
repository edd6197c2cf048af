import * as vscode from 'vscode';
import { RefreshEngine } from './core/refresh/engine';
import { signIn, signOut } from './shell/auth/signIn';
import { TokenStore } from './shell/auth/tokenStore';
import { ClientFactory } from './shell/clientFactory';
import { registerAgentTools, type AgentTools } from './shell/agentTools';
import { registerDeploymentCommands, type CommandContext } from './shell/commands/deploymentCommands';
import { registerEnvironmentCommands } from './shell/commands/environmentCommands';
import { showError } from './shell/commands/feedback';
import { openInbox } from './shell/commands/inbox';
import { registerLinkCommands } from './shell/commands/linkCommands';
import { ContextKeys } from './shell/contextKeys';
import { Instances } from './shell/instances';
import { Log } from './shell/log';
import { ApprovalNotifications } from './shell/notifications';
import { pollIntervalMs } from './shell/settings';
import { ApprovalsStatusBar } from './shell/statusBar';
import { DeploymentsTree } from './shell/tree/deploymentsTree';
import type { InstanceNode, TreeNode } from './shell/tree/nodes';
import { TokenProblems } from './shell/tokenProblems';
import { FocusGate } from './shell/windowFocus';

/** What `activate` returns: the live parts, for the integration tests (not a public API). */
export interface ExtensionInternals {
  engine: RefreshEngine;
  instances: Instances;
  tree: DeploymentsTree;
  statusBar: ApprovalsStatusBar;
  focus: FocusGate;
  contextKeys: ContextKeys;
  agentTools: AgentTools['tools'];
  log: Log;
}

export function activate(context: vscode.ExtensionContext): ExtensionInternals {
  const log = new Log();
  const engine = new RefreshEngine({
    intervalMs: pollIntervalMs,
    onUnexpectedError: (error) => log.error('refresh failed unexpectedly', error),
    onRefreshFailed: (instanceUrl, error) =>
      error.kind !== 'cancelled' && log.warn(`refreshing ${instanceUrl} failed (${error.kind}): ${error.detail}`),
  });
  const tokens = new TokenStore(context.secrets);
  const clients = new ClientFactory(String(context.extension.packageJSON.version), log);
  const instances = new Instances(tokens, clients, engine, log);
  const tree = new DeploymentsTree(engine, context.globalState);
  const statusBar = new ApprovalsStatusBar(engine);
  const contextKeys = new ContextKeys(instances, engine);
  const commands: CommandContext = { engine, instances, log };
  context.subscriptions.push(
    log,
    { dispose: () => engine.dispose() },
    instances,
    tree,
    statusBar,
    contextKeys,
    new ApprovalNotifications(engine),
    new TokenProblems(engine),
  );

  const agentTools = registerAgentTools(commands);
  context.subscriptions.push(
    ...agentTools.disposables,
    ...registerDeploymentCommands(commands),
    ...registerEnvironmentCommands(commands),
    ...registerLinkCommands(commands),
    vscode.commands.registerCommand('gitlabApprovals.signIn', () =>
      signIn(tokens, clients, log).catch((e) => showError(log, 'sign in', e)),
    ),
    vscode.commands.registerCommand('gitlabApprovals.signOut', (node?: TreeNode) =>
      signOut(tokens, log, node?.type === 'instance' ? (node as InstanceNode).instance.instanceUrl : undefined).catch(
        (e) => showError(log, 'sign out', e),
      ),
    ),
    vscode.commands.registerCommand('gitlabApprovals.refresh', () => engine.refresh('full')),
    vscode.commands.registerCommand('gitlabApprovals.showLog', () => log.show()),
    vscode.commands.registerCommand('gitlabApprovals.openInbox', () => openInbox(commands, tree)),
    vscode.commands.registerCommand('gitlabApprovals.filterAwaitingMe', () => tree.setFilter('awaitingMe')),
    vscode.commands.registerCommand('gitlabApprovals.filterAllBlocked', () => tree.setFilter('allBlocked')),
  );

  // Focus gates polling; it is created last so the first load starts only once everything listens.
  const focus = new FocusGate(engine);
  context.subscriptions.push(focus);
  // Not awaited: activation must not wait for the network.
  void instances.reload().catch((error) => log.error('loading the signed-in instances failed', error));
  log.info(
    `activated (VS Code ${vscode.version}, ${vscode.env.appName}); window ${focus.isFocused ? 'focused' : 'in the background'}`,
  );
  return { engine, instances, tree, statusBar, focus, contextKeys, agentTools: agentTools.tools, log };
}

export function deactivate(): void {}
