// Where an action's outcome is said. One deployment: at once, outcome first, with its buttons (Run Now, Open Job). Several
// (a multi-select, a notification's Approve…): gathered, then one summary — a toast per deployment buried the one that
// went wrong.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { showErrorMessage, showInfo, showWarning } from '../presentation/ui';
import { failureText, isCancellation, reportFailure } from './feedback';

export interface OutcomeAction {
  title: string;
  run(): unknown;
}

export type Severity = 'info' | 'warning' | 'error';

export interface Outcomes {
  /** One sentence naming the deployment, outcome first. */
  say(severity: Severity, message: string, ...actions: OutcomeAction[]): void;
  /** A failure: GitLab's own sentence (reportFailure), the detail to the log. */
  fail(log: Log, context: string, error: unknown): void;
}

/** Says each outcome as it comes (one deployment). */
export const sayNow: Outcomes = {
  say(severity, message, ...actions) {
    const show = severity === 'info' ? showInfo : severity === 'warning' ? showWarning : showErrorMessage;
    void show(message, ...actions.map((a) => a.title)).then((chosen) => actions.find((a) => a.title === chosen)?.run());
  },
  fail: reportFailure,
};

/** Gathers the outcomes of several deployments, for one summary. */
export class GatheredOutcomes implements Outcomes {
  private readonly said: { severity: Severity; message: string }[] = [];

  say(severity: Severity, message: string): void {
    this.said.push({ severity, message });
  }

  fail(log: Log, context: string, error: unknown): void {
    if (isCancellation(error)) {
      log.info(`${context}: cancelled`);
      this.said.push({ severity: 'warning', message: vscode.l10n.t('{0} cancelled.', context) });
      return;
    }
    log.error(context, error);
    this.said.push({ severity: 'error', message: vscode.l10n.t('{0} failed: {1}', context, failureText(error)) });
  }

  /** One notification: the headline, then each deployment's sentence; as severe as the worst of them. */
  show(headline: string): void {
    if (this.said.length === 0) return;
    const worst = this.said.some((s) => s.severity === 'error')
      ? 'error'
      : this.said.some((s) => s.severity === 'warning')
        ? 'warning'
        : 'info';
    sayNow.say(worst, [headline, ...this.said.map((s) => s.message)].join(' '));
  }
}
