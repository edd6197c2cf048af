import * as assert from 'node:assert/strict';
import { approvalEligibility } from '../../../../src/core/approvals/eligibility';
import { aBlockedDeployment, aGroupRule, alice, anApprover, aRoleRule, aUserRule, bob, carol } from '../../builders';

const securityMember = anApprover(alice).directMemberOf('security').build();
const waitingForSecurity = () => aBlockedDeployment().withRule(aGroupRule('security').requiring(2));

describe('approvalEligibility', () => {
  it('lets a matching user approve or reject a waiting deployment', () => {
    const result = approvalEligibility(waitingForSecurity().build(), securityMember);
    assert.deepEqual(
      {
        canApprove: result.canApprove,
        canReject: result.canReject,
        reason: result.reason,
        rejectReason: result.rejectReason,
        choices: result.representedAsChoices,
      },
      { canApprove: true, canReject: true, reason: undefined, rejectReason: undefined, choices: [] },
    );
    assert.equal(result.matchingRules.length, 1);
  });

  describe('reasons, in GitLab’s check order', () => {
    it('no-approval-rules: a plain manual deployment', () => {
      const result = approvalEligibility(aBlockedDeployment().build(), securityMember);
      assert.deepEqual(
        [result.canApprove, result.reason, result.canReject, result.rejectReason],
        [false, 'no-approval-rules', false, 'no-approval-rules'],
      );
    });

    it('no-approval-rules on CE', () => {
      assert.equal(
        approvalEligibility(waitingForSecurity().onCommunityEdition().build(), securityMember).reason,
        'no-approval-rules',
      );
    });

    it('not-protected: rules without a license, before the self-approval check', () => {
      const result = approvalEligibility(waitingForSecurity().unlicensed().triggeredBy(alice).build(), securityMember);
      assert.deepEqual([result.reason, result.rejectReason], ['not-protected', 'not-protected']);
    });

    it('own-deployment: blocks approving, not rejecting', () => {
      const result = approvalEligibility(waitingForSecurity().triggeredBy(alice).build(), securityMember);
      assert.deepEqual([result.canApprove, result.reason, result.canReject], [false, 'own-deployment', true]);
    });

    it('own-deployment also when the project setting was not visible', () => {
      const ctx = anApprover(alice).directMemberOf('security').withSelfApprovalSettingUnknown().build();
      assert.equal(approvalEligibility(waitingForSecurity().triggeredBy(alice).build(), ctx).reason, 'own-deployment');
    });

    it('own-deployment is lifted by allow_pipeline_trigger_approve_deployment', () => {
      const ctx = anApprover(alice).directMemberOf('security').allowingSelfApproval().build();
      assert.equal(approvalEligibility(waitingForSecurity().triggeredBy(alice).build(), ctx).canApprove, true);
    });

    it('own-deployment comes before not-waiting, as in GitLab', () => {
      const deployment = aBlockedDeployment()
        .withRule(aGroupRule('security'))
        .approvedBy(bob)
        .triggeredBy(alice)
        .build();
      const result = approvalEligibility(deployment, securityMember);
      assert.deepEqual([result.reason, result.rejectReason], ['own-deployment', 'not-waiting']);
    });

    it('not-waiting: fully approved', () => {
      const deployment = aBlockedDeployment().withRule(aGroupRule('security')).approvedBy(bob).build();
      const result = approvalEligibility(deployment, securityMember);
      assert.deepEqual([result.canApprove, result.reason, result.canReject], [false, 'not-waiting', false]);
    });

    it('not-waiting: no longer blocked', () => {
      assert.equal(
        approvalEligibility(waitingForSecurity().withStatus('running').build(), securityMember).reason,
        'not-waiting',
      );
    });

    it('deployment-rejected: someone else rejected it', () => {
      const result = approvalEligibility(waitingForSecurity().rejectedBy(bob).build(), securityMember);
      assert.deepEqual([result.reason, result.rejectReason], ['deployment-rejected', 'deployment-rejected']);
    });

    it('already-rejected: the user rejected it', () => {
      const result = approvalEligibility(waitingForSecurity().rejectedBy(alice).build(), securityMember);
      assert.deepEqual([result.reason, result.rejectReason], ['already-rejected', 'already-rejected']);
    });

    it('not-waiting comes before no-matching-rule', () => {
      const deployment = aBlockedDeployment().withRule(aGroupRule('security')).approvedBy(bob).build();
      assert.equal(approvalEligibility(deployment, anApprover(carol).build()).reason, 'not-waiting');
    });

    it('no-matching-rule: the user is in none of the rules', () => {
      const result = approvalEligibility(
        waitingForSecurity().build(),
        anApprover(carol).withRole('maintainer').build(),
      );
      assert.deepEqual(
        [result.canApprove, result.reason, result.canReject, result.rejectReason],
        [false, 'no-matching-rule', false, 'no-matching-rule'],
      );
      assert.deepEqual(result.matchingRules, []);
    });

    it('already-approved: approving again would change nothing, rejecting still would', () => {
      const result = approvalEligibility(waitingForSecurity().approvedBy(alice).build(), securityMember);
      assert.deepEqual([result.canApprove, result.reason, result.canReject], [false, 'already-approved', true]);
    });

    it('an approval of another deployment does not count as the user’s', () => {
      const deployment = waitingForSecurity().withApprovalOfAnotherDeploymentBy(alice).build();
      assert.equal(approvalEligibility(deployment, securityMember).canApprove, true);
    });
  });

  describe('represented_as choices', () => {
    const securityAndQa = () => aBlockedDeployment().withRule(aGroupRule('security')).withRule(aGroupRule('qa'));
    const inBoth = anApprover(alice).directMemberOf('security', 'qa').build();

    it('offers one choice per matching rule', () => {
      assert.deepEqual(approvalEligibility(securityAndQa().build(), inBoth).representedAsChoices, ['security', 'qa']);
    });

    it('drops rules the user already approved, keeping the one that would otherwise be skipped', () => {
      const result = approvalEligibility(securityAndQa().approvedBy(alice, { as: 'security' }).build(), inBoth);
      assert.deepEqual([result.canApprove, result.representedAsChoices], [true, ['qa']]);
    });

    it('says already-approved once every matching rule has the user’s approval', () => {
      const deployment = aBlockedDeployment()
        .withRule(aGroupRule('security'))
        .withRule(aGroupRule('qa'))
        .withRule(aUserRule(bob))
        .approvedBy(alice, { as: 'security' })
        .approvedBy(alice, { as: 'qa' })
        .build();
      const result = approvalEligibility(deployment, inBoth);
      assert.deepEqual([result.reason, result.representedAsChoices], ['already-approved', []]);
    });

    it('offers nothing when only one rule matches', () => {
      assert.deepEqual(approvalEligibility(securityAndQa().build(), securityMember).representedAsChoices, []);
    });

    it('mixes user, group and role rules with their humanized names', () => {
      const deployment = aBlockedDeployment()
        .withRule(aUserRule(alice))
        .withRule(aGroupRule('security'))
        .withRule(aRoleRule('developers'))
        .build();
      const ctx = anApprover(alice).withRole('developer').directMemberOf('security').build();
      assert.deepEqual(approvalEligibility(deployment, ctx).representedAsChoices, [
        'Alice',
        'security',
        'Developers + Maintainers',
      ]);
    });

    it('omits a name an earlier rule captures by substring', () => {
      const deployment = aBlockedDeployment()
        .withRule(aGroupRule('security-ops'))
        .withRule(aGroupRule('security'))
        .build();
      const ctx = anApprover(alice).directMemberOf('security-ops', 'security').build();
      assert.deepEqual(approvalEligibility(deployment, ctx).representedAsChoices, ['security-ops']);
    });

    it('cannot name Reporter rules, nor rules after one (GitLab fails on represented_as there)', () => {
      const deployment = aBlockedDeployment().withRule(aRoleRule('reporters')).withRule(aGroupRule('security')).build();
      const ctx = anApprover(alice).withRole('reporter').directMemberOf('security').build();
      const result = approvalEligibility(deployment, ctx);
      assert.deepEqual([result.canApprove, result.matchingRules.length, result.representedAsChoices], [true, 2, []]);
    });

    it('gives an admin a choice for every rule', () => {
      const deployment = aBlockedDeployment()
        .withRule(aGroupRule('security'))
        .withRule(aRoleRule('maintainers'))
        .build();
      const admin = anApprover(carol).withRole('noAccess').asAdmin().build();
      assert.deepEqual(approvalEligibility(deployment, admin).representedAsChoices, ['security', 'Maintainers']);
    });
  });

  describe('unified approvals (14.7–14.9)', () => {
    it('lets a Developer approve', () => {
      assert.equal(
        approvalEligibility(aBlockedDeployment().withUnifiedApprovals(2).build(), anApprover(alice).build()).canApprove,
        true,
      );
    });

    it('refuses a Reporter', () => {
      const ctx = anApprover(alice).withRole('reporter').build();
      assert.equal(
        approvalEligibility(aBlockedDeployment().withUnifiedApprovals(2).build(), ctx).reason,
        'no-matching-rule',
      );
    });

    it('says already-approved after the user approved', () => {
      const deployment = aBlockedDeployment().withUnifiedApprovals(2).approvedBy(alice).build();
      assert.equal(approvalEligibility(deployment, anApprover(alice).build()).reason, 'already-approved');
    });
  });
});
