// View keybindings (package.json `keybindings`) act on what the person sees: the row the keyboard cursor is on.
// VS Code gives a command run by a key no tree element of its own, but its extension host turns the argument
// `{ $treeViewId, $focusedTreeItem: true }` (FOCUSED_ROW_ARG, the bindings' `args`) into the view's focused element
// (ExtHostTreeViews' argument processor; docs/architecture.md#keys). Arrow keys move that focus without selecting,
// so, as the Explorer does, a key acts on the selection only when the focused row is part of it, else on the focused
// row alone. With nothing focused the command asks as from the palette.
import { DEPLOYMENTS_VIEW_ID } from './commandIds';
import type { DeploymentsTree } from '../tree/deploymentsTree';
import { nodeId, type TreeNode } from '../tree/nodes';
import type { CommandTable } from './registerCommands';

/** The `args` of the view's row keybindings: VS Code hands the command the focused row instead. */
export const FOCUSED_ROW_ARG = { $treeViewId: DEPLOYMENTS_VIEW_ID, $focusedTreeItem: true } as const;

type RowHandler = (clicked?: TreeNode, selected?: readonly TreeNode[]) => unknown;

/**
 * The handler, given the rows a key means. A row without a selection beside it is how a key arrives (a menu click
 * brings both): the selection when the row is part of it, else that row alone.
 */
export function onFocusedRow(tree: DeploymentsTree, handler: RowHandler): RowHandler {
  return (row, selected) => {
    if (!isTreeNode(row) || selected !== undefined) return handler(row, selected);
    const selection = tree.view.selection;
    const inSelection = selection.some((node) => nodeId(node) === nodeId(row));
    return handler(row, inSelection ? selection : [row]);
  };
}

/** Every row command of a table, keyed for the view's keybindings. */
export function withViewKeys<T extends Partial<CommandTable>>(tree: DeploymentsTree, table: T): T {
  return Object.fromEntries(
    Object.entries(table).map(([name, handler]) => [name, onFocusedRow(tree, handler as RowHandler)]),
  ) as unknown as T;
}

function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
