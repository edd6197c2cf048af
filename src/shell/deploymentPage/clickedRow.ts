// The row a click or Enter chose, remembered by its stable key. A row's command carries no arguments (VS Code keeps a
// tree item command's arguments in a cache it drops whenever the rows are refreshed: "Actual command not found"), so
// the command learns the row from the selection the click made just before — kept here as the deployment's key, which
// outlives the refresh that replaces the row objects (the view's own selection can be empty until it reads them again).
import { deploymentTitle } from '../../core/presentation';
import { deploymentKey } from '../../core/refresh/snapshot';
import { Disposable } from '../disposable';
import type { DeploymentsTree } from '../tree/deploymentsTree';
import type { TreeNode } from '../tree/nodes';

export interface ChosenRow {
  /** `deploymentKey`, looked up with `findDeployment` when the command runs. */
  key: string;
  /** How messages name it, should it be gone by then. */
  title: string;
}

export class ClickedRow extends Disposable {
  private chosen?: ChosenRow;
  /**
   * The last selection VS Code sent named rows the extension could not resolve: a click while the rows were being given
   * again (every poll and action rebuilds them). The extension then sees an empty selection, and the row chosen before
   * — another deployment — must not be opened in its place.
   */
  private unresolved = false;

  constructor(private readonly tree: Pick<DeploymentsTree, 'view' | 'rowsRead'>) {
    super();
    this.register(tree.view.onDidChangeSelection(({ selection }) => this.remember(selection)));
  }

  /**
   * The deployment row the click or Enter chose; undefined when it cannot be told (several rows, or a click during a
   * refresh whose row the view still has not read back once it has).
   */
  async row(): Promise<ChosenRow | undefined> {
    if (!this.unresolved) return this.chosen;
    // The view's selection is resolved again as VS Code reads the new rows: the clicked one, not the one before.
    for (let attempt = 0; attempt < RESOLVE_TRIES; attempt++) {
      await this.tree.rowsRead();
      const selection = this.tree.view.selection;
      if (selection.length > 0) return chosenOf(selection);
      await new Promise((resolve) => setTimeout(resolve, RESOLVE_PAUSE_MS));
    }
    return undefined;
  }

  private remember(selection: readonly TreeNode[]): void {
    this.unresolved = selection.length === 0;
    if (!this.unresolved) this.chosen = chosenOf(selection);
  }
}

/** How long a click during a refresh waits for its row to be read back: 10 × 100 ms after the rows were read. */
const RESOLVE_TRIES = 10;
const RESOLVE_PAUSE_MS = 100;

/** The deployment selected alone (a click or Enter on several selected rows opens none). */
function chosenOf(selection: readonly TreeNode[]): ChosenRow | undefined {
  const [row] = selection;
  return selection.length === 1 && row.type === 'deployment'
    ? { key: deploymentKey(row.view), title: deploymentTitle(row.deployment, row.project.project) }
    : undefined;
}
