// The row a click or Enter chose, remembered by its stable key. A row's command carries no arguments (VS Code keeps a
// tree item command's arguments in a cache it drops whenever the rows are refreshed: "Actual command not found"), so
// the command learns the row from the selection the click made just before — kept here as the deployment's key, which
// outlives the refresh that replaces the row objects (the view's own selection can be empty until it reads them again).
import type * as vscode from 'vscode';
import { deploymentTitle } from '../../core/presentation';
import { deploymentKey } from '../../core/refresh/snapshot';
import { Disposable } from '../disposable';
import type { TreeNode } from '../tree/nodes';

export interface ChosenRow {
  /** `deploymentKey`, looked up with `findDeployment` when the command runs. */
  key: string;
  /** How messages name it, should it be gone by then. */
  title: string;
}

export class ClickedRow extends Disposable {
  private chosen?: ChosenRow;

  constructor(view: vscode.TreeView<TreeNode>) {
    super();
    this.register(view.onDidChangeSelection(({ selection }) => this.remember(selection)));
  }

  /** The deployment row selected alone last (a click or Enter on several selected rows opens none). */
  get row(): ChosenRow | undefined {
    return this.chosen;
  }

  private remember(selection: readonly TreeNode[]): void {
    const [row] = selection;
    if (selection.length === 0) return; // the rows were given again: the click's row stays chosen
    this.chosen =
      selection.length === 1 && row.type === 'deployment'
        ? { key: deploymentKey(row.view), title: deploymentTitle(row.deployment, row.project.project) }
        : undefined;
  }
}
