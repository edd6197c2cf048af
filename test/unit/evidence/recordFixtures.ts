// Fixed inputs for the approval-record tests: every id, name and time written out, so the golden files never move.
import type { DeploymentBrief, Me } from '../../../src/core/brief';
import type { RecordedAuditEvent } from '../../../src/core/evidence';
import type { DeploymentRecordInput } from '../../../src/core/evidence/approvalRecord';
import type { FollowedJob } from '../../../src/core/follow/followedJob';
import type { DeploymentApproval, DeploymentDetail, UserBasic } from '../../../src/core/gitlab/types';

export const INSTANCE = 'https://gitlab.example.com';

export function person(id: number, username: string, name: string): UserBasic {
  return { id, username, name, state: 'active', avatar_url: null, web_url: `${INSTANCE}/${username}` };
}

export const alice = person(3, 'alice', 'Alice Anders');
export const carol = person(5, 'carol', 'Carol Chen');
export const bob = person(4, 'bob', 'Bob Brown');
export const demo = person(2, 'demo', 'Demo User');

export const me: Me = { id: 2, name: 'Demo User', emails: ['demo@example.com'] };

const approval = (user: UserBasic, at: string, comment: string | null = null): DeploymentApproval => ({
  user,
  status: 'approved',
  created_at: at,
  comment,
});

/** billing-service production #7: two rules, approved by alice (with a comment) and demo; run and succeeded. */
export function decidedDeployment(over: { comment?: string; ref?: string } = {}): DeploymentDetail {
  const byAlice = approval(alice, '2026-02-10T08:30:00.000Z', over.comment ?? 'LGTM');
  const byDemo = approval(demo, '2026-02-10T08:40:00.000Z');
  return {
    id: 345,
    iid: 7,
    ref: over.ref ?? 'main',
    sha: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
    created_at: '2026-02-10T07:20:00.000Z',
    updated_at: '2026-02-10T09:05:00.000Z',
    status: 'success',
    user: bob,
    environment: {
      id: 31,
      name: 'production',
      slug: 'production',
      external_url: null,
      created_at: '2026-01-10T09:00:00.000Z',
      updated_at: '2026-02-10T09:05:00.000Z',
    },
    deployable: {
      id: 880,
      status: 'success',
      stage: 'deploy',
      name: 'deploy_production',
      ref: 'main',
      web_url: `${INSTANCE}/acme/platform/billing-service/-/jobs/880`,
      started_at: '2026-02-10T09:00:00.000Z',
      finished_at: '2026-02-10T09:05:00.000Z',
      pipeline: {
        id: 770,
        iid: 41,
        sha: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
        ref: 'main',
        status: 'success',
        web_url: `${INSTANCE}/acme/platform/billing-service/-/pipelines/770`,
      },
    },
    pending_approval_count: 0,
    approvals: [byAlice, byDemo],
    approval_summary: {
      rules: [
        {
          id: 61,
          user_id: null,
          group_id: null,
          access_level: 40,
          access_level_description: 'Maintainers',
          required_approvals: 1,
          group_inheritance_type: null,
          deployment_approvals: [byAlice],
        },
        {
          id: 62,
          user_id: null,
          group_id: 12,
          access_level: null,
          access_level_description: 'Security',
          required_approvals: 1,
          group_inheritance_type: 0,
          deployment_approvals: [byDemo],
        },
      ],
    },
  };
}

export function briefOf(detail: DeploymentDetail, over: { title?: string; path?: string } = {}): DeploymentBrief {
  return {
    projectId: 20,
    deploymentId: detail.id,
    environmentName: 'production',
    sha: detail.sha,
    ref: detail.ref,
    live: {
      id: 300,
      iid: 6,
      ref: 'main',
      sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      at: '2026-02-09T15:00:00.000Z',
      user: { name: 'Alice Anders', username: 'alice' },
    },
    relation: 'forward',
    commits: {
      shown: [
        {
          sha: detail.sha,
          title: over.title ?? 'Render invoices in PDF',
          authorName: 'Demo User',
          authorEmail: 'demo@example.com',
          authoredAt: '2026-02-10T07:00:00.000Z',
          webUrl: '',
        },
        {
          sha: '2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c',
          title: 'Round taxes per line',
          authorName: 'Alice Anders',
          authorEmail: 'alice@example.com',
          authoredAt: '2026-02-09T17:00:00.000Z',
          webUrl: '',
        },
      ],
      total: 2,
    },
    dropped: { shown: [], total: 0 },
    authors: [
      { name: 'Demo User', email: 'demo@example.com', commits: 1 },
      { name: 'Alice Anders', email: 'alice@example.com', commits: 1 },
    ],
    mergeRequests: [
      {
        iid: 87,
        title: over.title ?? 'Invoices as PDF',
        author: { name: 'Demo User', username: 'demo' },
        mergedBy: { id: 3, name: 'Alice Anders', username: 'alice' },
        webUrl: '',
        mergedAt: '2026-02-10T07:10:00.000Z',
      },
    ],
    mergeRequestsComplete: true,
    files: {
      entries: [
        {
          path: over.path ?? 'src/invoices/pdf.ts',
          oldPath: over.path ?? 'src/invoices/pdf.ts',
          kind: 'added',
          binary: false,
          tooLarge: false,
          collapsed: false,
        },
        {
          path: 'src/taxes.ts',
          oldPath: 'src/taxes.ts',
          kind: 'modified',
          binary: false,
          tooLarge: false,
          collapsed: false,
        },
      ],
      count: 2,
      truncated: false,
    },
    newer: [],
    failedJobs: [],
    warnings: [],
    rangeKnown: true,
    problems: [],
    builtAt: Date.parse('2026-02-10T09:10:00.000Z'),
  };
}

export const auditEvents: RecordedAuditEvent[] = [
  {
    id: 901,
    eventName: 'deployment_approved',
    at: '2026-02-10T08:30:00.000Z',
    authorId: 3,
    authorName: 'Alice Anders',
    message: 'Approved deployment with IID: 7 and ID: 345',
    comment: 'LGTM',
  },
  {
    id: 902,
    eventName: 'deployment_approved',
    at: '2026-02-10T08:40:00.000Z',
    authorId: 2,
    authorName: 'Demo User',
    message: 'Approved deployment with IID: 7 and ID: 345',
  },
];

export const followedJob: FollowedJob = {
  key: `${INSTANCE}#20#job:880`,
  instanceUrl: INSTANCE,
  projectId: 20,
  projectPath: 'acme/platform/billing-service',
  environmentId: 31,
  environmentName: 'production',
  deploymentKey: `${INSTANCE}#20#345`,
  ref: 'main',
  sha: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
  jobId: 880,
  jobName: 'deploy_production',
  status: 'success',
  startedAt: '2026-02-10T09:00:00.000Z',
  finishedAt: '2026-02-10T09:05:00.000Z',
  followedAt: Date.parse('2026-02-10T08:59:30.000Z'),
};

export function recordInput(over: Partial<DeploymentRecordInput> = {}): DeploymentRecordInput {
  const detail = over.detail ?? decidedDeployment();
  return {
    instanceUrl: INSTANCE,
    project: { id: 20, path: 'acme/platform/billing-service' },
    environment: { id: 31, name: 'production', tier: 'production' },
    detail,
    brief: briefOf(detail),
    me,
    followed: followedJob,
    auditEvents: { included: true, events: auditEvents, onlyYours: false, cut: false },
    ...over,
  };
}
