import * as vscode from 'vscode';
import { approvalsFact, deploymentTitle, markdownText } from '../core/presentation';
import type { RefreshEngine } from '../core/refresh/engine';
import type { Snapshot } from '../core/refresh/snapshot';
import { COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { statusBarMode } from './settings';
import { awaitsSomeone } from '../core/approvals/classify';
import { neededFromMe } from '../core/actions/availableActions';
import { locatedDeployments, type LocatedDeployment } from '../core/agentTools/locate';

/** The count of deployments awaiting the user (or all blocked ones); hidden at zero. Click: the inbox. */
export class ApprovalsStatusBar extends Disposable {
  readonly item = this.register(
    vscode.window.createStatusBarItem('gitlabApprovals.status', vscode.StatusBarAlignment.Left, 50),
  );
  private shown = false;

  constructor(engine: RefreshEngine) {
    super();
    this.item.name = 'GitLab Deployment Approvals';
    this.item.command = COMMANDS.openInbox;
    this.register(engine.onDidChange((snapshot) => this.update(snapshot)));
    this.register(
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('gitlabApprovals.statusBar') && this.update(engine.snapshot()),
      ),
    );
    this.update(engine.snapshot());
  }

  private update(snapshot: Snapshot): void {
    const mode = statusBarMode();
    const counted = countedDeployments(snapshot, mode === 'allBlocked' ? 'allBlocked' : 'awaitingMe');
    if (mode === 'hidden' || counted.length === 0) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const stale = snapshot.instances.some((i) => i.stale);
    const what = mode === 'allBlocked' ? vscode.l10n.t('{0} blocked', counted.length) : inboxCountText(counted);
    this.item.text = `$(${mode === 'allBlocked' ? 'debug-pause' : 'bell-dot'}) ${what}${stale ? ' $(warning)' : ''}`;
    this.item.accessibilityInformation = { label: `GitLab deployments: ${what}` };
    this.item.tooltip = tooltip(
      counted,
      mode === 'allBlocked' ? vscode.l10n.t('Blocked deployments') : vscode.l10n.t('Deployments awaiting you'),
      stale,
    );
    this.item.show();
    this.shown = true;
  }

  get isVisible(): boolean {
    return this.shown;
  }
}

/** What the status bar counts: what needs the user (their approval, or a Run), or every deployment waiting for someone. */
export function countedDeployments(snapshot: Snapshot, which: 'awaitingMe' | 'allBlocked'): LocatedDeployment[] {
  const all = locatedDeployments(snapshot);
  if (which === 'awaitingMe') return all.filter((d) => neededFromMe(d.view, d.project.accessLevel) !== undefined);
  // A played (queued) deployment is still `blocked` in GitLab but awaits nobody: not counted.
  return all.filter((d) => awaitsSomeone(d.view.state));
}

/** "3 to approve · 1 to run"; either part left out at zero. */
function inboxCountText(inbox: LocatedDeployment[]): string {
  const toApprove = inbox.filter((d) => d.view.awaitingMe).length;
  const toRun = inbox.length - toApprove;
  return [toApprove > 0 && vscode.l10n.t('{0} to approve', toApprove), toRun > 0 && vscode.l10n.t('{0} to run', toRun)]
    .filter(Boolean)
    .join(' · ');
}

function tooltip(deployments: LocatedDeployment[], title: string, stale: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${title}**\n\n`, true);
  for (const { view, project } of deployments.slice(0, 10)) {
    const progress = approvalsFact(view);
    md.appendMarkdown(
      `${markdownText(`${deploymentTitle(view.deployment, project.project)}${progress ? ` (${progress})` : ''}`)}  \n`,
    );
  }
  if (deployments.length > 10) md.appendMarkdown(`\n…and ${deployments.length - 10} more\n`);
  if (stale) md.appendMarkdown('\n$(warning) The last refresh failed; this may be out of date.\n');
  md.appendMarkdown('\nClick to open the inbox.');
  return md;
}
