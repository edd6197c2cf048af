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
    showError(log, title, error);
    return undefined;
  }
}

export function showError(log: Log, context: string, error: unknown): void {
  log.error(context, error);
  if (isGitLabError(error) && error.kind === 'cancelled') return;
  const message = isGitLabError(error)
    ? error.userMessage
    : `Something went wrong: ${(error as Error)?.message ?? error}. See the log for details.`;
  void showErrorMessage(message, 'Show Log').then((choice) => choice && log.show());
}

/** An AbortSignal that follows a VS Code cancellation token, for the core's calls. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
