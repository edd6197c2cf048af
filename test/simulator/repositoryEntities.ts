// JSON presenters for the repository API: `Entities::Commit`, `Entities::Compare`, `Entities::Diff` and
// `Entities::MergeRequestBasic` (GitLab's lib/api/entities/*.rb; key order as there).
import type { SimContext } from './context';
import { projectWebUrl, userBasic, type Json } from './entities';
import type { Project } from './model';
import type { LimitedDiff } from './diffLimits';
import type { Commit, MergeRequest } from './repository';

type JsonObject = { [key: string]: Json };

/** `Entities::Commit`: `created_at` is the committed date (`Commit#created_at`). */
export function commitEntity(ctx: SimContext, project: Project, commit: Commit): JsonObject {
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    created_at: commit.committedDate,
    parent_ids: commit.parentIds,
    title: commit.title,
    message: commit.message,
    author_name: commit.authorName,
    author_email: commit.authorEmail,
    authored_date: commit.authoredDate,
    committer_name: commit.authorName,
    committer_email: commit.authorEmail,
    committed_date: commit.committedDate,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl(ctx, project)}/-/commit/${commit.sha}`,
  };
}

/**
 * `Entities::Diff` (lib/api/entities/diff.rb) of a diff as GitLab's limits left it (`limitDiffs`): a collapsed or too
 * large one has an empty `diff`. `collapsed` and `too_large` exist since 18.4.
 */
export function diffEntity(ctx: SimContext, limited: LimitedDiff): JsonObject {
  const { diff } = limited;
  return {
    diff: limited.patch,
    ...(ctx.profile.diffCollapseKeys ? { collapsed: limited.collapsed, too_large: limited.tooLarge } : {}),
    new_path: diff.newPath,
    old_path: diff.oldPath,
    a_mode: diff.aMode,
    b_mode: diff.bMode,
    new_file: diff.newFile,
    renamed_file: false,
    deleted_file: diff.deletedFile,
    generated_file: false,
  };
}

/** `Entities::MergeRequestBasic` with EE's `approvals_before_merge`, for a merged or open merge request. */
export function mergeRequestBasicEntity(ctx: SimContext, project: Project, mr: MergeRequest): JsonObject {
  const author = ctx.state.users.get(mr.authorId)!;
  const mergedBy = mr.mergedById === null ? null : userBasic(ctx, ctx.state.users.get(mr.mergedById)!);
  const fullPath = ctx.state.projectFullPath(project);
  const body: JsonObject = {
    id: mr.id,
    iid: mr.iid,
    project_id: project.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: mergedBy,
    merge_user: mergedBy,
    merged_at: mr.mergedAt,
    closed_by: null,
    closed_at: null,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author: userBasic(ctx, author),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: project.id,
    target_project_id: project.id,
    labels: [],
    draft: false,
    imported: false,
    imported_from: 'none',
    work_in_progress: false,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: mr.state === 'merged' ? 'can_be_merged' : 'checking',
    detailed_merge_status: mr.state === 'merged' ? 'not_open' : 'checking',
    merge_after: null,
    sha: mr.headSha,
    merge_commit_sha: mr.mergeCommitSha,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: true,
    prepared_at: mr.createdAt,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${fullPath}!${mr.iid}` },
    web_url: `${projectWebUrl(ctx, project)}/-/merge_requests/${mr.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
  };
  if (ctx.profile.enterprise) body.approvals_before_merge = null;
  return body;
}
