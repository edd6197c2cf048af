import * as vscode from 'vscode';
import { DeploymentsTree } from './shell/tree/deploymentsTree';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('GitLab Deployment Approvals', { log: true });
  const tree = new DeploymentsTree();
  context.subscriptions.push(
    log,
    tree,
    vscode.commands.registerCommand('gitlabApprovals.showLog', () => log.show()),
    vscode.commands.registerCommand('gitlabApprovals.refresh', () => tree.refresh()),
  );
  log.info(`activated (VS Code ${vscode.version}, ${vscode.env.appName})`);
}

export function deactivate(): void {}
