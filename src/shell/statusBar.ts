import * as vscode from 'vscode';
import { deploymentTitle, markdownText } from '../core/presentation';
import type { RefreshEngine } from '../core/refresh/engine';
import { allDeployments, type DeploymentView, type Snapshot } from '../core/refresh/snapshot';
import { COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { statusBarMode } from './settings';
import { awaitsSomeone } from '../core/approvals/classify';

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
    const what = mode === 'allBlocked' ? 'blocked' : 'to approve';
    this.item.text = `$(${mode === 'allBlocked' ? 'debug-pause' : 'bell-dot'}) ${counted.length} ${what}${stale ? ' $(warning)' : ''}`;
    this.item.accessibilityInformation = { label: `${counted.length} GitLab deployments ${what}` };
    this.item.tooltip = tooltip(
      counted,
      mode === 'allBlocked' ? 'Blocked deployments' : 'Deployments awaiting your approval',
      stale,
    );
    this.item.show();
    this.shown = true;
  }

  get isVisible(): boolean {
    return this.shown;
  }
}

export function countedDeployments(snapshot: Snapshot, which: 'awaitingMe' | 'allBlocked'): DeploymentView[] {
  const all = allDeployments(snapshot);
  // A played (queued) deployment is still `blocked` in GitLab but awaits nobody: not counted.
  return which === 'awaitingMe' ? all.filter((d) => d.awaitingMe) : all.filter((d) => awaitsSomeone(d.state));
}

function tooltip(deployments: DeploymentView[], title: string, stale: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`**${title}**\n\n`, true);
  for (const d of deployments.slice(0, 10)) {
    const progress =
      d.progress && d.progress.totalRequired > 0 ? ` (${d.progress.totalApproved}/${d.progress.totalRequired})` : '';
    md.appendMarkdown(`${markdownText(`${deploymentTitle(d.deployment)}${progress}`)}  \n`);
  }
  if (deployments.length > 10) md.appendMarkdown(`\n…and ${deployments.length - 10} more\n`);
  if (stale) md.appendMarkdown('\n$(warning) The last refresh failed; this may be out of date.\n');
  md.appendMarkdown('\nClick to open the inbox.');
  return md;
}
