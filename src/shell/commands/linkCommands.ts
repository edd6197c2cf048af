import * as vscode from 'vscode';
import { linkOnInstance } from '../../core/presentation';
import { showWarning } from '../presentation/ui';
import { webUrl, type TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import type { CommandTable } from './registerCommands';
import { deploymentTargets } from './targets';

export function linkCommands(context: CommandContext): Pick<CommandTable, 'openInGitLab' | 'copyLink'> {
  return {
    openInGitLab: (clicked?: TreeNode) => openInGitLab(context, clicked),
    copyLink: (clicked?: TreeNode) => copyLink(context, clicked),
  };
}

async function openInGitLab(context: CommandContext, clicked?: TreeNode): Promise<void> {
  const node = await linkTarget(context, clicked);
  const url = node && checkedLink(context, node);
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

async function copyLink(context: CommandContext, clicked?: TreeNode): Promise<void> {
  const node = await linkTarget(context, clicked);
  const url = node && checkedLink(context, node);
  if (!url) return;
  await vscode.env.clipboard.writeText(url);
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Link copied')}`, 3000);
}

async function linkTarget(context: CommandContext, clicked?: TreeNode): Promise<TreeNode | undefined> {
  if (clicked) return clicked;
  const [picked] = await deploymentTargets(context.engine, undefined, undefined, {
    title: vscode.l10n.t('Which deployment?'),
    canPickMany: false,
    include: () => true,
  });
  return picked;
}
/** The row's GitLab page, when GitLab gave an http(s) address on the instance; otherwise it says why not. */
function checkedLink(context: CommandContext, node: TreeNode): string | undefined {
  const raw = webUrl(node);
  const url = linkOnInstance(raw, node.instance.instanceUrl);
  if (url) return url;
  context.log.warn(`not opening a web address GitLab gave that is not on ${node.instance.instanceUrl}: ${raw}`);
  void showWarning(
    vscode.l10n.t(
      'GitLab gave an address that is not an http(s) page on {0}, so it was not opened or copied.',
      new URL(node.instance.instanceUrl).host,
    ),
  );
  return undefined;
}
