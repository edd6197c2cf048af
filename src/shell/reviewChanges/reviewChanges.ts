// Review Changes: what is live → this deployment's sha, file by file, in VS Code's multi-file diff editor
// (`vscode.changes`, present in VS Code 1.96); without it, a pick of files and `vscode.diff` for the chosen one. The
// contents come through GitLabFiles only when a file is shown: both sides, so a file GitLab collapsed or found too large
// (no patch in the compare) shows its change like any other. Binary files are said, not shown as text.
import * as vscode from 'vscode';
import type { DeploymentBrief } from '../../core/brief';
import { messageText } from '../../core/presentation';
import { pickOne, showInfo } from '../presentation/ui';
import type { DeploymentNode } from '../tree/nodes';
import { gitlabFileUri, type GitLabFileRef } from './gitlabFiles';

export async function reviewChanges(node: DeploymentNode, brief: DeploymentBrief): Promise<void> {
  const live = brief.live;
  if (!live || brief.files.entries.length === 0) {
    void showInfo(
      vscode.l10n.t('There are no changes to review: nothing is live on this environment, or nothing changed.'),
    );
    return;
  }
  const side = (sha: string, path: string) =>
    gitlabFileUri({ instanceUrl: node.view.instanceUrl, projectId: node.view.projectId, sha, path });
  // Binary files have no text to compare: said, not shown as text.
  const comparable = brief.files.entries.filter((file) => !file.binary);
  const shown = comparable.slice(0, REVIEW_FILES_AT_MOST);
  const pairs = shown.map((file) => ({
    file,
    // An added file has no old side and a deleted one no new side: the editor shows them as added and deleted.
    left: file.kind === 'added' ? undefined : side(live.sha, file.oldPath),
    right: file.kind === 'deleted' ? undefined : side(brief.sha, file.path),
  }));
  const title = messageText(
    `${node.deployment.environment.name}: live ${live.sha.slice(0, 8)} ↔ #${node.deployment.iid} ${brief.sha.slice(0, 8)}`,
  );
  sayWhatIsNotShown({
    binary: brief.files.entries.length - comparable.length,
    beyondTheCap: comparable.length - shown.length,
    listedByGitLab: brief.files.truncated ? brief.files.count : undefined,
  });
  if (pairs.length === 0) return;
  if ((await vscode.commands.getCommands(true)).includes('vscode.changes')) {
    await vscode.commands.executeCommand(
      'vscode.changes',
      title,
      pairs.map(({ left, right }) => [(right ?? left)!, left, right]),
    );
    return;
  }
  const chosen = await pickOne(
    pairs.map((pair) => ({
      label: pair.file.path,
      description: pair.file.kind,
      pair,
    })),
    { title, placeHolder: vscode.l10n.t('Which file?'), matchOnDescription: true },
  );
  if (chosen) {
    const { file, left, right } = chosen.pair;
    const missing = (path: string, sha: string) =>
      gitlabFileUri({ ...parseSide(node, sha, path), placeholder: 'missing' });
    await vscode.commands.executeCommand(
      'vscode.diff',
      left ?? missing(file.oldPath, live.sha),
      right ?? missing(file.path, brief.sha),
      `${title} — ${messageText(file.path)}`,
    );
  }
}

/**
 * The multi-file diff editor builds a view per file; thousands (a hostile or huge compare) would take minutes and
 * hold listeners for each. More than this are said, not opened.
 */
export const REVIEW_FILES_AT_MOST = 300;

/** `listedByGitLab`: GitLab stopped listing at its diff limit after that many files (`compare_timeout`). */
function sayWhatIsNotShown(omitted: { binary: number; beyondTheCap: number; listedByGitLab?: number }): void {
  const parts = [
    omitted.listedByGitLab !== undefined
      ? vscode.l10n.t(
          'GitLab lists only the first {0} changed files (its diff limit); more files changed.',
          omitted.listedByGitLab,
        )
      : undefined,
    omitted.binary > 0
      ? vscode.l10n.t('{0} binary file(s) are not shown: GitLab gives no text diff for them.', omitted.binary)
      : undefined,
    omitted.beyondTheCap > 0
      ? vscode.l10n.t(
          'Only the first {0} files are shown; {1} more changed.',
          REVIEW_FILES_AT_MOST,
          omitted.beyondTheCap,
        )
      : undefined,
  ].filter((part) => part !== undefined);
  if (parts.length > 0)
    void showInfo(`${parts.join(' ')} ${vscode.l10n.t('Open the comparison in GitLab to see everything.')}`);
}

function parseSide(node: DeploymentNode, sha: string, path: string): GitLabFileRef {
  return { instanceUrl: node.view.instanceUrl, projectId: node.view.projectId, sha, path };
}
