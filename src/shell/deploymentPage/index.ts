// The deployment page, its briefs and Review Changes, wired up: Show Deployment (a row's click, Enter, the context
// menu, the palette, the inbox and notifications), the read-only GitLab file system, and the one set of briefs whose
// summaries tooltips and quick picks show.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/commandContext';
import { deploymentTargets } from '../commands/targets';
import { GitLabFiles, GITLAB_FILE_SCHEME } from '../reviewChanges/gitlabFiles';
import { reviewChanges } from '../reviewChanges/reviewChanges';
import { findDeployment } from '../../core/refresh/snapshot';
import { showInfo } from '../presentation/ui';
import { deploymentNode, type TreeNode } from '../tree/nodes';
import { Briefs, setBriefs } from './briefs';
import type { ChosenRow } from './clickedRow';
import { DeploymentPages } from './deploymentPages';

export interface DeploymentPageParts {
  pages: DeploymentPages;
  briefs: Briefs;
  files: GitLabFiles;
  /** The Show Deployment command: the clicked row, or a pick from the palette. */
  show(clicked?: TreeNode): Promise<void>;
  /** A row's click or Enter: the row it chose (clickedRow.ts), found again in the newest snapshot; said when gone. */
  showChosen(row: ChosenRow | undefined): void;
  disposables: vscode.Disposable[];
}

export function createDeploymentPage(context: CommandContext, extensionUri: vscode.Uri): DeploymentPageParts {
  const briefs = new Briefs();
  setBriefs(briefs);
  const files = new GitLabFiles((instanceUrl) => context.instances.client(instanceUrl));
  const pages = new DeploymentPages({ ...context, extensionUri, briefs, reviewChanges });
  const show = async (clicked?: TreeNode) => {
    const [node] =
      clicked?.type === 'deployment'
        ? [clicked]
        : await deploymentTargets(context.engine, undefined, undefined, {
            title: vscode.l10n.t('Show which deployment?'),
            canPickMany: false,
            include: () => true,
          });
    if (node) pages.show(node);
  };
  const showChosen = (row: ChosenRow | undefined) => {
    if (!row) return;
    const located = findDeployment(context.engine.snapshot(), row.key);
    if (located) pages.show(deploymentNode(located));
    else
      void showInfo(vscode.l10n.t('{0} is no longer waiting: it was approved, rejected or run meanwhile.', row.title));
  };
  return {
    pages,
    briefs,
    files,
    show,
    showChosen,
    disposables: [
      briefs,
      pages,
      files,
      { dispose: () => setBriefs(undefined) },
      vscode.workspace.registerFileSystemProvider(GITLAB_FILE_SCHEME, files, {
        isReadonly: true,
        isCaseSensitive: true,
      }),
    ],
  };
}
