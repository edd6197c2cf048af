// View keybindings (package.json `keybindings`) pass this instead of a row: VS Code gives a command run by a key no
// tree element, so the command acts on what is selected in the view (or, with nothing selected, asks as from the
// palette).
import type { DeploymentsTree } from '../tree/deploymentsTree';
import type { TreeNode } from '../tree/nodes';
import type { CommandTable } from './registerCommands';

export const VIEW_SELECTION_ARG = 'viewSelection';

type RowHandler = (clicked?: TreeNode, selected?: TreeNode[]) => unknown;

/** The handler, taking the view's selection when a view keybinding ran it. */
export function onViewSelection(tree: DeploymentsTree, handler: RowHandler): RowHandler {
  return (clicked, selected) => {
    if ((clicked as unknown) !== VIEW_SELECTION_ARG) return handler(clicked, selected);
    const selection = [...tree.view.selection];
    return handler(selection[0], selection);
  };
}

/** Every row command of a table, keyed for the view's keybindings. */
export function withViewKeys<T extends Partial<CommandTable>>(tree: DeploymentsTree, table: T): T {
  return Object.fromEntries(
    Object.entries(table).map(([name, handler]) => [name, onViewSelection(tree, handler as RowHandler)]),
  ) as unknown as T;
}
