// What a deployment would ship, for the brief tool: the deployment page's brief (src/core/brief) turned into the
// tools' structured data. GitLab text (refs, shas, commit and merge request titles, names, paths, and the warnings and
// problems that quote them) sits only under `gitlab` keys; no GitLab URL is passed on (compare, commit and merge request
// links stay out, as everywhere in the tools' results).
import { isGitLabError } from '../errors';
import {
  briefSummary,
  type Bounded,
  type BriefCommit,
  type ChangeKind,
  type DeploymentBrief,
  type Relation,
  type RuleApprovers,
  type WarningKind,
} from '../brief';

/** Files listed before "and N more": the count is always given. */
export const FILES_LISTED = 30;

/** A brief and who can approve under each rule — or why neither could be read. */
export type Shipped = { brief: DeploymentBrief; approvers: RuleApprovers[] } | { unavailable: string };

export interface CommitList {
  total: number;
  /** How many commits the list leaves out. */
  andMore: number;
  /** Newest first. */
  list: { authoredAt?: string; gitlab: { sha: string; title: string; author: string } }[];
}

export interface ShippingResult {
  /** False when GitLab could not say: nothing below may then be read as "nothing shipped" or "first deployment". */
  known: boolean;
  /** In the extension's words: why it is unknown or partial. */
  note?: string;
  relation?: Relation;
  live?: { iid: number; deployedAt?: string; gitlab: { ref: string; sha: string; deployedBy?: string } };
  commitsSinceLive?: CommitList;
  /** Commits live has that this deployment lacks: running it takes them off the environment. */
  commitsLiveHasThisLacks?: CommitList;
  mergeRequests?: {
    /** False when only the newest commits' merge requests were looked up. */
    complete: boolean;
    list: { iid: number; mergedAt?: string; gitlab: { title: string; author?: string } }[];
  };
  filesChanged?: {
    count: number;
    /** GitLab stopped listing at its diff limits: there are more. */
    cutByGitLab: boolean;
    andMore: number;
    list: {
      change: ChangeKind;
      binary: boolean;
      tooLarge: boolean;
      collapsed: boolean;
      gitlab: { path: string; renamedFrom?: string };
    }[];
  };
  /** What should make an approver stop: superseded, rollback, diverged, failed jobs, unusual branch. */
  warnings: { kind: WarningKind; gitlab: { message: string } }[];
  gitlab?: {
    /** The brief in one line, as the tooltips show it (it may name the environment). */
    summary?: string;
    problems?: string[];
  };
}

export interface WhoCanApprove {
  /** How many people in all; absent when unknown. */
  total?: number;
  note?: string;
  gitlab: { people: { name: string; username?: string }[] };
}

const PARTLY_UNREAD = 'Part of the brief could not be read from GitLab (see gitlab.problems); the rest stands.';

/**
 * Reads a brief and its approvers; a failure becomes a plain note (the tool still answers with the facts and rules it
 * holds). Only a cancellation is passed on.
 */
export async function readShipped(
  brief: () => Promise<DeploymentBrief>,
  approvers: () => Promise<RuleApprovers[]>,
): Promise<Shipped> {
  try {
    const [b, a] = await Promise.all([brief(), approvers()]);
    return { brief: b, approvers: a };
  } catch (error) {
    if (isGitLabError(error) && error.kind === 'cancelled') throw error;
    const why = isGitLabError(error) ? ` (${error.kind})` : '';
    return { unavailable: `What it ships could not be read from GitLab${why}; the facts and rules below still stand.` };
  }
}

export function shippingResult(shipped: Shipped): ShippingResult {
  if ('unavailable' in shipped) return { known: false, note: shipped.unavailable, warnings: [] };
  const { brief } = shipped;
  const warnings = brief.warnings.map((w) => ({ kind: w.kind, gitlab: { message: w.message } }));
  const problems = brief.problems.length > 0 ? { problems: brief.problems } : {};
  if (!brief.rangeKnown) {
    return {
      known: false,
      note: 'What is live on the environment, or the commits since, could not be read from GitLab; the facts and rules below still stand.',
      warnings,
      ...(brief.problems.length > 0 ? { gitlab: problems } : {}),
    };
  }
  const live = brief.live;
  const hasRange = brief.relation !== 'first-deployment' && brief.relation !== 'same-commit';
  return {
    known: true,
    ...(brief.problems.length > 0 ? { note: PARTLY_UNREAD } : {}),
    relation: brief.relation,
    live: live && {
      iid: live.iid,
      deployedAt: isoTime(live.at),
      gitlab: { ref: live.ref, sha: live.sha.slice(0, 12), deployedBy: live.user?.username },
    },
    commitsSinceLive: commitList(brief.commits),
    ...(brief.dropped.total > 0 ? { commitsLiveHasThisLacks: commitList(brief.dropped) } : {}),
    ...(hasRange
      ? {
          mergeRequests: {
            complete: brief.mergeRequestsComplete,
            list: brief.mergeRequests.map((mr) => ({
              iid: mr.iid,
              mergedAt: mr.mergedAt ? isoTime(mr.mergedAt) : undefined,
              gitlab: { title: mr.title, author: mr.author?.username },
            })),
          },
          filesChanged: {
            count: brief.files.count,
            cutByGitLab: brief.files.truncated,
            andMore: Math.max(brief.files.count - FILES_LISTED, 0),
            list: brief.files.entries.slice(0, FILES_LISTED).map((f) => ({
              change: f.kind,
              binary: f.binary,
              tooLarge: f.tooLarge,
              collapsed: f.collapsed,
              gitlab: { path: f.path, ...(f.kind === 'renamed' ? { renamedFrom: f.oldPath } : {}) },
            })),
          },
        }
      : {}),
    warnings,
    gitlab: { summary: briefSummary(brief), ...problems },
  };
}

/** Who can approve under the approval rule with this id, when the approvers were read. */
export function whoCanApprove(shipped: Shipped, ruleId: number): WhoCanApprove | undefined {
  if ('unavailable' in shipped) return undefined;
  const found = shipped.approvers.find((a) => a.ruleId === ruleId);
  if (!found) return undefined;
  return {
    total: found.total,
    note: found.note,
    gitlab: {
      people: found.people.map((p) => (p.username ? { name: p.name, username: p.username } : { name: p.name })),
    },
  };
}

function commitList(commits: Bounded<BriefCommit>): CommitList {
  return {
    total: commits.total,
    andMore: commits.total - commits.shown.length,
    list: commits.shown.map((c) => ({
      authoredAt: isoTime(c.authoredAt),
      gitlab: { sha: c.sha.slice(0, 12), title: c.title, author: c.authorName },
    })),
  };
}

/** GitLab's timestamps, re-written by us: a value that is not a date is dropped rather than passed on. */
export function isoTime(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
