import * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import { deploymentTitle, warningMarks } from '../core/presentation';
import { warningsOf } from './deploymentPage/briefs';
import { debounce } from '../core/util/debounce';
import { deploymentKey, findDeployment, type DeploymentView } from '../core/refresh/snapshot';
import { COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { showInfo } from './presentation/ui';
import { disableNotifications, notificationsEnabled } from './settings';
import type { DeploymentsTree } from './tree/deploymentsTree';
import { deploymentNode, type DeploymentNode } from './tree/nodes';

const BATCH_MS = 1500;
/** A notification names this many deployments; the rest are counted. */
const NAMED_IN_A_NOTIFICATION = 3;

/** Opt-in: one notification per batch of deployments that started waiting for the user. */
export class ApprovalNotifications extends Disposable {
  private pending: DeploymentView[] = [];
  private readonly showSoon = debounce(() => void this.show(), BATCH_MS);

  constructor(
    private readonly engine: RefreshEngine,
    private readonly tree: DeploymentsTree,
  ) {
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
    const nodes = batch.map((view) => this.nodeOf(view)).filter((node) => node !== undefined);
    if (nodes.length === 0) return; // gone again (run, rejected) before the batch was shown
    const approve = vscode.l10n.t('Approve…');
    const open = nodes.length === 1 ? vscode.l10n.t('Show Deployment') : vscode.l10n.t('Open');
    const never = vscode.l10n.t("Don't Show Again");
    const choice = await showInfo(newDeploymentsText(nodes), approve, open, never);
    // Approve… acts on exactly the deployments announced (as a multi-select of their rows), with one summary.
    if (choice === approve) await vscode.commands.executeCommand(COMMANDS.approve, nodes[0], nodes);
    if (choice === open && nodes.length === 1) await vscode.commands.executeCommand(COMMANDS.showDeployment, nodes[0]);
    if (choice === open && nodes.length > 1) await this.tree.revealDeployments(nodes);
    if (choice === never) await disableNotifications();
  }

  /** The tree row of a deployment, if it is still shown, so the command acts on it without asking. */
  private nodeOf(view: DeploymentView): DeploymentNode | undefined {
    const found = findDeployment(this.engine.snapshot(), deploymentKey(view));
    return found && deploymentNode(found);
  }
}

/** "#3 main → production (acme/platform/api-gateway) awaits your approval.", or the first few by environment and project. */
function newDeploymentsText(nodes: DeploymentNode[]): string {
  if (nodes.length === 1) {
    const title = deploymentTitle(nodes[0].deployment, nodes[0].project.project);
    const text = nodes[0].view.mayAwaitMe
      ? vscode.l10n.t('{0} may await your approval; GitLab decides when you approve.', title)
      : vscode.l10n.t('{0} awaits your approval.', title);
    // Its warnings in words, where the eye is before Approve… is pressed.
    return [text, ...warningsOf(nodes[0]).map((warning) => `⚠ ${warning.message}`)].join(' ');
  }
  const named = nodes.slice(0, NAMED_IN_A_NOTIFICATION).map((n) => {
    const marks = warningMarks(warningsOf(n));
    return `${n.environment.name} (${n.project.project.path_with_namespace})${marks ? ` ${marks}` : ''}`;
  });
  const more = nodes.length - named.length;
  const list =
    more > 0
      ? vscode.l10n.t('{0} and {1} more', named.join(', '), more)
      : vscode.l10n.t('{0} and {1}', named.slice(0, -1).join(', '), named[named.length - 1]);
  return vscode.l10n.t('{0} deployments await your approval: {1}.', nodes.length, list);
}
