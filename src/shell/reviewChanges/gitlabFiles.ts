// A read-only file system over GitLab's repository API, for Review Changes: a file at a sha is read when an editor
// opens it, kept in memory, and never written to disk. A URI names the instance, the project, the sha and the path —
// never the token, which stays with the instance's client; a URI for an instance the user is not signed in to reads
// nothing.
import * as vscode from 'vscode';
import { isGitLabError } from '../../core/errors';
import type { GitLabClient } from '../../core/gitlab/client';

export const GITLAB_FILE_SCHEME = 'gitlab-approvals-file';

/** What a URI of the scheme names. `placeholder` stands for a side that has no content to fetch. */
export interface GitLabFileRef {
  instanceUrl: string;
  projectId: number;
  sha: string;
  path: string;
  placeholder?: 'missing' | 'binary';
}

export function gitlabFileUri(ref: GitLabFileRef): vscode.Uri {
  const query = new URLSearchParams({
    instance: ref.instanceUrl,
    project: String(ref.projectId),
    sha: ref.sha,
    ...(ref.placeholder ? { placeholder: ref.placeholder } : {}),
  });
  // The repository path as the path, so both sides of a change show as the same file (not as a rename); the sha in
  // the query keeps them distinct URIs.
  return vscode.Uri.from({ scheme: GITLAB_FILE_SCHEME, path: `/${ref.path}`, query: query.toString() });
}

export function parseGitLabFileUri(uri: vscode.Uri): GitLabFileRef | undefined {
  if (uri.scheme !== GITLAB_FILE_SCHEME) return undefined;
  const query = new URLSearchParams(uri.query);
  const instanceUrl = query.get('instance');
  const projectId = Number(query.get('project'));
  const sha = query.get('sha');
  const match = /^\/(.+)$/.exec(uri.path);
  const placeholder = query.get('placeholder');
  if (!instanceUrl || !Number.isInteger(projectId) || projectId <= 0 || !sha || !/^[0-9a-f]{7,64}$/.test(sha) || !match)
    return undefined;
  if (placeholder !== null && placeholder !== 'missing' && placeholder !== 'binary') return undefined;
  return { instanceUrl, projectId, sha, path: match[1], ...(placeholder ? { placeholder } : {}) };
}

const PLACEHOLDER_TEXT: Record<NonNullable<GitLabFileRef['placeholder']>, string> = {
  missing: '',
  binary:
    vscode.l10n.t(
      'This is a binary file: Review Changes lists it but does not fetch it. Open the comparison in GitLab to see it.',
    ) + '\n',
};

/** Files kept in memory at most, least recently read first out. */
const CACHE_ENTRIES = 200;

export class GitLabFiles implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly cache = new Map<string, Uint8Array>();
  /** How many times GitLab was asked for a file (for tests). */
  fetches = 0;

  constructor(private readonly clientFor: (instanceUrl: string) => GitLabClient | undefined) {}

  stat(uri: vscode.Uri): vscode.FileStat {
    this.ref(uri);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: 0,
      size: this.cache.get(uri.toString())?.byteLength ?? 0,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = this.ref(uri);
    if (ref.placeholder) return new TextEncoder().encode(PLACEHOLDER_TEXT[ref.placeholder]);
    const key = uri.toString();
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const client = this.clientFor(ref.instanceUrl);
    if (!client) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not signed in to {0}.', ref.instanceUrl));
    let text: string;
    try {
      this.fetches++;
      text = await client.rawFile(ref.projectId, ref.path, ref.sha, { userAction: true });
    } catch (error) {
      if (isGitLabError(error) && error.kind === 'not-found') throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(isGitLabError(error) ? error.userMessage : String(error));
    }
    const bytes = new TextEncoder().encode(text);
    this.cache.set(key, bytes);
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return bytes;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.cache.clear();
  }

  private ref(uri: vscode.Uri): GitLabFileRef {
    const ref = parseGitLabFileUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    return ref;
  }
}
