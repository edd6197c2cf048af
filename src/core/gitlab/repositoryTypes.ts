// Types for the repository, merge-request and member JSON a deployment brief reads (only the fields we use). Field names
// and nullability follow GitLab's entities: lib/api/entities/{commit,compare,diff,merge_request_basic,member}.rb.
import type { DeploymentListItem, Environment, UserBasic } from './types';

/** `Entities::Commit`. */
export interface CommitSummary {
  id: string;
  short_id: string;
  title: string;
  message: string;
  parent_ids: string[] | null;
  author_name: string;
  author_email: string;
  authored_date: string;
  committed_date: string;
  web_url: string;
}

/**
 * `Entities::Diff`: `diff` is empty when the patch is `too_large` or `collapsed`; binary files say so in `diff`. The two
 * flags exist since GitLab 18.4; before, such a diff is only empty.
 */
export interface FileDiff {
  diff: string;
  new_path: string;
  old_path: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  too_large?: boolean;
  collapsed?: boolean;
}

/**
 * `Entities::Compare` (`GET /projects/:id/repository/compare`). `compare_timeout`: GitLab stopped listing diffs at its
 * limit (`diff_max_files`, 1,000 by default); `commits` is complete either way.
 */
export interface Comparison {
  commit: CommitSummary | null;
  commits: CommitSummary[];
  diffs: FileDiff[];
  compare_timeout: boolean;
  compare_same_ref: boolean;
  web_url: string;
}

/** `Entities::MergeRequestBasic`. */
export interface MergeRequestSummary {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  state: string;
  author: UserBasic | null;
  /** Who merged it; deprecated in 14.7 for `merge_user`, both still exposed (lib/api/entities/merge_request_basic.rb). */
  merged_by?: UserBasic | null;
  merge_user?: UserBasic | null;
  merged_at: string | null;
  source_branch: string;
  target_branch: string;
  sha: string | null;
  merge_commit_sha: string | null;
  squash_commit_sha?: string | null;
  web_url: string;
}

/** `Entities::Member`: UserBasic plus the membership. */
export interface Member extends UserBasic {
  access_level: number;
}

/** The first page of a list and GitLab's total (absent past 10,000 records). */
export interface CountedPage<T> {
  items: T[];
  total?: number;
}

/** `GET /projects/:id/environments/:id`: `last_deployment` is the last successful one. */
export interface EnvironmentWithLastDeployment extends Environment {
  last_deployment: DeploymentListItem | null;
}
