// What GitLab does to a compare's diffs at its default diff limits (docs/gitlab-behaviour.md#compare-results-gitlab-collapses).
// The API asks Gitaly for the diffs with the application settings' limits and `collapse_diffs` (GitLab's
// Gitlab::Diff::FileCollection::Base.default_options: `expanded: false`); Gitaly's parser
// (internal/gitaly/diff/diff.go, `Parse`) collapses, prunes and stops; then Gitlab::Git::Diff collapses any later patch
// of 10% of the patch limit or more. Both steps are followed here in their order.
import type { FileDiff } from './repository';

/** `diff_max_files`, `diff_max_lines`, `diff_max_patch_bytes` at their defaults (db/structure.sql). */
const MAX_FILES = 1000;
const MAX_LINES = 50_000;
const MAX_PATCH_BYTES = 200 * 1024;
/** Gitlab::Git::DiffCollection.limits: 5 KB a file; the safe limits are a tenth (Commit::DIFF_SAFE_LIMIT_FACTOR). */
const MAX_BYTES = MAX_FILES * 5 * 1024;
const SAFE_MAX_FILES = MAX_FILES / 10;
const SAFE_MAX_LINES = MAX_LINES / 10;
const SAFE_MAX_BYTES = SAFE_MAX_FILES * 5 * 1024;
/** Gitlab::Git::Diff.patch_safe_limit_bytes: a tenth of the patch limit. */
const COLLAPSE_PATCH_BYTES = MAX_PATCH_BYTES / 10;

export interface LimitedDiff {
  diff: FileDiff;
  /** The patch as GitLab answers it: empty when collapsed or too large. */
  patch: string;
  collapsed: boolean;
  tooLarge: boolean;
}

/** The diffs GitLab's compare lists, and whether it stopped before the last (`compare_timeout`). */
export function limitDiffs(diffs: FileDiff[]): { diffs: LimitedDiff[]; overflow: boolean } {
  const listed: LimitedDiff[] = [];
  let files = 0;
  let lines = 0;
  let bytes = 0;
  for (const diff of diffs) {
    // Gitaly counts the patch's lines and their bytes, hunk headers not included.
    files++;
    const { lineCount, byteCount } = patchStats(diff.patch);
    lines += lineCount;
    bytes += byteCount;
    let patch = diff.patch;
    const prune = () => {
      lines -= lineCount;
      bytes -= Buffer.byteLength(patch);
      patch = '';
    };
    let collapsed = false;
    let tooLarge = false;
    if ((files > SAFE_MAX_FILES || lines > SAFE_MAX_LINES || bytes > SAFE_MAX_BYTES) && lineCount > 0) {
      prune();
      collapsed = true;
    }
    if (Buffer.byteLength(patch) >= MAX_PATCH_BYTES) {
      prune();
      tooLarge = true;
    }
    // The diff that reaches a hard limit is dropped and the list ends (Gitaly's overflow marker).
    if (files > MAX_FILES || lines >= MAX_LINES || bytes >= MAX_BYTES) return { diffs: listed, overflow: true };
    // Gitlab::Git::DiffCollection#expand_diff?: only the first diff is expanded (the stitcher's count is 1 while it is
    // yielded); any other patch of 20 KB or more is collapsed (Gitlab::Git::Diff#collapsed?).
    const expanded = listed.length === 0;
    if (!collapsed && !tooLarge && !expanded && Buffer.byteLength(patch) >= COLLAPSE_PATCH_BYTES) {
      patch = '';
      collapsed = true;
    }
    listed.push({ diff, patch, collapsed, tooLarge });
  }
  return { diffs: listed, overflow: false };
}

function patchStats(patch: string): { lineCount: number; byteCount: number } {
  let lineCount = 0;
  let byteCount = 0;
  for (const line of patch.split(/(?<=\n)/)) {
    if (line === '' || line.startsWith('@@')) continue;
    lineCount++;
    byteCount += Buffer.byteLength(line);
  }
  return { lineCount, byteCount };
}
