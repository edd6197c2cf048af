// What a deployment brief says: what is live, what this deployment ships since then, and what should make an
// approver stop. Plain data (GitLab strings kept raw: whoever shows them escapes them).
import type { DeploymentStatus } from '../gitlab/types';

export interface BriefUser {
  name: string;
  username: string;
}

/** What is live on the environment: its last successful deployment. */
export interface LiveDeployment {
  id: number;
  iid: number;
  ref: string;
  sha: string;
  /** When it was created (GitLab's `created_at`); ISO 8601. */
  at: string;
  user?: BriefUser;
}

export interface BriefCommit {
  sha: string;
  title: string;
  authorName: string;
  /** Git's author address (anyone can write any address into a commit: a hint, not an identity). */
  authorEmail: string;
  authoredAt: string;
  webUrl: string;
}

/** An author of the commits being shipped, as git recorded them. */
export interface CommitAuthor {
  name: string;
  email: string;
  commits: number;
}

export interface BriefMergeRequest {
  iid: number;
  title: string;
  author?: BriefUser;
  /** Who merged it (`merged_by`, or `merge_user` where GitLab left `merged_by` empty). */
  mergedBy?: BriefUser & { id: number };
  webUrl: string;
  mergedAt: string | null;
}

export type ChangeKind = 'added' | 'modified' | 'deleted' | 'renamed';

/**
 * One changed file, as Review Changes lists it. A binary file is listed, never fetched. GitLab sends no patch for a
 * collapsed or too-large file; Review Changes compares both sides, which it reads anyway.
 */
export interface ChangedFile {
  path: string;
  oldPath: string;
  kind: ChangeKind;
  /** GitLab's diff says "Binary files … differ" (a collapsed file's diff is empty, so it may be binary unseen). */
  binary: boolean;
  /** GitLab's `too_large`: the patch reached `diff_max_patch_bytes` and was dropped. */
  tooLarge: boolean;
  /** GitLab's `collapsed`: past its safe diff limits (100 files, 5,000 lines) or a later patch of 20 KB or more. */
  collapsed: boolean;
}

/** A bounded list: the first `shown` of `total`. */
export interface Bounded<T> {
  shown: T[];
  total: number;
}

/**
 * How this deployment's commit relates to what is live: no live deployment yet; the very same commit; newer (live is
 * its ancestor); older (it is an ancestor of live: approving rolls back); or on another line (each has commits the
 * other lacks).
 */
export type Relation = 'first-deployment' | 'same-commit' | 'forward' | 'rollback' | 'diverged';

export type WarningKind = 'superseded' | 'rollback' | 'diverged' | 'failed-jobs' | 'unusual-branch';

/** Something an approver should know before deciding, in plain words. */
export interface BriefWarning {
  kind: WarningKind;
  message: string;
}

export interface NewerDeployment {
  id: number;
  iid: number;
  ref: string;
  sha: string;
  status: DeploymentStatus;
  user?: BriefUser;
}

export interface FailedJob {
  id: number;
  name: string;
  stage?: string;
  allowFailure: boolean;
  webUrl: string;
}

/** The part of a brief fixed by two shas: cached per (project, live sha, this sha). */
export interface RangeBrief {
  relation: Relation;
  /** Commits from live to this sha, newest first. */
  commits: Bounded<BriefCommit>;
  /** Commits live has that this sha lacks (rollback, diverged), newest first. */
  dropped: Bounded<BriefCommit>;
  /** Every author of `commits` (all of them, not only those shown), with how many commits each wrote. */
  authors: CommitAuthor[];
  mergeRequests: BriefMergeRequest[];
  /** False when only the newest commits' merge requests were looked up. */
  mergeRequestsComplete: boolean;
  /** `truncated`: GitLab stopped listing at its diff limit (`compare_timeout`), so more files changed than `count`. */
  files: { entries: ChangedFile[]; count: number; truncated: boolean };
  /** GitLab's compare page for live → this sha. */
  compareUrl?: string;
}

export interface DeploymentBrief extends RangeBrief {
  projectId: number;
  deploymentId: number;
  environmentName: string;
  sha: string;
  ref: string;
  live?: LiveDeployment;
  newer: NewerDeployment[];
  failedJobs: FailedJob[];
  /** The ref this environment is usually deployed from, when recent history says so. */
  usualRef?: string;
  warnings: BriefWarning[];
  /**
   * False when what is live or the commits since could not be read: `relation` and the lists then say nothing (an
   * empty list is not "nothing shipped", a missing live deployment not "first deployment").
   */
  rangeKnown: boolean;
  /** Parts that could not be read; the rest of the brief stands. */
  problems: string[];
  /** Epoch ms when it was built. */
  builtAt: number;
}
