import * as vscode from 'vscode';
import { Disposable } from '../disposable';

export const DEPLOYMENTS_VIEW_ID = 'gitlabApprovals.deployments';

/** The sidebar tree. Until an instance is configured it has no rows, which shows the view's welcome content. */
export class DeploymentsTree extends Disposable implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view = this.register(vscode.window.createTreeView(DEPLOYMENTS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }
}
