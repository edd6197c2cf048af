import * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import { COMMANDS } from './commands/commandIds';
import { Disposable } from './disposable';
import { showWarning } from './presentation/ui';

/**
 * When an instance stops accepting the token (expired, revoked), the tree keeps its last data, so the sign-in welcome
 * never shows. Say it once per instance, with the way out.
 */
export class TokenProblems extends Disposable {
  private readonly reported = new Set<string>();

  constructor(engine: RefreshEngine) {
    super();
    this.register(
      engine.onDidChange((snapshot) => {
        for (const instance of snapshot.instances) {
          const rejected = instance.error?.kind === 'unauthorized';
          if (!rejected) {
            this.reported.delete(instance.instanceUrl);
          } else if (!this.reported.has(instance.instanceUrl)) {
            this.reported.add(instance.instanceUrl);
            void this.tell(instance.instanceUrl);
          }
        }
      }),
    );
  }

  private async tell(instanceUrl: string): Promise<void> {
    const host = new URL(instanceUrl).host;
    const choice = await showWarning(
      vscode.l10n.t(
        '{0} no longer accepts your access token (it may have expired or been revoked). Sign in again to keep your approvals up to date.',
        host,
      ),
      vscode.l10n.t('Sign In…'),
    );
    if (choice) await vscode.commands.executeCommand(COMMANDS.signIn);
  }
}
