// The Follow-through view: one row per job the person started, newest first — "queued", "running 2m 10s",
// "succeeded — now live on production" with Open Environment, "failed: script_failure" with Show Log, Retry… and Open
// Job. And a status bar item while one runs.
import * as vscode from 'vscode';
import { hasEnded, phaseOf, type FollowedJob } from '../../core/follow/followedJob';
import { markdownText, messageText as text } from '../../core/presentation';
import { BUILT_IN_COMMANDS, COMMANDS, FOLLOWED_JOBS_VIEW_ID } from '../commands/commandIds';
import { Disposable } from '../disposable';
import type { FollowThrough } from './followThrough';
import { environmentLink, jobLink, jobTitle, stateText } from './followedJobWords';

const ICONS: Record<ReturnType<typeof phaseOf>, [string, string?]> = {
  queued: ['clock'],
  running: ['sync~spin'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  canceled: ['circle-slash'],
  skipped: ['debug-step-over'],
  'waits-again': ['bell-dot'],
};

export class FollowedJobsView extends Disposable implements vscode.TreeDataProvider<FollowedJob> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<FollowedJob>;
  readonly statusItem = this.register(
    vscode.window.createStatusBarItem('gitlabApprovals.followThrough', vscode.StatusBarAlignment.Left, 49),
  );

  constructor(private readonly follow: FollowThrough) {
    super();
    this.view = this.register(vscode.window.createTreeView(FOLLOWED_JOBS_VIEW_ID, { treeDataProvider: this }));
    this.statusItem.name = vscode.l10n.t('GitLab deployment jobs you started');
    this.statusItem.command = BUILT_IN_COMMANDS.focusFollowedJobsView;
    this.register(follow.onDidChange(() => this.render()));
    this.render();
  }

  getChildren(job?: FollowedJob): FollowedJob[] {
    return job ? [] : this.follow.all();
  }

  getTreeItem(job: FollowedJob): vscode.TreeItem {
    const item = new vscode.TreeItem(text(jobTitle(job)), vscode.TreeItemCollapsibleState.None);
    item.id = job.key;
    item.description = text(stateText(job));
    const [icon, color] = ICONS[phaseOf(job)];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = new vscode.MarkdownString(tooltip(job));
    item.contextValue = [
      'followedJob',
      phaseOf(job),
      environmentLink(job) && phaseOf(job) === 'succeeded' ? 'hasEnvironment' : '',
      jobLink(job) ? 'hasJob' : '',
    ]
      .filter(Boolean)
      .join(';');
    item.command = { command: COMMANDS.showJobLog, title: vscode.l10n.t('Show Log'), arguments: [job] };
    item.accessibilityInformation = { label: `${text(jobTitle(job))}: ${text(stateText(job))}` };
    return item;
  }

  private render(): void {
    this.changed.fire();
    const running = this.follow.all().filter((job) => !hasEnded(job));
    if (running.length === 0) {
      this.statusItem.hide();
      return;
    }
    const [first] = running;
    this.statusItem.text =
      running.length === 1
        ? `$(sync~spin) ${text(first.environmentName)}: ${text(stateText(first))}`
        : `$(sync~spin) ${vscode.l10n.t('{0} deployment jobs running', running.length)}`;
    this.statusItem.tooltip = new vscode.MarkdownString(running.map(tooltip).join('\n\n---\n\n'));
    this.statusItem.accessibilityInformation = {
      label: vscode.l10n.t('GitLab deployment jobs: {0}', running.map((j) => text(stateText(j))).join(', ')),
    };
    this.statusItem.show();
  }
}

function tooltip(job: FollowedJob): string {
  return [
    `**${markdownText(jobTitle(job))}**`,
    markdownText(stateText(job)),
    markdownText(vscode.l10n.t('{0} at {1}', job.ref, job.sha.slice(0, 8))),
  ].join('  \n');
}
