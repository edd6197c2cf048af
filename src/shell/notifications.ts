import * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import { deploymentTitle } from '../core/presentation';
import { debounce } from '../core/util/debounce';
import { deploymentKey, type DeploymentView } from '../core/refresh/snapshot';
import { COMMANDS, BUILT_IN_COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { showInfo } from './presentation/ui';
import { disableNotifications, notificationsEnabled } from './settings';
import { TreeShape, type DeploymentNode } from './tree/nodes';

const BATCH_MS = 1500;

/** Opt-in: one notification per batch of deployments that started waiting for the user. */
export class ApprovalNotifications extends Disposable {
  private pending: DeploymentView[] = [];
  private readonly showSoon = debounce(() => void this.show(), BATCH_MS);

  constructor(private readonly engine: RefreshEngine) {
    super();
    this.register(engine.onNewAwaitingMe((views) => this.enqueue(views)));
    this.register({ dispose: () => this.showSoon.cancel() });
  }

  private enqueue(views: DeploymentView[]): void {
    if (!notificationsEnabled()) return;
    this.pending.push(...views);
    this.showSoon();
  }

  private async show(): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const first = batch[0].deployment;
    const message =
      batch.length === 1
        ? `Deployment ${deploymentTitle(first)} awaits your approval.`
        : `${batch.length} GitLab deployments await your approval.`;
    const open = batch.length === 1 ? 'Show Deployment' : 'Open';
    const choice = await showInfo(message, 'Approve…', open, "Don't Show Again");
    if (choice === 'Approve…') {
      const node = batch.length === 1 ? this.nodeOf(batch[0]) : undefined;
      await vscode.commands.executeCommand(node ? COMMANDS.approve : COMMANDS.openInbox, node);
    }
    if (choice === 'Open') await vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView);
    if (choice === 'Show Deployment')
      await vscode.commands.executeCommand(COMMANDS.showDeployment, this.nodeOf(batch[0]));
    if (choice === "Don't Show Again") await disableNotifications();
  }

  /** The tree row of a deployment, if it is still shown, so the command acts on it without asking. */
  private nodeOf(view: DeploymentView): DeploymentNode | undefined {
    return new TreeShape(this.engine.snapshot(), 'allBlocked')
      .visibleDeployments()
      .find((n) => deploymentKey(n.view) === deploymentKey(view));
  }
}
