// The extension's parts and how they are wired, for every host; the entry points (`extension.ts` on the desktop,
// `extension.web.ts` in a browser) hand in what differs between them (`Platform`).
import * as vscode from 'vscode';
import { ActionsInFlight } from './core/actions/inFlight';
import { RefreshEngine } from './core/refresh/engine';
import { allDeployments } from './core/refresh/snapshot';
import { RecentInstances } from './shell/auth/recentInstances';
import { signIn, signOut, type SignInDeps } from './shell/auth/signIn';
import { TokenStore } from './shell/auth/tokenStore';
import { WorkflowAccountLinks } from './shell/auth/workflowAccounts';
import { ClientFactory } from './shell/clientFactory';
import { registerAgentTools, type AgentTools } from './shell/agentTools';
import type { CommandContext } from './shell/commands/commandContext';
import { COMMANDS } from './shell/commands/commandIds';
import { openWalkthroughOnFirstStart } from './shell/firstStart';
import { ClickedRow } from './shell/deploymentPage/clickedRow';
import { createDeploymentPage } from './shell/deploymentPage';
import type { DeploymentPages } from './shell/deploymentPage/deploymentPages';
import type { GitLabFiles } from './shell/reviewChanges/gitlabFiles';
import { deploymentCommands } from './shell/commands/deploymentCommands';
import { environmentCommands } from './shell/commands/environmentCommands';
import { openInbox } from './shell/commands/inbox';
import { approvePipeline } from './shell/commands/pipelineCommands';
import { linkCommands } from './shell/commands/linkCommands';
import { CommandOutcomes, registerCommands, type CommandTable } from './shell/commands/registerCommands';
import { withViewKeys } from './shell/commands/viewKeys';
import { ContextKeys } from './shell/contextKeys';
import { Instances } from './shell/instances';
import { LastKnownState } from './shell/lastKnownState';
import { Log } from './shell/log';
import { ApprovalNotifications } from './shell/notifications';
import { configuredInstances, pollIntervalMs } from './shell/settings';
import { ApprovalsStatusBar } from './shell/statusBar';
import { supersededCommands } from './shell/commands/supersededCommands';
import { exportRecordCommands } from './shell/commands/exportRecordCommands';
import { OverdueWatch } from './shell/overdue';
import { DeploymentsTree } from './shell/tree/deploymentsTree';
import type { TreeNode } from './shell/tree/nodes';
import { TokenProblems } from './shell/tokenProblems';
import { FocusGate } from './shell/windowFocus';
import type { Platform } from './shell/platform/platform';
import { followCommands } from './shell/commands/followCommands';
import { FollowThrough } from './shell/followThrough/followThrough';
import { FollowedJobsView } from './shell/followThrough/followedJobsView';
import { JobLogDocuments } from './shell/followThrough/jobLogDocument';

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
  deploymentPages: DeploymentPages;
  reviewFiles: GitLabFiles;
  lastKnown: LastKnownState;
  /** The jobs the person started, followed to their end (issue 21). */
  followThrough: FollowThrough;
  followedJobsView: FollowedJobsView;
  jobLogs: JobLogDocuments;
  /** How the last run of each command ended (the wrapper catches failures, so the tests read them here). */
  commandOutcomes: CommandOutcomes;
  /** The context this activation registered everything in (the tests dispose it and activate again: a restart). */
  context: vscode.ExtensionContext;
}

export function activateExtension(context: vscode.ExtensionContext, platform: Platform): ExtensionInternals {
  const log = new Log();
  const engine = new RefreshEngine({
    intervalMs: pollIntervalMs,
    onUnexpectedError: (error) => log.error('refresh failed unexpectedly', error),
    onRefreshFailed: (instanceUrl, error) =>
      error.kind !== 'cancelled' && log.warn(`refreshing ${instanceUrl} failed (${error.kind}): ${error.detail}`),
    onNotices: (instanceUrl, notices) => notices.forEach((notice) => log.warn(`${instanceUrl}: ${notice}`)),
  });
  // The last known count first, synchronously, before any request is sent; the kept rows right after activation
  // (deriving them takes time on a large account, the count's few numbers do not): then the tree and the tooltip.
  const lastKnown = new LastKnownState(context.globalState, engine);
  const tokens = new TokenStore(context.secrets, platform.environment);
  const configured = configuredInstances(tokens.environmentInstance());
  const overdue = new OverdueWatch(engine);
  const statusBar = new ApprovalsStatusBar(engine, overdue, lastKnown.counts(configured));
  const restoringRows = setTimeout(() => {
    const kept = lastKnown.restore(configured);
    engine.restore(kept);
    statusBar.rowsRestored(engine.snapshot());
    const rows = allDeployments({ instances: kept, refreshing: false }).length;
    log.info(`shown as last seen until the first refresh: ${rows} deployment(s) of ${kept.length} instance(s)`);
  });
  context.subscriptions.push({ dispose: () => clearTimeout(restoringRows) });
  const clients = new ClientFactory(String(context.extension.packageJSON.version), log, platform.readCaFile);
  const instances = new Instances(tokens, clients, engine, log);
  const tree = new DeploymentsTree(engine, context.globalState, overdue);
  const contextKeys = new ContextKeys(instances, engine);
  const followThrough = new FollowThrough(context.globalState, instances, log);
  const followedJobsView = new FollowedJobsView(followThrough);
  const jobLogs = new JobLogDocuments(followThrough.follower);
  const commands: CommandContext = {
    engine,
    instances,
    log,
    inFlight: new ActionsInFlight(),
    onJobStarted: (located, job) => followThrough.started(located, job),
    followedJobs: followThrough,
    homeFolder: platform.homeFolder,
  };
  const workflowLinks = new WorkflowAccountLinks(context.globalState, tokens, log);
  const signInDeps: SignInDeps = {
    tokens,
    clients,
    log,
    recents: new RecentInstances(context.globalState),
    workflowLinks,
    onSignedIn: (instanceUrl, userId) => lastKnown.signedIn(instanceUrl, userId),
  };
  context.subscriptions.push(
    log,
    { dispose: () => engine.dispose() },
    lastKnown,
    instances,
    overdue,
    tree,
    statusBar,
    contextKeys,
    followThrough,
    followedJobsView,
    jobLogs,
    new ApprovalNotifications(engine, tree),
    new TokenProblems(engine),
    workflowLinks,
  );

  const deploymentPage = createDeploymentPage(commands, context.extensionUri);
  const clickedRow = new ClickedRow(tree);
  context.subscriptions.push(
    ...deploymentPage.disposables,
    clickedRow,
    deploymentPage.briefs.onDidChange(() => tree.refreshItems()),
  );
  const commandTable: CommandTable = {
    signIn: () => signIn(signInDeps),
    signOut: (node?: TreeNode) =>
      signOut(signInDeps, node?.type === 'instance' ? node.instance.instanceUrl : undefined),
    refresh: () => engine.refresh('full'),
    ...withViewKeys(tree, deploymentCommands(commands)),
    ...environmentCommands(commands),
    ...supersededCommands(commands),
    ...exportRecordCommands(commands, deploymentPage.briefs),
    ...linkCommands(commands),
    approvePipeline: (clicked?: TreeNode) => approvePipeline(commands, clicked),
    openInbox: () => openInbox(commands, tree),
    filterAwaitingMe: () => tree.setFilter('awaitingMe'),
    filterAllBlocked: () => tree.setFilter('allBlocked'),
    showIdleEnvironments: () => tree.showIdleEnvironments(true),
    hideIdleEnvironments: () => tree.showIdleEnvironments(false),
    showLog: () => log.show(),
    showDeployment: (clicked?: TreeNode) => deploymentPage.show(clicked),
    openSelectedDeployment: async () => deploymentPage.showChosen(await clickedRow.row()),
    ...followCommands(commands, followThrough, jobLogs),
  };
  followThrough.setActions({
    open: (job, action) =>
      vscode.commands.executeCommand(
        {
          log: COMMANDS.showJobLog,
          environment: COMMANDS.openEnvironment,
          retry: COMMANDS.retryFollowedJob,
          job: COMMANDS.openFollowedJob,
        }[action],
        job,
      ),
  });
  const agentTools = registerAgentTools(commands, deploymentPage.briefs, () => followThrough.all());
  const commandOutcomes = new CommandOutcomes();
  context.subscriptions.push(...agentTools.disposables, ...registerCommands(commandTable, log, commandOutcomes));

  // Focus gates polling; it is created last so the first load starts only once everything listens.
  const focus = new FocusGate(engine, [followThrough]);
  context.subscriptions.push(focus);
  // Not awaited: activation must not wait for the network.
  void instances
    .reload()
    .catch((error) => log.error('loading the signed-in instances failed', error))
    .then(() => openWalkthroughOnFirstStart(context, instances))
    .catch((error) => log.error('opening the walkthrough failed', error));
  log.info(
    `activated (VS Code ${vscode.version}, ${vscode.env.appName}, ${platform.name} build); window ${focus.isFocused ? 'focused' : 'in the background'}`,
  );
  return {
    engine,
    instances,
    tree,
    statusBar,
    focus,
    contextKeys,
    agentTools: agentTools.tools,
    log,
    deploymentPages: deploymentPage.pages,
    reviewFiles: deploymentPage.files,
    lastKnown,
    followThrough,
    followedJobsView,
    jobLogs,
    commandOutcomes,
    context,
  };
}
