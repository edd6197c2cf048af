// Review Changes: what is live → this deployment's sha, file by file, in VS Code's multi-file diff editor
// (`vscode.changes`, present in VS Code 1.96); without it, a pick of files and `vscode.diff` for the chosen one. The
// contents come through GitLabFiles only when a file is shown; binary and too-large files are listed with a note.
import * as vscode from 'vscode';
import type { ChangedFile, DeploymentBrief } from '../../core/brief';
import { messageText } from '../../core/presentation';
import { pickOne, showInfo } from '../presentation/ui';
import type { DeploymentNode } from '../tree/nodes';
import { gitlabFileUri, type GitLabFileRef } from './gitlabFiles';

export async function reviewChanges(node: DeploymentNode, brief: DeploymentBrief): Promise<void> {
  const live = brief.live;
  if (!live || brief.files.entries.length === 0) {
    void showInfo('There are no changes to review: nothing is live on this environment, or nothing changed.');
    return;
  }
  const side = (sha: string, path: string, placeholder?: GitLabFileRef['placeholder']) =>
    gitlabFileUri({
      instanceUrl: node.view.instanceUrl,
      projectId: node.view.projectId,
      sha,
      path,
      placeholder,
    });
  const pairs = brief.files.entries.map((file) => {
    const note = placeholderOf(file);
    return {
      file,
      left: side(live.sha, file.oldPath, file.kind === 'added' ? 'missing' : note),
      right: side(brief.sha, file.path, file.kind === 'deleted' ? 'missing' : note),
    };
  });
  const title = messageText(
    `${node.deployment.environment.name}: live ${live.sha.slice(0, 8)} ↔ #${node.deployment.iid} ${brief.sha.slice(0, 8)}`,
  );
  if ((await vscode.commands.getCommands(true)).includes('vscode.changes')) {
    await vscode.commands.executeCommand(
      'vscode.changes',
      title,
      pairs.map(({ right, left }) => [right, left, right]),
    );
    return;
  }
  const chosen = await pickOne(
    pairs.map((pair) => ({
      label: pair.file.path,
      description: pair.file.kind,
      detail: pair.file.binary ? 'binary: not fetched' : pair.file.tooLarge ? 'too large: not fetched' : undefined,
      pair,
    })),
    { title, placeHolder: 'Which file?', matchOnDescription: true },
  );
  if (chosen)
    await vscode.commands.executeCommand(
      'vscode.diff',
      chosen.pair.left,
      chosen.pair.right,
      `${title} — ${messageText(chosen.pair.file.path)}`,
    );
}

function placeholderOf(file: ChangedFile): GitLabFileRef['placeholder'] {
  return file.binary ? 'binary' : file.tooLarge ? 'too-large' : undefined;
}
