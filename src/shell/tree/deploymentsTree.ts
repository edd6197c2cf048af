import * as vscode from 'vscode';
import type { RefreshEngine } from '../../core/refresh/engine';
import { messageText } from '../../core/presentation';
import type { Snapshot } from '../../core/refresh/snapshot';
import { awaitsSomeone } from '../../core/approvals/classify';
import { coverageNotices } from '../../core/refresh/views';
import { BUILT_IN_COMMANDS, DEPLOYMENTS_VIEW_ID } from '../commands/commandIds';
import { waitText } from '../../core/util/duration';
import { pollIntervalMs } from '../settings';
import { Disposable } from '../disposable';
import { TreeShape, type TreeFilter, type TreeNode } from './nodes';
import { timeAgo } from '../../core/presentation/timeAgo';
import { treeItem } from './treeItems';

const FILTER_KEY = 'gitlabApprovals.filter';
/** Whether protected environments with nothing waiting are shown (to change their approvals); a context key too. */
const IDLE_ENVIRONMENTS_KEY = 'gitlabApprovals.idleEnvironmentsShown';

/** The sidebar tree over the engine's snapshot, with its filter, badge and message. */
export class DeploymentsTree extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TreeNode>;
  private shape: TreeShape;
  /** Ends the view's progress bar; set while a refresh is under way. */
  private endProgress?: () => void;
  /** What the rows were last built from: when a snapshot changes none of it, the rows are not built again. */
  private rowsKey: unknown[] = [];

  constructor(
    private readonly engine: RefreshEngine,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this.shape = this.shapeOf(engine.snapshot());
    this.view = this.register(
      vscode.window.createTreeView(DEPLOYMENTS_VIEW_ID, {
        treeDataProvider: this,
        showCollapseAll: true,
        canSelectMany: true,
      }),
    );
    this.register(engine.onDidChange((snapshot) => this.update(snapshot)));
    this.register({ dispose: () => this.endProgress?.() });
    void vscode.commands.executeCommand('setContext', FILTER_KEY, this.filter);
    void vscode.commands.executeCommand('setContext', IDLE_ENVIRONMENTS_KEY, this.showsIdleEnvironments);
    this.update(engine.snapshot());
    if (this.showsIdleEnvironments) this.register(engine.onDidChange(() => this.loadEnvironmentsOnce()));
  }

  private environmentsAsked = false;

  /** With idle environments shown since an earlier session: read them once the first load is in. */
  private loadEnvironmentsOnce(): void {
    const loaded = this.engine.snapshot().instances.some((i) => i.lastSuccessAt !== undefined);
    if (this.environmentsAsked || !loaded) return;
    this.environmentsAsked = true;
    void this.engine.loadEnvironments();
  }

  get filter(): TreeFilter {
    return this.memento.get<TreeFilter>(FILTER_KEY, 'allBlocked');
  }

  async setFilter(filter: TreeFilter): Promise<void> {
    await this.memento.update(FILTER_KEY, filter);
    await vscode.commands.executeCommand('setContext', FILTER_KEY, filter);
    this.update(this.engine.snapshot());
  }

  /** Asks VS Code for the rows again (their tooltips show a brief's summary once one is known). */
  refreshItems(): void {
    this.changed.fire();
  }

  get showsIdleEnvironments(): boolean {
    return this.memento.get<boolean>(IDLE_ENVIRONMENTS_KEY, false);
  }

  async showIdleEnvironments(show: boolean): Promise<void> {
    await this.memento.update(IDLE_ENVIRONMENTS_KEY, show);
    await vscode.commands.executeCommand('setContext', IDLE_ENVIRONMENTS_KEY, show);
    this.update(this.engine.snapshot());
    // Environments are not read at startup; asked for, they are read for the projects whose approvals may change.
    if (show) await this.engine.loadEnvironments();
  }

  /** How often the rows were rebuilt (for tests: an unchanged poll rebuilds nothing). */
  rebuilds = 0;

  /** Shows these rows: the view opens, their branches expand, and the first is selected and focused. */
  async revealDeployments(nodes: TreeNode[]): Promise<void> {
    await vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView);
    const [first, ...rest] = nodes;
    const reveal = (node: TreeNode, select: boolean) =>
      this.view.reveal(node, { select, focus: select, expand: true }).then(undefined, () => undefined);
    for (const node of rest) await reveal(node, false);
    if (first) await reveal(first, true);
  }

  /** The rows the current filter shows (for tests and the inbox). */
  get currentShape(): TreeShape {
    return this.shape;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItem(node, this.shape);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? this.shape.children(node) : this.shape.roots();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.shape.parent(node);
  }

  private update(snapshot: Snapshot): void {
    this.shape = this.shapeOf(snapshot);
    const awaiting = new TreeShape(snapshot, 'awaitingMe').visibleDeployments().length;
    const badge = awaiting > 0 ? awaiting : undefined;
    if (this.view.badge?.value !== badge)
      this.view.badge = badge
        ? { value: badge, tooltip: vscode.l10n.t('Deployments awaiting you: {0}', badge) }
        : undefined;
    const description = viewDescription(snapshot, this.filter, this.shape);
    if (this.view.description !== description) this.view.description = description;
    const message = viewMessage(snapshot, this.filter, this.shape.roots().length === 0);
    if (this.view.message !== message) this.view.message = message;
    this.showProgress(snapshot.refreshing);
    const key = rowsKey(snapshot, this.filter, this.shape, this.showsIdleEnvironments);
    if (key.length === this.rowsKey.length && key.every((part, i) => part === this.rowsKey[i])) return;
    this.rowsKey = key;
    this.rebuilds++;
    this.changed.fire();
  }

  private shapeOf(snapshot: Snapshot): TreeShape {
    return new TreeShape(snapshot, this.filter, { showIdleEnvironments: this.showsIdleEnvironments });
  }

  /** The thin progress bar at the top of the view, while GitLab is being asked. */
  private showProgress(refreshing: boolean): void {
    if (refreshing && !this.endProgress) {
      const done = new Promise<void>((resolve) => (this.endProgress = resolve));
      void vscode.window.withProgress({ location: { viewId: DEPLOYMENTS_VIEW_ID } }, () => done);
    } else if (!refreshing && this.endProgress) {
      this.endProgress();
      this.endProgress = undefined;
    }
  }
}

/** What the view shows, beside its title: "awaiting me · 3 of 11" or "all blocked · 11" (what waits for someone). */
function viewDescription(snapshot: Snapshot, filter: TreeFilter, shape: TreeShape): string | undefined {
  if (snapshot.instances.length === 0) return undefined;
  const blocked = new TreeShape(snapshot, 'allBlocked').visibleDeployments().filter((n) => awaitsSomeone(n.view.state));
  if (filter === 'allBlocked') return vscode.l10n.t('all blocked · {0}', blocked.length);
  return vscode.l10n.t('awaiting me · {0} of {1}', shape.visibleDeployments().length, blocked.length);
}

/**
 * What the rows are built from: the project views (the engine keeps each one until its data changes), what instance
 * rows show, the filter, and the "5 min ago" texts, which change with time alone.
 */
function rowsKey(snapshot: Snapshot, filter: TreeFilter, shape: TreeShape, idle: boolean): unknown[] {
  const instances = snapshot.instances.flatMap((i) => [
    i.instanceUrl,
    i.error?.userMessage,
    i.stale,
    i.restoredFrom,
    i.capabilities,
    ...i.projects,
  ]);
  const times = shape.visibleDeployments().map((node) => timeAgo(node.deployment.created_at));
  return [filter, idle, snapshot.instances.length, ...instances, times.join('|')];
}

/** Errors, stale data, what is not watched and empty filters are said in the view, never left unexplained. */
function viewMessage(snapshot: Snapshot, filter: TreeFilter, empty: boolean): string | undefined {
  const problems = snapshot.instances.flatMap((instance) => {
    const host = new URL(instance.instanceUrl).host;
    const prefix = snapshot.instances.length > 1 ? `${host}: ` : '';
    const notices = coverageNotices(instance.coverage, pollIntervalMs()).map((notice) => prefix + notice);
    if (instance.restoredFrom !== undefined && !instance.error)
      return [
        prefix +
          vscode.l10n.t(
            'Not yet refreshed: showing what was last seen at {0}.',
            new Date(instance.restoredFrom).toLocaleString(),
          ),
      ];
    if (instance.error) {
      const since = instance.lastSuccessAt
        ? ` Showing data from ${new Date(instance.lastSuccessAt).toLocaleTimeString()}.`
        : '';
      const next = instance.nextAttemptAt ? ` Next try in ${waitText(instance.nextAttemptAt - Date.now())}.` : '';
      return [`${host}: ${instance.error.userMessage}${since}${next}`, ...notices];
    }
    if (instance.capabilities && !instance.capabilities.deploymentApprovals.available)
      return [`${host}: ${instance.capabilities.deploymentApprovals.reason}`];
    return notices;
  });
  if (problems.length > 0) return problems.map(messageText).join('\n');
  if (snapshot.refreshing && empty) return 'Loading deployments…';
  if (empty && filter === 'awaitingMe' && snapshot.instances.some((i) => i.projects.length > 0)) {
    return 'Nothing awaits your approval. Show all blocked deployments with the filter button.';
  }
  return undefined;
}
