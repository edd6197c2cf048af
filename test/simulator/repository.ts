// Projects' git histories, for the repository API: commits with parents and whole trees, branches, merge requests, and
// the comparisons GitLab's compare endpoint makes (`git log base..head`, diffs from the merge base or straight).
import { createHash } from 'node:crypto';
import type { Project, User } from './model';

/** A file's content at a commit. Binary files keep only their size. */
export type FileContent = { kind: 'text'; text: string } | { kind: 'binary'; size: number };

export interface Commit {
  sha: string;
  projectId: number;
  parentIds: string[];
  title: string;
  message: string;
  authorName: string;
  authorEmail: string;
  authoredDate: string;
  committedDate: string;
  /** The whole tree at this commit. */
  tree: ReadonlyMap<string, FileContent>;
  /** Creation order, to break ties between commits with the same date. */
  seq: number;
}

export interface MergeRequest {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string;
  authorId: number;
  sourceBranch: string;
  targetBranch: string;
  state: 'opened' | 'merged' | 'closed';
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  mergedById: number | null;
  /** The source branch's head (`sha` in the API). */
  headSha: string;
  mergeCommitSha: string | null;
  /** The commits of the merge request's diff (`merge_request_diff_commits`). */
  commitShas: string[];
}

/** A change to one path: new text, a binary of some size, or null to delete it. */
export type FileChange = string | { binary: number } | null;

export interface FileDiff {
  oldPath: string;
  newPath: string;
  aMode: string;
  bMode: string;
  newFile: boolean;
  deletedFile: boolean;
  binary: boolean;
  /** The unified patch without the `---`/`+++` header, as GitLab's `diff`. */
  patch: string;
}

const MODE = '100644';

export class RepositoryStore {
  private readonly commits = new Map<string, Commit>();
  private readonly branches = new Map<string, string>();
  readonly mergeRequests = new Map<number, MergeRequest>();
  private seq = 0;
  private mrIid = new Map<number, number>();

  /** A commit on `branch` (default: the project's default branch) with the given file changes. */
  commit(spec: {
    project: Project;
    branch?: string;
    /** Explicit parents (a merge); default: the branch head, if any. */
    parents?: string[];
    title: string;
    body?: string;
    author: User;
    at: string;
    files?: Record<string, FileChange>;
  }): Commit {
    const branch = spec.branch ?? spec.project.defaultBranch;
    const head = this.branchHead(spec.project, branch);
    const parentIds = spec.parents ?? (head ? [head] : []);
    const tree = new Map(parentIds.length > 0 ? this.get(spec.project, parentIds[0])!.tree : []);
    for (const [path, change] of Object.entries(spec.files ?? {})) {
      if (change === null) tree.delete(path);
      else
        tree.set(
          path,
          typeof change === 'string' ? { kind: 'text', text: change } : { kind: 'binary', size: change.binary },
        );
    }
    const message = spec.body ? `${spec.title}\n\n${spec.body}\n` : `${spec.title}\n`;
    const sha = createHash('sha1')
      .update(`${spec.project.id}\0${parentIds.join(',')}\0${message}\0${spec.at}\0${spec.author.username}`)
      .digest('hex');
    const commit: Commit = {
      sha,
      projectId: spec.project.id,
      parentIds,
      title: spec.title,
      message,
      authorName: spec.author.name,
      authorEmail: spec.author.email,
      authoredDate: spec.at,
      committedDate: spec.at,
      tree,
      seq: ++this.seq,
    };
    this.commits.set(key(spec.project.id, sha), commit);
    this.branches.set(key(spec.project.id, branch), sha);
    return commit;
  }

  /**
   * A merged merge request as GitLab's default merge method makes it: the commits on a source branch cut from the
   * target's head, then a merge commit on the target with GitLab's message ("Merge branch … See merge request …").
   */
  mergedMergeRequest(spec: {
    project: Project;
    projectPath: string;
    sourceBranch: string;
    targetBranch?: string;
    title: string;
    description?: string;
    author: User;
    mergedBy: User;
    createdAt: string;
    mergedAt: string;
    commits: { title: string; at: string; author?: User; files: Record<string, FileChange> }[];
  }): { mergeRequest: MergeRequest; mergeCommit: Commit } {
    const target = spec.targetBranch ?? spec.project.defaultBranch;
    const base = this.branchHead(spec.project, target);
    if (!base) throw new Error(`branch ${target} has no commits`);
    this.branches.set(key(spec.project.id, spec.sourceBranch), base);
    const branchCommits = spec.commits.map((c) =>
      this.commit({
        project: spec.project,
        branch: spec.sourceBranch,
        title: c.title,
        author: c.author ?? spec.author,
        at: c.at,
        files: c.files,
      }),
    );
    const iid = (this.mrIid.get(spec.project.id) ?? 0) + 1;
    this.mrIid.set(spec.project.id, iid);
    const head = branchCommits[branchCommits.length - 1].sha;
    const mergeCommit = this.commit({
      project: spec.project,
      branch: target,
      parents: [base, head],
      title: `Merge branch '${spec.sourceBranch}' into '${target}'`,
      body: `${spec.title}\n\nSee merge request ${spec.projectPath}!${iid}`,
      author: spec.mergedBy,
      at: spec.mergedAt,
    });
    // The merge commit's tree is the source head's (no conflicts, target unchanged since the branch was cut).
    (mergeCommit as { tree: ReadonlyMap<string, FileContent> }).tree = this.get(spec.project, head)!.tree;
    const mergeRequest: MergeRequest = {
      id: this.mergeRequests.size + 1,
      iid,
      projectId: spec.project.id,
      title: spec.title,
      description: spec.description ?? '',
      authorId: spec.author.id,
      sourceBranch: spec.sourceBranch,
      targetBranch: target,
      state: 'merged',
      createdAt: spec.createdAt,
      updatedAt: spec.mergedAt,
      mergedAt: spec.mergedAt,
      mergedById: spec.mergedBy.id,
      headSha: head,
      mergeCommitSha: mergeCommit.sha,
      commitShas: branchCommits.map((c) => c.sha),
    };
    this.mergeRequests.set(mergeRequest.id, mergeRequest);
    return { mergeRequest, mergeCommit };
  }

  branchHead(project: Project, branch: string): string | undefined {
    return this.branches.get(key(project.id, branch));
  }

  get(project: Project, sha: string): Commit | undefined {
    return this.commits.get(key(project.id, sha));
  }

  hasHistory(project: Project): boolean {
    return [...this.branches.keys()].some((k) => k.startsWith(`${project.id}:`));
  }

  /** A full sha, an unambiguous prefix of at least 7 characters, or a branch name. */
  resolve(project: Project, ref: string): Commit | undefined {
    const branch = this.branchHead(project, ref);
    if (branch) return this.get(project, branch);
    const exact = this.get(project, ref);
    if (exact) return exact;
    if (!/^[0-9a-f]{7,39}$/.test(ref)) return undefined;
    const matches = [...this.commits.values()].filter((c) => c.projectId === project.id && c.sha.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** `git log base..head` in chronological order, as `Gitlab::Git::Commit.between` returns it. */
  between(project: Project, base: Commit, head: Commit): Commit[] {
    const excluded = this.ancestors(project, base);
    return [...this.ancestors(project, head)]
      .filter((sha) => !excluded.has(sha))
      .map((sha) => this.get(project, sha)!)
      .sort((a, b) => a.committedDate.localeCompare(b.committedDate) || a.seq - b.seq);
  }

  /** The best common ancestor (the newest one both reach). */
  mergeBase(project: Project, a: Commit, b: Commit): Commit | undefined {
    const ofA = this.ancestors(project, a);
    return [...this.ancestors(project, b)]
      .filter((sha) => ofA.has(sha))
      .map((sha) => this.get(project, sha)!)
      .sort((x, y) => y.committedDate.localeCompare(x.committedDate) || y.seq - x.seq)[0];
  }

  /** The merge requests a commit belongs to: its diff commits, its merge commit (`by_related_commit_sha`). */
  mergeRequestsOf(project: Project, sha: string): MergeRequest[] {
    return [...this.mergeRequests.values()].filter(
      (mr) =>
        mr.projectId === project.id && (mr.mergeCommitSha === sha || mr.headSha === sha || mr.commitShas.includes(sha)),
    );
  }

  /** The file-by-file differences between two trees, in path order. */
  diff(from: Commit, to: Commit): FileDiff[] {
    const paths = [...new Set([...from.tree.keys(), ...to.tree.keys()])].sort();
    const diffs: FileDiff[] = [];
    for (const path of paths) {
      const before = from.tree.get(path);
      const after = to.tree.get(path);
      if (sameContent(before, after)) continue;
      const binary = before?.kind === 'binary' || after?.kind === 'binary';
      diffs.push({
        oldPath: path,
        newPath: path,
        aMode: before ? MODE : '0',
        bMode: after ? MODE : '0',
        newFile: before === undefined,
        deletedFile: after === undefined,
        binary,
        patch: binary
          ? `Binary files a/${path} and b/${path} differ\n`
          : unifiedPatch(textOf(before), textOf(after), before === undefined, after === undefined),
      });
    }
    return diffs;
  }

  private ancestors(project: Project, start: Commit): Set<string> {
    const seen = new Set<string>();
    const queue = [start.sha];
    while (queue.length > 0) {
      const sha = queue.pop()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.get(project, sha)?.parentIds ?? []));
    }
    return seen;
  }
}

function key(projectId: number, name: string): string {
  return `${projectId}:${name}`;
}

function sameContent(a: FileContent | undefined, b: FileContent | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'text' && b.kind === 'text') return a.text === b.text;
  if (a.kind === 'binary' && b.kind === 'binary') return a.size === b.size;
  return false;
}

function textOf(content: FileContent | undefined): string {
  return content?.kind === 'text' ? content.text : '';
}

const CONTEXT = 3;

/** One hunk around the changed lines (common leading and trailing lines trimmed), like `git diff -U3` for one change. */
function unifiedPatch(before: string, after: string, added: boolean, deleted: boolean): string {
  const a = added ? [] : splitLines(before);
  const b = deleted ? [] : splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(start - CONTEXT, 0);
  const toA = Math.min(endA + CONTEXT, a.length);
  const toB = Math.min(endB + CONTEXT, b.length);
  const lines = [
    ...a.slice(from, start).map((l) => ` ${l}`),
    ...a.slice(start, endA).map((l) => `-${l}`),
    ...b.slice(start, endB).map((l) => `+${l}`),
    ...a.slice(endA, toA).map((l) => ` ${l}`),
  ];
  const range = (first: number, count: number) => (count === 0 ? `${first},0` : `${first + 1},${count}`);
  return `@@ -${range(from, toA - from)} +${range(from, toB - from)} @@\n${lines.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
