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
import { nodeId, TreeShape, type TreeFilter, type TreeNode } from './nodes';
import { showInfo } from '../presentation/ui';
import { timeAgo } from '../../core/presentation/timeAgo';
import { treeItem } from './treeItems';
import { ageingNow, overdueThresholds, type OverdueWatch } from '../overdue';
import { overdueDeployments } from '../../core/ageing/overdue';

const FILTER_KEY = 'gitlabApprovals.filter';
/** How long a reveal waits for the view to read its rows (it reads them within a frame or two once shown). */
const ROWS_READ_WAIT_MS = 2_000;
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
    overdue: OverdueWatch,
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
    this.register(overdue.onDidChange(() => this.update(engine.snapshot())));
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
    this.fireChanged();
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

  /**
   * Shows these rows: the view opens, their branches expand, and the first is selected and focused. Each is revealed
   * only once the view has read its rows since the last change (a reveal sooner fails: VS Code does not know the row
   * yet), as the row now is. Rows that still cannot be shown are said, and returned.
   */
  async revealDeployments(nodes: TreeNode[]): Promise<TreeNode[]> {
    await vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView);
    const [first, ...rest] = nodes;
    const notShown: TreeNode[] = [];
    for (const node of rest) if (!(await this.revealRow(node, false))) notShown.push(node);
    if (first && !(await this.revealRow(first, true))) notShown.unshift(first);
    if (notShown.length > 0)
      void showInfo(
        vscode.l10n.t(
          '{0} of the deployments could not be shown in the view: they are no longer listed, or the filter hides them.',
          notShown.length,
        ),
      );
    return notShown;
  }

  /**
   * One try after the view read its rows. The workbench's tree can hold a branch it has not loaded (it answers "Data
   * tree node not found" for a row whose parent it shows): then the rows are given again, read, and the row revealed
   * once more.
   */
  private async revealRow(node: TreeNode, select: boolean): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0) this.fireChanged();
      await this.rowsRead();
      const current = findRow(this.shape, nodeId(node));
      if (!current) return false;
      try {
        await this.view.reveal(current, { select, focus: select, expand: true });
        return true;
      } catch {
        // not loaded in the workbench yet: given again on the next attempt
      }
    }
    return false;
  }

  /**
   * Resolves once VS Code has asked for the root rows since the last change. It asks only while the view is shown, so
   * the wait is bounded: a hidden view is revealed as it is.
   */
  rowsRead(): Promise<void> {
    if (this.rowsReadSince === undefined) {
      let resolve!: () => void;
      this.rowsReadSince = new Promise((r) => (resolve = r));
      this.markRowsRead = resolve;
    }
    const waited = setTimeout(() => this.markRowsRead?.(), ROWS_READ_WAIT_MS);
    return this.rowsReadSince.finally(() => clearTimeout(waited));
  }

  /** Set when the rows changed and VS Code has not read them since; resolved by `getChildren` of the root. */
  private rowsReadSince?: Promise<void> = Promise.resolve();
  private markRowsRead?: () => void;

  private fireChanged(): void {
    this.rowsReadSince = undefined;
    this.changed.fire();
  }

  /** The rows the current filter shows (for tests and the inbox). */
  get currentShape(): TreeShape {
    return this.shape;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItem(node, this.shape);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return this.shape.children(node);
    if (this.rowsReadSince === undefined) this.rowsReadSince = Promise.resolve();
    this.markRowsRead?.();
    this.markRowsRead = undefined;
    return this.shape.roots();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.shape.parent(node);
  }

  private update(snapshot: Snapshot): void {
    const shape = this.shapeOf(snapshot);
    // One shape per filter for this snapshot: each works its rows out once however often they are read below.
    const shapes = new Map<TreeFilter, TreeShape>([[this.filter, shape]]);
    const shapeFor = (filter: TreeFilter) =>
      shapes.get(filter) ?? shapes.set(filter, new TreeShape(snapshot, filter)).get(filter)!;
    const awaitingNodes = shapeFor('awaitingMe').visibleDeployments();
    const awaiting = awaitingNodes.length;
    const may = awaitingNodes.filter((node) => node.view.mayAwaitMe).length;
    const badge = awaiting > 0 ? awaiting : undefined;
    // "may": approvals only GitLab can tell it accepts, said apart from the sure ones.
    const overdue = overdueDeployments(snapshot, overdueThresholds(), Date.now()).length;
    const tooltip = [
      may > 0
        ? vscode.l10n.t('Deployments awaiting you: {0} ({1} may)', awaiting, may)
        : vscode.l10n.t('Deployments awaiting you: {0}', awaiting),
      overdue > 0 ? vscode.l10n.t('{0} overdue', overdue) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    if (this.view.badge?.value !== badge || this.view.badge?.tooltip !== tooltip)
      this.view.badge = badge ? { value: badge, tooltip } : undefined;
    const description = filterState(snapshot, this.filter, shapeFor, 'description');
    if (this.view.description !== description) this.view.description = description;
    const message = viewMessage(snapshot, this.filter, shapeFor);
    if (this.view.message !== message) this.view.message = message;
    this.showProgress(snapshot.refreshing);
    const key = rowsKey(snapshot, this.filter, shape, this.showsIdleEnvironments);
    // Unchanged rows keep the row objects VS Code already has: a reveal or a command finds them by identity.
    if (key.length === this.rowsKey.length && key.every((part, i) => part === this.rowsKey[i])) return;
    this.shape = shape;
    this.rowsKey = key;
    this.rebuilds++;
    this.fireChanged();
  }

  private shapeOf(snapshot: Snapshot): TreeShape {
    return new TreeShape(snapshot, this.filter, {
      showIdleEnvironments: this.showsIdleEnvironments,
      isOverdue: (located) => ageingNow(located)?.overdue === true,
    });
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

/**
 * What the view shows: "awaiting me · 3 of 11" or "all blocked · 11" (what waits for someone) beside its title, and
 * capitalised where it starts the view's message row.
 */
function filterState(
  snapshot: Snapshot,
  filter: TreeFilter,
  shapeFor: (filter: TreeFilter) => TreeShape,
  where: 'description' | 'message',
): string | undefined {
  if (snapshot.instances.length === 0) return undefined;
  const blocked = shapeFor('allBlocked')
    .visibleDeployments()
    .filter((n) => awaitsSomeone(n.view));
  const mine = shapeFor(filter).visibleDeployments().length;
  if (filter === 'allBlocked')
    return where === 'description'
      ? vscode.l10n.t('all blocked · {0}', blocked.length)
      : vscode.l10n.t('All blocked · {0}', blocked.length);
  return where === 'description'
    ? vscode.l10n.t('awaiting me · {0} of {1}', mine, blocked.length)
    : vscode.l10n.t('Awaiting me · {0} of {1}', mine, blocked.length);
}

/**
 * What the rows are built from: the project views (the engine keeps each one until its data changes), what instance
 * rows show, the filter, and the "5 min ago" texts and overdue marks, which change with time alone.
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
  const times = shape
    .visibleDeployments()
    .map((node) => `${timeAgo(node.deployment.created_at)}${ageingNow(node)?.overdue ? '!' : ''}`);
  return [filter, idle, snapshot.instances.length, ...instances, times.join('|')];
}

/** Errors, stale data, what is not watched and empty filters are said in the view, never left unexplained. */
function viewMessage(
  snapshot: Snapshot,
  filter: TreeFilter,
  shapeFor: (filter: TreeFilter) => TreeShape,
): string | undefined {
  // The filter's state leads: with one view in its container VS Code hides the description ("awaiting me · 7 of 11").
  const said = [
    filterState(snapshot, filter, shapeFor, 'message'),
    notices(snapshot, filter, shapeFor(filter).roots().length === 0),
  ];
  return said.filter(Boolean).join('\n') || undefined;
}

function notices(snapshot: Snapshot, filter: TreeFilter, empty: boolean): string | undefined {
  const problems = snapshot.instances.flatMap((instance) => {
    const host = new URL(instance.instanceUrl).host;
    const prefix = snapshot.instances.length > 1 ? `${host}: ` : '';
    const notices = coverageNotices(instance.coverage, pollIntervalMs()).map((notice) => prefix + notice);
    if (instance.restoredFrom !== undefined && !instance.error)
      return [
        prefix +
          vscode.l10n.t(
            'Not yet refreshed: showing what was last seen {0}.',
            timeAgo(new Date(instance.restoredFrom).toISOString()),
          ),
      ];
    if (instance.error) {
      const since = instance.lastSuccessAt
        ? ` ${vscode.l10n.t('Showing data read {0}.', timeAgo(new Date(instance.lastSuccessAt).toISOString()))}`
        : '';
      const next = instance.nextAttemptAt
        ? ` ${vscode.l10n.t('Next try in {0}.', waitText(instance.nextAttemptAt - Date.now()))}`
        : '';
      return [`${host}: ${instance.error.userMessage}${since}${next}`, ...notices];
    }
    if (instance.capabilities && !instance.capabilities.deploymentApprovals.available)
      return [`${host}: ${instance.capabilities.deploymentApprovals.reason}`];
    return notices;
  });
  if (problems.length > 0) return problems.map(messageText).join('\n');
  if (snapshot.refreshing && empty) return vscode.l10n.t('Loading deployments…');
  if (empty && filter === 'awaitingMe' && snapshot.instances.some((i) => i.projects.length > 0)) {
    return vscode.l10n.t('Nothing awaits your approval. Show all blocked deployments with the filter button.');
  }
  return undefined;
}

/** The row with this id in the rows as they are now (a refresh builds new row objects). */
function findRow(shape: TreeShape, id: string): TreeNode | undefined {
  const walk = (nodes: TreeNode[]): TreeNode | undefined => {
    for (const node of nodes) {
      if (nodeId(node) === id) return node;
      // Deployment ids do not name their environment: environments are looked into, the rest only on the id's path.
      const onPath = node.type === 'environment' || id.startsWith(`${nodeId(node)}#`);
      const inside = onPath ? walk(shape.children(node)) : undefined;
      if (inside) return inside;
    }
    return undefined;
  };
  return walk(shape.roots());
}
