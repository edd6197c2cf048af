import * as assert from 'node:assert/strict';
import { ruleProgress } from '../../../../src/core/approvals/progress';
import { aBlockedDeployment, aGroupRule, alice, aRoleRule, aUserRule, bob, carol, dave } from '../../builders';

describe('ruleProgress', () => {
  it('counts approvals per rule with GitLab arithmetic and humanized labels', () => {
    const progress = ruleProgress(
      aBlockedDeployment()
        .withRule(aGroupRule('security').requiring(2))
        .withRule(aRoleRule('maintainers'))
        .withRule(aUserRule(dave))
        .approvedBy(alice, { as: 'security' })
        .approvedBy(bob, { as: 'Maintainers' })
        .build(),
    );
    assert.deepEqual(
      progress.rules.map((r) => [r.label, r.approved, r.required, r.pending, r.status]),
      [
        ['security', 1, 2, 1, 'pending-approval'],
        ['Maintainers', 1, 1, 0, 'approved'],
        ['Dave', 0, 1, 1, 'pending-approval'],
      ],
    );
    assert.deepEqual(progress.rules[0]?.approvers, [alice]);
    assert.deepEqual(
      {
        required: progress.totalRequired,
        approved: progress.totalApproved,
        pending: progress.totalPending,
        rejected: progress.rejected,
        known: progress.perRuleKnown,
      },
      { required: 4, approved: 2, pending: 2, rejected: false, known: true },
    );
  });

  it('labels role rules GitLab leaves unnamed', () => {
    const progress = ruleProgress(
      aBlockedDeployment()
        .withRule(aRoleRule('developers'))
        .withRule(aRoleRule('reporters'))
        .withRule(aRoleRule('admins'))
        .build(),
    );
    assert.deepEqual(
      progress.rules.map((r) => r.label),
      ['Developers + Maintainers', 'Reporters + Developers + Maintainers', 'Administrators'],
    );
  });

  it('ignores approvals of other deployments listed under a rule (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary)', () => {
    const progress = ruleProgress(
      aBlockedDeployment()
        .withRule(aGroupRule('security').requiring(2))
        .withApprovalOfAnotherDeploymentBy(carol)
        .approvedBy(alice)
        .build(),
    );
    assert.equal(progress.rules[0]?.approved, 1);
    assert.deepEqual(progress.rules[0]?.approvers, [alice]);
    assert.equal(progress.totalPending, 1);
  });

  it('marks a rule with a rejection as rejected and names who rejected', () => {
    const progress = ruleProgress(
      aBlockedDeployment().withRule(aGroupRule('security').requiring(2)).approvedBy(alice).rejectedBy(bob).build(),
    );
    assert.equal(progress.rules[0]?.status, 'rejected');
    assert.deepEqual(progress.rules[0]?.rejecters, [bob]);
    assert.equal(progress.rejected, true);
  });

  it('reports totals only when the rules carry no per-rule approvals', () => {
    const progress = ruleProgress(
      aBlockedDeployment()
        .withRule(aGroupRule('security').requiring(2).withoutDeploymentApprovals())
        .approvedBy(alice)
        .build(),
    );
    assert.equal(progress.perRuleKnown, false);
    assert.equal(progress.rules[0]?.approved, 0);
    assert.equal(progress.totalApproved, 1);
    assert.equal(progress.totalRequired, 2);
  });

  it('derives the requirement of unified approvals from approved plus pending', () => {
    const progress = ruleProgress(aBlockedDeployment().withUnifiedApprovals(3).approvedBy(alice).build());
    assert.deepEqual(progress.rules, []);
    assert.deepEqual([progress.totalRequired, progress.totalApproved, progress.totalPending], [3, 1, 2]);
  });

  it('reports nothing required on CE', () => {
    const progress = ruleProgress(aBlockedDeployment().onCommunityEdition().build());
    assert.deepEqual([progress.rules.length, progress.totalRequired, progress.totalPending], [0, 0, 0]);
  });
});
