import * as assert from 'node:assert/strict';
import { approvalCompletes, myApprovalRules } from '../../../src/core/actions/approvalRules';
import { availableDeploymentActions } from '../../../src/core/actions/availableActions';
import type { RuleProgress } from '../../../src/core/approvals/progress';
import type { ApprovalRuleForSummary } from '../../../src/core/gitlab/types';
import type { DeploymentView } from '../../../src/core/refresh/snapshot';

// Approve under all my rules, and Approve and Run only where the job could run right after.
const rule = (id: number, name: string): ApprovalRuleForSummary =>
  ({
    id,
    user_id: null,
    group_id: 10 + id,
    access_level: null,
    access_level_description: name,
    required_approvals: 1,
  }) as ApprovalRuleForSummary;
const progressOf = (r: ApprovalRuleForSummary, approved: number, required = 1): RuleProgress =>
  ({
    rule: r,
    label: r.access_level_description!,
    approved,
    required,
    pending: Math.max(required - approved, 0),
  }) as RuleProgress;

const security = rule(1, 'Security');
const maintainers = rule(2, 'Maintainers');
const qa = rule(3, 'QA');

function view(rules: RuleProgress[], mine: ApprovalRuleForSummary[], choices: string[]): DeploymentView {
  const totalPending = rules.reduce((sum, r) => sum + r.pending, 0);
  return {
    state: 'waiting-for-approval',
    deployAccess: 'allowed',
    deployment: { deployable: { id: 1 } },
    eligibility: {
      canApprove: true,
      canReject: true,
      uncertain: false,
      matchingRules: mine,
      possibleRules: [],
      ruleChoices: mine.map((r) => ({
        rule: r,
        label: r.access_level_description!,
        certain: true,
        ...(choices.length > 0 && { name: r.access_level_description! }),
      })),
      representedAsChoices: choices,
    },
    progress: {
      rules,
      totalPending,
      totalApproved: 0,
      totalRequired: rules.length,
      rejected: false,
      perRuleKnown: true,
    },
  } as unknown as DeploymentView;
}

describe('my approval rules', () => {
  it('lists each rule the user may approve under, by the name GitLab resolves, with its progress', () => {
    const v = view(
      [progressOf(security, 0), progressOf(maintainers, 0)],
      [security, maintainers],
      ['Security', 'Maintainers'],
    );
    const mine = myApprovalRules(v);
    assert.deepEqual(
      mine.map((r) => [r.name, r.progress?.rule.id]),
      [
        ['Security', 1],
        ['Maintainers', 2],
      ],
    );
  });

  it('is one unnamed rule when the user matches one, and nothing when they may not approve', () => {
    const v = view([progressOf(security, 0)], [security], []);
    assert.deepEqual(
      myApprovalRules(v).map((r) => [r.name, r.label, r.progress?.rule.id]),
      [[undefined, 'Security', 1]],
    );
    assert.deepEqual(myApprovalRules({ ...v, eligibility: { ...v.eligibility!, canApprove: false } }), []);
  });

  it('completes the deployment only when every rule short of approvals is one of mine, one short', () => {
    const both = view(
      [progressOf(security, 0), progressOf(maintainers, 0)],
      [security, maintainers],
      ['Security', 'Maintainers'],
    );
    assert.equal(approvalCompletes(both, myApprovalRules(both)), true);
    assert.equal(approvalCompletes(both, myApprovalRules(both).slice(0, 1)), false);
    const othersToo = view([progressOf(security, 0), progressOf(qa, 0)], [security], []);
    assert.equal(approvalCompletes(othersToo, myApprovalRules(othersToo)), false);
    const twoShort = view([progressOf(security, 0, 2)], [security], []);
    assert.equal(approvalCompletes(twoShort, myApprovalRules(twoShort)), false);
  });

  it('offers Approve and Run only where the job could run right after', () => {
    const last = view([progressOf(security, 0), progressOf(qa, 1)], [security], []);
    assert.ok(availableDeploymentActions(last, 30).includes('approveAndRun'));
    const notLast = view([progressOf(security, 0), progressOf(qa, 0)], [security], []);
    assert.deepEqual(availableDeploymentActions(notLast, 30), ['approve', 'reject']);
  });
});
