import { freezeStateAt } from '../core/freezes/deployFreezes';
import { freezeBadge, freezeEnforcement } from './presentation/freezeWords';
import * as vscode from 'vscode';
import { approvalsFact, deploymentTitle, markdownText, timeAgo } from '../core/presentation';
import type { RefreshEngine } from '../core/refresh/engine';
import { locatedDeployments, type LocatedDeployment, type Snapshot } from '../core/refresh/snapshot';
import { COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { statusBarMode } from './settings';
import { awaitsSomeone } from '../core/approvals/classify';
import { neededFromMe } from '../core/actions/availableActions';

/** The count of deployments awaiting the user (or all blocked ones); hidden at zero. Click: the inbox. */
export class ApprovalsStatusBar extends Disposable {
  readonly item = this.register(
    vscode.window.createStatusBarItem('gitlabApprovals.status', vscode.StatusBarAlignment.Left, 50),
  );
  private shown = false;
  /** What the item shows now, so a snapshot that changes nothing it shows changes nothing on screen. */
  private shownKey?: string;

  constructor(engine: RefreshEngine) {
    super();
    this.item.name = vscode.l10n.t('GitLab Deployment Approvals');
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
      this.shownKey = undefined;
      return;
    }
    // Kept from the last session and not refreshed yet: said as such, not as a failure.
    const restoredFrom = Math.min(...snapshot.instances.map((i) => i.restoredFrom ?? Infinity));
    const notRefreshed = Number.isFinite(restoredFrom) ? restoredFrom : undefined;
    const stale = snapshot.instances.some((i) => i.stale && i.restoredFrom === undefined);
    const what = mode === 'allBlocked' ? vscode.l10n.t('{0} blocked', counted.length) : inboxCountText(counted);
    const mark = stale ? ' $(warning)' : notRefreshed !== undefined ? ' $(history)' : '';
    const text = `$(${mode === 'allBlocked' ? 'debug-pause' : 'bell-dot'}) ${what}${mark}`;
    const title =
      mode === 'allBlocked' ? vscode.l10n.t('Blocked deployments') : vscode.l10n.t('Deployments awaiting you');
    const markdown = tooltipMarkdown(counted, title, stale, notRefreshed, mode) + freezesMarkdown(snapshot, Date.now());
    if (`${text}\n${markdown}` === this.shownKey) return;
    this.shownKey = `${text}\n${markdown}`;
    this.item.text = text;
    this.item.accessibilityInformation = { label: vscode.l10n.t('GitLab deployments: {0}', what) };
    this.item.tooltip = new vscode.MarkdownString(markdown, true);
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

/**
 * "3 to approve · 2 may · 1 to run"; any part left out at zero. "may": approvals only GitLab can tell it accepts
 * (rules the user may match), counted apart from the sure ones.
 */
/** The deployments that need this of the user (`neededFromMe`, the one rule the count and the tree follow). */
function neededOf(
  deployments: LocatedDeployment[],
  need: NonNullable<ReturnType<typeof neededFromMe>>,
): LocatedDeployment[] {
  return deployments.filter((d) => neededFromMe(d.view, d.project.accessLevel) === need);
}

function inboxCountText(inbox: LocatedDeployment[]): string {
  const toApprove = neededOf(inbox, 'approve').length;
  const may = neededOf(inbox, 'mayApprove').length;
  const toRun = neededOf(inbox, 'run').length;
  return [
    toApprove > 0 && vscode.l10n.t('{0} to approve', toApprove),
    may > 0 && vscode.l10n.t('{0} may', may),
    toRun > 0 && vscode.l10n.t('{0} to run', toRun),
  ]
    .filter(Boolean)
    .join(' · ');
}

function tooltipMarkdown(
  deployments: LocatedDeployment[],
  title: string,
  stale: boolean,
  notRefreshedSince: number | undefined,
  mode: 'awaitingMe' | 'allBlocked',
): string {
  let md = '';
  // What awaits the user's approval, what only may, and what is theirs to run are different asks: listed apart.
  const groups: [string, LocatedDeployment[]][] =
    mode === 'allBlocked'
      ? [[title, deployments]]
      : [
          [vscode.l10n.t('To approve'), neededOf(deployments, 'approve')],
          [vscode.l10n.t('May await your approval (GitLab decides)'), neededOf(deployments, 'mayApprove')],
          [vscode.l10n.t('To run'), neededOf(deployments, 'run')],
        ];
  const severalInstances = new Set(deployments.map((d) => d.instance.instanceUrl)).size > 1;
  let listed = 0;
  for (const [heading, group] of groups) {
    if (group.length === 0 || listed >= TOOLTIP_ROWS) continue;
    md += `**${heading}**\n\n`;
    for (const { view, project, instance } of group) {
      if (listed++ >= TOOLTIP_ROWS) break;
      const progress = approvalsFact(view);
      // With two instances, look-alike projects are told apart by their host.
      const host = severalInstances ? ` — ${new URL(instance.instanceUrl).host}` : '';
      md += `${markdownText(`${deploymentTitle(view.deployment, project.project)}${progress ? ` (${progress})` : ''}${host}`)}  \n`;
    }
    md += '\n';
  }
  if (deployments.length > TOOLTIP_ROWS)
    md += `${vscode.l10n.t('…and {0} more', deployments.length - TOOLTIP_ROWS)}\n\n`;
  if (stale) md += `$(warning) ${vscode.l10n.t('The last refresh failed; this may be out of date.')}\n\n`;
  else if (notRefreshedSince !== undefined)
    md += `$(history) ${vscode.l10n.t('Not yet refreshed: as last seen {0}.', timeAgo(new Date(notRefreshedSince).toISOString()))}\n\n`;
  md += vscode.l10n.t('Click to open the inbox.');
  return md;
}

/** The deploy freezes on now in the projects read, one line each, after the rows (empty when none is on). */
function freezesMarkdown(snapshot: Snapshot, now: number): string {
  const lines = snapshot.instances.flatMap((instance) =>
    instance.projects.flatMap((project) => {
      if (freezeStateAt(project.freezes, now).active.length === 0) return [];
      const badge = freezeBadge(project.freezes, now, vscode.l10n) ?? '';
      return [`${markdownText(`${project.project.path_with_namespace}: ${badge}`)}  \n`];
    }),
  );
  if (lines.length === 0) return '';
  return `\n\n**${vscode.l10n.t('Deploy freezes')}**\n\n${lines.join('')}\n${freezeEnforcement(vscode.l10n)}`;
}

/** The tooltip names this many deployments; the rest are counted. */
const TOOLTIP_ROWS = 10;
