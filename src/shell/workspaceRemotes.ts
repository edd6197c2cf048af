import * as vscode from 'vscode';

/**
 * The remote URLs of the workspace folders' git repositories, read from `.git/config` (no dependency on the Git
 * extension, so it works in every host). Only called in trusted workspaces.
 */
export async function workspaceRemoteUrls(): Promise<string[]> {
  const urls: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const config = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.git', 'config'));
      urls.push(...remoteUrlsInGitConfig(new TextDecoder().decode(config)));
    } catch {
      // Not a git repository (or a worktree whose .git is a file): nothing to derive.
    }
  }
  return [...new Set(urls)];
}

/** The `url = …` values of `[remote "…"]` sections. */
export function remoteUrlsInGitConfig(text: string): string[] {
  const urls: string[] = [];
  let inRemote = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[(.+)\]\s*$/.exec(line);
    if (section) {
      inRemote = /^remote\s+"/.test(section[1]);
      continue;
    }
    const url = inRemote ? /^\s*url\s*=\s*(.+?)\s*$/.exec(line) : null;
    if (url) urls.push(url[1]);
  }
  return urls;
}
