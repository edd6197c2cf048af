import type {
  ApprovalStatus,
  DeploymentApproval,
  DeploymentDetail,
  DeploymentStatus,
  UserBasic,
} from '../../../src/core/gitlab/types';
import { ApprovalRuleBuilder } from './rules';
import { root } from './users';

interface Decision {
  user: UserBasic;
  status: ApprovalStatus;
  comment: string | null;
  /** The rule's `access_level_description`; the first rule when absent. */
  as: string | undefined;
}

export interface DecisionOptions {
  as?: string;
  comment?: string;
}

type Shape = 'ee' | 'community-edition' | 'unlicensed' | 'unified-approvals';

let nextDeploymentId = 4700;
const FIRST_DECISION_AT = Date.parse('2026-02-10T10:05:00.000Z');

/**
 * A `GET /deployments/:id` body for a blocked deployment on a licensed EE, as GitLab would compute it: each decision is
 * recorded under one rule (top-level `approvals` and that rule's `deployment_approvals`), and `pending_approval_count` is
 * the sum of max(required − approved, 0) (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary).
 */
export class BlockedDeploymentBuilder {
  private readonly id = nextDeploymentId++;
  private readonly rules: ApprovalRuleBuilder[] = [];
  private readonly decided: Decision[] = [];
  private readonly fromOtherDeployments: Decision[] = [];
  private triggerer: UserBasic | null = root;
  private status: DeploymentStatus = 'blocked';
  private pendingOverride: number | undefined;
  private shape: Shape = 'ee';
  private unifiedRequired = 0;

  withRule(rule: ApprovalRuleBuilder): this {
    this.rules.push(rule);
    return this;
  }

  approvedBy(user: UserBasic, options: DecisionOptions = {}): this {
    this.decided.push({ user, status: 'approved', comment: options.comment ?? null, as: options.as });
    return this;
  }

  rejectedBy(user: UserBasic, options: DecisionOptions = {}): this {
    this.decided.push({ user, status: 'rejected', comment: options.comment ?? null, as: options.as });
    return this;
  }

  /** An approval of another deployment that GitLab lists under a rule's unscoped `deployment_approvals` (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
  withApprovalOfAnotherDeploymentBy(user: UserBasic, options: DecisionOptions = {}): this {
    this.fromOtherDeployments.push({ user, status: 'approved', comment: options.comment ?? null, as: options.as });
    return this;
  }

  triggeredBy(user: UserBasic | null): this {
    this.triggerer = user;
    return this;
  }

  withStatus(status: DeploymentStatus): this {
    this.status = status;
    return this;
  }

  withPendingApprovalCount(count: number): this {
    this.pendingOverride = count;
    return this;
  }

  /** CE: no approval keys at all (docs/gitlab-behaviour.md#versions-and-editions). */
  onCommunityEdition(): this {
    this.shape = 'community-edition';
    return this;
  }

  /** EE without license: rules listed, nothing pending, no approvals (docs/gitlab-behaviour.md#versions-and-editions). */
  unlicensed(): this {
    this.shape = 'unlicensed';
    return this;
  }

  /** 14.7–14.9: a unified `required_approval_count`, no `approval_summary`. */
  withUnifiedApprovals(required: number): this {
    this.shape = 'unified-approvals';
    this.unifiedRequired = required;
    return this;
  }

  build(): DeploymentDetail {
    const rules = this.rules.map((builder) => builder.build());
    const ruleFor = (decision: Decision) =>
      decision.as === undefined ? rules[0] : rules.find((rule) => rule.access_level_description === decision.as);
    const approvals = this.decided.map((decision, i): DeploymentApproval => {
      const approval = {
        user: decision.user,
        status: decision.status,
        created_at: minutesAfterFirst(i),
        comment: decision.comment,
      };
      ruleFor(decision)?.deployment_approvals?.push(approval);
      return approval;
    });
    this.fromOtherDeployments.forEach((decision, i) => {
      ruleFor(decision)?.deployment_approvals?.push({
        user: decision.user,
        status: decision.status,
        created_at: minutesAfterFirst(-60 - i),
        comment: decision.comment,
      });
    });
    const approvedFor = (ruleId: number) =>
      approvals.filter(
        (a) => a.status === 'approved' && rules.find((r) => r.id === ruleId)?.deployment_approvals?.includes(a),
      ).length;
    const computedPending =
      this.shape === 'unified-approvals'
        ? Math.max(this.unifiedRequired - approvals.filter((a) => a.status === 'approved').length, 0)
        : rules.reduce((sum, rule) => sum + Math.max(rule.required_approvals - approvedFor(rule.id), 0), 0);

    const deployment: DeploymentDetail = {
      id: this.id,
      iid: this.id - 4600,
      ref: 'main',
      sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a',
      created_at: '2026-02-10T10:00:00.000Z',
      updated_at: '2026-02-10T10:00:05.000Z',
      user: this.triggerer,
      environment: {
        id: 9,
        name: 'production',
        slug: 'production',
        external_url: null,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      },
      deployable: {
        id: this.id + 10000,
        status: this.status === 'blocked' ? 'manual' : 'failed',
        stage: 'deploy',
        name: 'deploy_prod',
        ref: 'main',
        web_url: `https://gitlab.example.com/g/p/-/jobs/${this.id + 10000}`,
        pipeline: {
          id: 42,
          iid: 7,
          project_id: 1,
          sha: 'a91957a8',
          ref: 'main',
          status: 'manual',
          web_url: 'https://gitlab.example.com/g/p/-/pipelines/42',
        },
      },
      status: this.status,
      pending_approval_count: this.pendingOverride ?? computedPending,
      approvals,
      approval_summary: { rules },
    };
    switch (this.shape) {
      case 'community-edition':
        delete deployment.pending_approval_count;
        delete deployment.approvals;
        delete deployment.approval_summary;
        break;
      case 'unlicensed':
        deployment.pending_approval_count = 0;
        deployment.approvals = [];
        rules.forEach((rule) => (rule.deployment_approvals = []));
        break;
      case 'unified-approvals':
        delete deployment.approval_summary;
        break;
      case 'ee':
        break;
    }
    return deployment;
  }
}

function minutesAfterFirst(minutes: number): string {
  return new Date(FIRST_DECISION_AT + minutes * 60_000).toISOString();
}

export function aBlockedDeployment(): BlockedDeploymentBuilder {
  return new BlockedDeploymentBuilder();
}
