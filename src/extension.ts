import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('GitLab Deployment Approvals', { log: true });
  context.subscriptions.push(log, vscode.commands.registerCommand('gitlabApprovals.showLog', () => log.show()));
}

export function deactivate(): void {}
