import * as vscode from 'vscode';
import { isGitLabError } from '../../core/errors';
import type { Log } from '../log';
import { showErrorMessage, withNotificationProgress } from '../presentation/ui';

/** Runs an action with a progress notification; any failure is logged and shown in one plain sentence. */
export async function withFeedback<T>(
  log: Log,
  title: string,
  action: (token: vscode.CancellationToken) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await withNotificationProgress(title, action);
  } catch (error) {
    reportFailure(log, title, error);
    return undefined;
  }
}

/**
 * The one way a failure reaches a person: GitLab's errors say their own sentence (GitLab's text, escaped by the
 * presentation home), anything else a generic one; the detail goes to the log. A cancellation is the person's own
 * doing: logged, never shown.
 */
export function reportFailure(log: Log, context: string, error: unknown): void {
  if (isCancellation(error)) {
    log.info(`${context}: cancelled`);
    return;
  }
  log.error(context, error);
  void showErrorMessage(failureText(error), vscode.l10n.t('Show Log')).then((choice) => choice && log.show());
}

/** A failure in one sentence: GitLab's own words (escaped where shown), or a generic one pointing to the log. */
export function failureText(error: unknown): string {
  return isGitLabError(error)
    ? error.userMessage
    : vscode.l10n.t('Something went wrong: {0}. See the log for details.', String((error as Error)?.message ?? error));
}

export function isCancellation(error: unknown): boolean {
  return (isGitLabError(error) && error.kind === 'cancelled') || error instanceof vscode.CancellationError;
}

/** An AbortSignal that follows a VS Code cancellation token, for the core's calls. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
