// An approval record: what GitLab says of a deployment's approval, gathered into one document a person keeps as
// evidence (issue 22). Plain data, GitLab text raw: the JSON file is this object, the Markdown file escapes each value
// (recordMarkdown.ts). Nothing secret is in it: no token, no header, no log text.
import { decisions } from '../approvals/decisions';
import { ruleProgress } from '../approvals/progress';
import { fourEyesFindings, FOUR_EYES_SOURCE, type DeploymentBrief, type Me } from '../brief';
import type { FollowedJob } from '../follow/followedJob';
import type { DeploymentDetail, EnvironmentTier, UserBasic } from '../gitlab/types';
import { linkOnInstance } from '../presentation/webLinks';
import type { AuditEventsPart } from './auditEvents';

export const RECORD_FORMAT = 'gitlab-deployment-approval-record';
export const RECORD_VERSION = 1;

export interface Person {
  id: number;
  username: string;
  name: string;
}

export interface ApprovalRecord {
  format: typeof RECORD_FORMAT;
  version: typeof RECORD_VERSION;
  /** What was exported: one deployment, an environment's deployments, or a pipeline's. */
  subject: { kind: 'deployment' | 'environment' | 'pipeline'; title: string };
  instanceUrl: string;
  exportedAt: string;
  exportedBy?: Person;
  /** Said once for the whole record: what it can and cannot show. */
  notes: string[];
  deployments: DeploymentRecord[];
}

export interface DeploymentRecord {
  project: { id: number; path: string };
  environment: { id: number; name: string; tier?: EnvironmentTier };
  deployment: {
    id: number;
    iid: number;
    ref: string;
    sha: string;
    status: string;
    createdAt: string;
    updatedAt: string;
    triggeredBy?: Person;
  };
  pipeline?: { id: number; iid?: number; ref: string; sha: string; status: string; webUrl?: string };
  job?: { id: number; name: string; stage?: string; status: string; webUrl?: string };
  approvals: {
    required: number;
    given: number;
    pending: number;
    rejected: boolean;
    rules: {
      name: string;
      required: number;
      given: number;
      status: string;
      approvedBy: Person[];
      rejectedBy: Person[];
    }[];
    decisions: {
      user: Person;
      decision: 'approved' | 'rejected';
      at: string;
      rules: string[];
      comment: string | null;
    }[];
  };
  brief: BriefPart;
  /** The brief's warnings, in plain words (GitLab names inside). */
  warnings: string[];
  fourEyes: FourEyesPart;
  jobOutcome: JobOutcome;
  auditEvents: AuditEventsPart;
}

export type BriefPart =
  | {
      read: true;
      live?: { iid: number; ref: string; sha: string; at: string; triggeredBy?: string };
      relation: string;
      commits: { sha: string; title: string; author: string; at: string }[];
      commitsTotal: number;
      mergeRequests: { iid: number; title: string; author?: string; mergedBy?: string }[];
      mergeRequestsComplete: boolean;
      files: { path: string; change: string }[];
      filesTotal: number;
      filesTruncated: boolean;
      problems: string[];
    }
  | { read: false; reason: string };

export interface FourEyesPart {
  source: string;
  /** Per person who decided: their own work in the deployment, as far as GitLab's data shows it. */
  deciders: {
    user: Person;
    /** Commits from one of their addresses (known only for the person exporting: GitLab lists only one's own). */
    authored?: number;
    /** Commits under their name from another or an unknown address: they may be theirs. */
    underTheirName: number;
    /** Merge requests in the deployment they merged. */
    merged: number[];
  }[];
  /** Unknown while what the deployment ships is unknown. */
  known: boolean;
}

export interface JobOutcome {
  /** Whether the job ran (a runner started it), as far as GitLab says. */
  ran: boolean | 'unknown';
  status?: string;
  failureReason?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** The person exporting started and followed it in this editor (follow-through). */
  startedHereAt?: string;
}

export interface DeploymentRecordInput {
  instanceUrl: string;
  project: { id: number; path: string };
  environment: { id: number; name: string; tier?: EnvironmentTier };
  /** The deployment as GitLab answered it for the record (`GET …/deployments/:id`). */
  detail: DeploymentDetail;
  brief: DeploymentBrief | { problem: string };
  /** The person exporting, with their addresses, where read. */
  me?: Me;
  /** The job the person started and followed in this editor, if any. */
  followed?: FollowedJob;
  auditEvents: AuditEventsPart;
}

export function deploymentRecord(input: DeploymentRecordInput): DeploymentRecord {
  const { detail, instanceUrl } = input;
  const job = detail.deployable;
  const progress = ruleProgress(detail);
  const brief = 'problem' in input.brief ? undefined : input.brief;
  return {
    project: input.project,
    environment: input.environment,
    deployment: {
      id: detail.id,
      iid: detail.iid,
      ref: detail.ref,
      sha: detail.sha,
      status: detail.status,
      createdAt: detail.created_at,
      updatedAt: detail.updated_at,
      ...(detail.user ? { triggeredBy: personOf(detail.user) } : {}),
    },
    ...(job?.pipeline
      ? {
          pipeline: {
            id: job.pipeline.id,
            ...(job.pipeline.iid !== undefined ? { iid: job.pipeline.iid } : {}),
            ref: job.pipeline.ref,
            sha: job.pipeline.sha,
            status: job.pipeline.status,
            ...webUrl(job.pipeline.web_url, instanceUrl),
          },
        }
      : {}),
    ...(job
      ? {
          job: {
            id: job.id,
            name: job.name,
            ...(job.stage !== undefined ? { stage: job.stage } : {}),
            status: job.status,
            ...webUrl(job.web_url, instanceUrl),
          },
        }
      : {}),
    approvals: {
      required: progress.totalRequired,
      given: progress.totalApproved,
      pending: progress.totalPending,
      rejected: progress.rejected,
      rules: progress.rules.map((rule) => ({
        name: rule.label,
        required: rule.required,
        given: rule.approved,
        status: rule.status,
        approvedBy: rule.approvers.map(personOf),
        rejectedBy: rule.rejecters.map(personOf),
      })),
      decisions: decisions(detail).map((d) => ({
        user: personOf(d.user),
        decision: d.status,
        at: d.at,
        rules: d.ruleLabels,
        comment: d.comment,
      })),
    },
    brief: brief ? briefPart(brief) : { read: false, reason: (input.brief as { problem: string }).problem },
    warnings: brief ? brief.warnings.map((w) => w.message) : [],
    fourEyes: fourEyesPart(detail, brief, input.me),
    jobOutcome: jobOutcome(detail, input.followed),
    auditEvents: input.auditEvents,
  };
}

function briefPart(brief: DeploymentBrief): BriefPart {
  return {
    read: true,
    ...(brief.live
      ? {
          live: {
            iid: brief.live.iid,
            ref: brief.live.ref,
            sha: brief.live.sha,
            at: brief.live.at,
            ...(brief.live.user ? { triggeredBy: brief.live.user.username } : {}),
          },
        }
      : {}),
    relation: brief.rangeKnown ? brief.relation : 'unknown',
    commits: brief.commits.shown.map((c) => ({ sha: c.sha, title: c.title, author: c.authorName, at: c.authoredAt })),
    commitsTotal: brief.commits.total,
    mergeRequests: brief.mergeRequests.map((mr) => ({
      iid: mr.iid,
      title: mr.title,
      ...(mr.author ? { author: mr.author.username } : {}),
      ...(mr.mergedBy ? { mergedBy: mr.mergedBy.username } : {}),
    })),
    mergeRequestsComplete: brief.mergeRequestsComplete,
    files: brief.files.entries.map((f) => ({ path: f.path, change: f.kind })),
    filesTotal: brief.files.count,
    filesTruncated: brief.files.truncated,
    problems: brief.problems,
  };
}

/**
 * Each person who approved or rejected, against what is shipped: the exporter with their own addresses, everyone else
 * by name and by who merged (GitLab lists no one else's addresses). The same check as the approve box's
 * (core/brief/fourEyes.ts).
 */
function fourEyesPart(detail: DeploymentDetail, brief: DeploymentBrief | undefined, me: Me | undefined): FourEyesPart {
  const deciders = new Map<number, UserBasic>();
  for (const approval of detail.approvals ?? []) deciders.set(approval.user.id, approval.user);
  const known = brief !== undefined && brief.rangeKnown;
  return {
    source: FOUR_EYES_SOURCE,
    known,
    deciders: known
      ? [...deciders.values()].map((user) => {
          const isMe = me !== undefined && me.id === user.id;
          const findings = fourEyesFindings(brief, isMe ? me : { id: user.id, name: user.name, emails: [] })!;
          return {
            user: personOf(user),
            ...(isMe ? { authored: findings.authored } : {}),
            underTheirName: findings.nameOnly,
            merged: findings.merged.map((mr) => mr.iid),
          };
        })
      : [],
  };
}

function jobOutcome(detail: DeploymentDetail, followed: FollowedJob | undefined): JobOutcome {
  const job = detail.deployable;
  // The followed job is the newest read of the job the person started (a retry's too); GitLab's answer otherwise.
  const status = followed?.status ?? job?.status;
  const startedAt = followed ? followed.startedAt : job?.started_at;
  const finishedAt = followed ? followed.finishedAt : job?.finished_at;
  const failureReason = followed ? followed.failureReason : job?.status === 'failed' ? job.failure_reason : undefined;
  const ran = status === undefined ? 'unknown' : typeof startedAt === 'string' && startedAt !== '';
  return {
    ran,
    ...(status !== undefined ? { status } : {}),
    ...(failureReason ? { failureReason } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    ...(followed ? { startedHereAt: new Date(followed.followedAt).toISOString() } : {}),
  };
}

export function personOf(user: Pick<UserBasic, 'id' | 'username' | 'name'>): Person {
  return { id: user.id, username: user.username, name: user.name };
}

function webUrl(raw: string | undefined, instanceUrl: string): { webUrl?: string } {
  const checked = linkOnInstance(raw, instanceUrl);
  return checked ? { webUrl: checked } : {};
}
