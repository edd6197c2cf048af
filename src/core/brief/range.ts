// The part of a brief two shas decide: the commits between what is live and this deployment, their merge requests and
// the changed files. GitLab's compare lists every commit of `from..to` (oldest first) and cuts the diffs at its safe
// limits (`compare_timeout`); see docs/deployment-brief.md.
import type { CallOptions, GitLabClient, ProjectIdOrPath } from '../gitlab/client';
import type { CommitSummary, FileDiff, MergeRequestSummary } from '../gitlab/repositoryTypes';
import type { BriefLimits } from './limits';
import type { Bounded, BriefCommit, BriefMergeRequest, ChangedFile, CommitAuthor, RangeBrief } from './types';

export type RangeClient = Pick<GitLabClient, 'compare' | 'commitMergeRequests'>;

const BINARY_NOTICE = /^Binary files .* and .* differ/;

/** What this sha ships relative to what is live (two compares in parallel, then the merge requests of the range). */
export async function buildRange(
  client: RangeClient,
  projectId: ProjectIdOrPath,
  liveSha: string | undefined,
  sha: string,
  limits: BriefLimits,
  options?: CallOptions,
): Promise<RangeBrief> {
  const empty = {
    commits: none<BriefCommit>(),
    dropped: none<BriefCommit>(),
    authors: [],
    mergeRequests: [],
    mergeRequestsComplete: true,
  };
  const noFiles = { entries: [], count: 0, truncated: false };
  if (liveSha === undefined) return { relation: 'first-deployment', ...empty, files: noFiles };
  if (liveSha === sha) return { relation: 'same-commit', ...empty, files: noFiles };

  // Straight: the files as they change on the environment (live's tree → this tree), even when the lines diverged.
  const [ahead, behind] = await Promise.all([
    client.compare(projectId, liveSha, sha, { ...options, straight: true }),
    client.compare(projectId, sha, liveSha, options),
  ]);
  const relation =
    ahead.commits.length > 0 && behind.commits.length > 0
      ? 'diverged'
      : behind.commits.length > 0
        ? 'rollback'
        : 'forward';
  const { mergeRequests, complete } = await mergeRequestsOf(client, projectId, ahead.commits, sha, limits, options);
  return {
    relation,
    commits: bounded(ahead.commits, limits.commitsShown),
    dropped: bounded(behind.commits, limits.commitsShown),
    authors: authorsOf(ahead.commits),
    mergeRequests,
    mergeRequestsComplete: complete,
    files: { entries: ahead.diffs.map(changedFile), count: ahead.diffs.length, truncated: ahead.compare_timeout },
    compareUrl: ahead.web_url || undefined,
  };
}

/**
 * The merge requests of a range, one lookup per mainline commit (the first-parent chain from `head`): a merge commit
 * names its merge request, and a squashed or fast-forwarded one is its own. Branch commits behind a merge need no
 * lookup. Only the newest `mergeRequestLookups` mainline commits are looked up.
 */
async function mergeRequestsOf(
  client: RangeClient,
  projectId: ProjectIdOrPath,
  commits: CommitSummary[],
  head: string,
  limits: BriefLimits,
  options?: CallOptions,
): Promise<{ mergeRequests: BriefMergeRequest[]; complete: boolean }> {
  const mainline = firstParentChain(commits, head);
  const looked = mainline.slice(0, limits.mergeRequestLookups);
  const answers = await Promise.all(looked.map((commit) => client.commitMergeRequests(projectId, commit.id, options)));
  const byId = new Map<number, MergeRequestSummary>();
  for (const mr of answers.flat()) if (!byId.has(mr.id)) byId.set(mr.id, mr);
  return {
    mergeRequests: [...byId.values()].map(briefMergeRequest),
    complete: looked.length === mainline.length,
  };
}

/** The commits reached from `head` by first parents while inside the range, newest first. */
export function firstParentChain(commits: CommitSummary[], head: string): CommitSummary[] {
  const bySha = new Map(commits.map((c) => [c.id, c]));
  const chain: CommitSummary[] = [];
  for (let commit = bySha.get(head); commit && !chain.includes(commit);) {
    chain.push(commit);
    const parent = commit.parent_ids?.[0];
    commit = parent ? bySha.get(parent) : undefined;
  }
  // A head outside the list (should not happen) falls back to every commit, newest first.
  return chain.length > 0 ? chain : [...commits].reverse();
}

function bounded(commits: CommitSummary[], shown: number): Bounded<BriefCommit> {
  return { shown: [...commits].reverse().slice(0, shown).map(briefCommit), total: commits.length };
}

function none<T>(): Bounded<T> {
  return { shown: [], total: 0 };
}

/** Each (name, address) of the commits once, with its count, in the order first seen. */
function authorsOf(commits: CommitSummary[]): CommitAuthor[] {
  const byKey = new Map<string, CommitAuthor>();
  for (const commit of commits) {
    const key = `${commit.author_name}\0${commit.author_email}`;
    const known = byKey.get(key);
    if (known) known.commits++;
    else byKey.set(key, { name: commit.author_name, email: commit.author_email, commits: 1 });
  }
  return [...byKey.values()];
}

function briefCommit(commit: CommitSummary): BriefCommit {
  return {
    sha: commit.id,
    title: commit.title,
    authorName: commit.author_name,
    authorEmail: commit.author_email,
    authoredAt: commit.authored_date,
    webUrl: commit.web_url,
  };
}

function briefMergeRequest(mr: MergeRequestSummary): BriefMergeRequest {
  const merger = mr.merged_by ?? mr.merge_user;
  return {
    iid: mr.iid,
    title: mr.title,
    author: mr.author ? { name: mr.author.name, username: mr.author.username } : undefined,
    ...(merger ? { mergedBy: { id: merger.id, name: merger.name, username: merger.username } } : {}),
    webUrl: mr.web_url,
    mergedAt: mr.merged_at,
  };
}

function changedFile(diff: FileDiff): ChangedFile {
  return {
    path: diff.new_path,
    oldPath: diff.old_path,
    kind: diff.new_file ? 'added' : diff.deleted_file ? 'deleted' : diff.renamed_file ? 'renamed' : 'modified',
    binary: BINARY_NOTICE.test(diff.diff),
    tooLarge: diff.too_large === true,
    collapsed: diff.collapsed === true,
  };
}
