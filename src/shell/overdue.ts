// The person's overdue thresholds (gitlabApprovals.overdueAfter) for the rows, the status bar, tooltips and the page,
// and the moment the next deployment crosses one: the rows change then, not only at the next poll that changes
// something.
import * as vscode from 'vscode';
import {
  ageingOf,
  nextOverdueAt,
  NO_THRESHOLDS,
  readOverdueSetting,
  type Ageing,
  type OverdueThresholds,
} from '../core/ageing/overdue';
import type { RefreshEngine } from '../core/refresh/engine';
import type { LocatedDeployment } from '../core/refresh/snapshot';
import { Disposable } from './disposable';
import { messageText } from '../core/presentation';
import { showWarning } from './presentation/ui';
import { OVERDUE_SETTING, overdueAfterSetting, SECTION } from './settings';

/** The thresholds in force in this window (none until the watch reads the setting). */
let current: OverdueThresholds = NO_THRESHOLDS;

export function overdueThresholds(): OverdueThresholds {
  return current;
}

/** How long this deployment has waited and whether past its threshold, now. */
export function ageingNow(located: Pick<LocatedDeployment, 'environment' | 'view'>): Ageing | undefined {
  return ageingOf(located, current, Date.now());
}

/** A timer longer than this is set again when it ends (setTimeout's limit is about 24.8 days). */
const LONGEST_TIMER_MS = 24 * 3_600_000;

export class OverdueWatch extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** The thresholds changed, or a deployment became overdue. */
  readonly onDidChange = this.changed.event;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly engine: RefreshEngine) {
    super();
    this.read(false);
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`${SECTION}.${OVERDUE_SETTING}`)) return;
        this.read(true);
        this.changed.fire();
        this.schedule();
      }),
    );
    this.register(engine.onDidChange(() => this.schedule()));
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.schedule();
  }

  private read(sayProblems: boolean): void {
    const { thresholds, problems } = readOverdueSetting(overdueAfterSetting());
    current = thresholds;
    if (sayProblems && problems.length > 0)
      void showWarning(
        vscode.l10n.t('Some of gitlabApprovals.overdueAfter was left out: {0}.', messageText(problems.join('; '))),
      );
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    const next = nextOverdueAt(this.engine.snapshot(), current, now);
    if (next === undefined) return;
    const wait = Math.min(Math.max(0, next - now), LONGEST_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (Date.now() >= next) this.changed.fire();
      this.schedule();
    }, wait);
  }

  override dispose(): void {
    current = NO_THRESHOLDS;
    super.dispose();
  }
}
