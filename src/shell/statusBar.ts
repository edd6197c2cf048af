import { freezeStateAt } from '../core/freezes/deployFreezes';
import { freezeBadge, freezeEnforcement } from './presentation/freezeWords';
import * as vscode from 'vscode';
import { ageText, approvalsFact, deploymentTitle, markdownText, timeAgo } from '../core/presentation';
import { overdueDeployments } from '../core/ageing/overdue';
import { ageingNow, overdueThresholds, type OverdueWatch } from './overdue';
import type { RefreshEngine } from '../core/refresh/engine';
import { locatedDeployments, type LocatedDeployment, type Snapshot } from '../core/refresh/snapshot';
import { COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { pollIntervalMs, statusBarMode } from './settings';
import { periodText } from '../core/util/duration';
import { awaitsSomeone } from '../core/approvals/classify';
import { neededFromMe } from '../core/actions/availableActions';
import type { KeptCount } from '../core/refresh/keptState';

/**
 * The count of deployments awaiting the user (or all blocked ones), and of those overdue (waiting for anyone past the
 * person's threshold); hidden when both are zero. Click: the inbox.
 */
export class ApprovalsStatusBar extends Disposable {
  readonly item = this.register(
    vscode.window.createStatusBarItem('gitlabApprovals.status', vscode.StatusBarAlignment.Left, 50),
  );
  private shown = false;
  /** What the item shows now, so a snapshot that changes nothing it shows changes nothing on screen. */
  private shownKey?: string;

  /**
   * The counts kept from the last session, shown at activation until the rows are restored (`rowsRestored`): on a
   * large account deriving the rows takes far longer than showing a number.
   */
  private kept?: readonly KeptCount[];

  constructor(engine: RefreshEngine, overdue: OverdueWatch, kept?: readonly KeptCount[]) {
    super();
    this.kept = kept?.length ? kept : undefined;
    this.register(overdue.onDidChange(() => this.update(engine.snapshot())));
    this.item.name = vscode.l10n.t('Deployment Approvals for GitLab');
    this.item.command = COMMANDS.openInbox;
    this.register(engine.onDidChange((snapshot) => this.update(snapshot)));
    this.register(
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('gitlabApprovals.statusBar') && this.update(engine.snapshot()),
      ),
    );
    this.update(engine.snapshot());
  }

  /** The kept rows are in the engine now (or there were none): the count follows them from here on. */
  rowsRestored(snapshot: Snapshot): void {
    this.kept = undefined;
    this.update(snapshot);
  }

  private update(snapshot: Snapshot): void {
    const mode = statusBarMode();
    if (this.kept && snapshot.instances.length === 0) return this.showKept(this.kept, mode);
    this.kept = undefined;
    const counted = countedDeployments(snapshot, mode === 'allBlocked' ? 'allBlocked' : 'awaitingMe');
    const overdue = overdueDeployments(snapshot, overdueThresholds(), Date.now());
    if (mode === 'hidden' || (counted.length === 0 && overdue.length === 0)) return this.hide();
    // Kept from the last session and not refreshed yet: said as such, not as a failure.
    const restoredFrom = Math.min(...snapshot.instances.map((i) => i.restoredFrom ?? Infinity));
    const notRefreshed = Number.isFinite(restoredFrom) ? restoredFrom : undefined;
    const stale = snapshot.instances.some((i) => i.stale && i.restoredFrom === undefined);
    const what = [
      counted.length === 0
        ? ''
        : mode === 'allBlocked'
          ? vscode.l10n.t('{0} blocked', counted.length)
          : inboxCountText(
              neededOf(counted, 'approve').length,
              neededOf(counted, 'mayApprove').length,
              neededOf(counted, 'run').length,
            ),
      overdue.length > 0 ? vscode.l10n.t('{0} overdue', overdue.length) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const mark = stale ? ' $(warning)' : notRefreshed !== undefined ? ' $(history)' : '';
    const markdown =
      overdueMarkdown(overdue) +
      tooltipMarkdown(counted, titleOf(mode), stale, notRefreshed, mode, approvalLagMs(snapshot)) +
      freezesMarkdown(snapshot, Date.now());
    this.show(`$(${iconOf(mode)}) ${what}${mark}`, what, markdown);
  }

  /** The kept counts, before the rows: the same text, marked not yet refreshed; the tooltip lists no rows yet. */
  private showKept(kept: readonly KeptCount[], mode: ReturnType<typeof statusBarMode>): void {
    const sum = (key: 'approve' | 'mayApprove' | 'run' | 'blocked') => kept.reduce((n, c) => n + c[key], 0);
    const total = mode === 'allBlocked' ? sum('blocked') : sum('approve') + sum('mayApprove') + sum('run');
    if (mode === 'hidden' || total === 0) return this.hide();
    const what =
      mode === 'allBlocked'
        ? vscode.l10n.t('{0} blocked', total)
        : inboxCountText(sum('approve'), sum('mayApprove'), sum('run'));
    const seen = timeAgo(new Date(Math.min(...kept.map((c) => c.savedAt))).toISOString());
    const markdown =
      `**${titleOf(mode)}**\n\n$(history) ${vscode.l10n.t('Not yet refreshed: as last seen {0}.', seen)}\n\n` +
      vscode.l10n.t('Click to open the inbox.');
    this.show(`$(${iconOf(mode)}) ${what} $(history)`, what, markdown);
  }

  private hide(): void {
    this.item.hide();
    this.shown = false;
    this.shownKey = undefined;
  }

  private show(text: string, what: string, markdown: string): void {
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
  return all.filter((d) => awaitsSomeone(d.view));
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

function titleOf(mode: ReturnType<typeof statusBarMode>): string {
  return mode === 'allBlocked' ? vscode.l10n.t('Blocked deployments') : vscode.l10n.t('Deployments awaiting you');
}

function iconOf(mode: ReturnType<typeof statusBarMode>): string {
  return mode === 'allBlocked' ? 'debug-pause' : 'bell-dot';
}

function inboxCountText(toApprove: number, may: number, toRun: number): string {
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
  approvalLag: number | undefined,
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
  if (approvalLag !== undefined)
    md += `$(clock) ${vscode.l10n.t('Approvals by others may be up to {0} old; Refresh reads them all now.', periodText(approvalLag))}\n\n`;
  md += vscode.l10n.t('Click to open the inbox.');
  return md;
}

/** The overdue deployments, longest waiting first, before the rest of the tooltip; empty when none is. */
function overdueMarkdown(overdue: LocatedDeployment[]): string {
  if (overdue.length === 0) return '';
  let md = `**${vscode.l10n.t('Overdue')}**\n\n`;
  for (const located of overdue.slice(0, TOOLTIP_ROWS)) {
    const waited = ageText(ageingNow(located)?.waitedMs ?? 0);
    md += `${markdownText(vscode.l10n.t('{0} — waiting {1}', deploymentTitle(located.deployment, located.project.project), waited))}  \n`;
  }
  if (overdue.length > TOOLTIP_ROWS) md += `${vscode.l10n.t('…and {0} more', overdue.length - TOOLTIP_ROWS)}  \n`;
  return `${md}\n`;
}

/**
 * How late someone else's approval can show (their approval moves no timestamp: it shows at the deployment's next
 * re-read), where that is longer than the poll interval: the longest of the instances'.
 */
function approvalLagMs(snapshot: Snapshot): number | undefined {
  const lag = Math.max(0, ...snapshot.instances.map((i) => i.coverage?.approvalLagMs ?? 0));
  return lag > pollIntervalMs() ? lag : undefined;
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
