import * as assert from 'node:assert/strict';
import { classifyBlockedDeployment } from '../../../../src/core/approvals/classify';
import { aBlockedDeployment, aGroupRule, alice, aRoleRule, bob, carol } from '../../builders';

describe('classifyBlockedDeployment', () => {
  it('calls a deployment without approval rules a plain manual job', () => {
    assert.equal(classifyBlockedDeployment(aBlockedDeployment().build()), 'manual');
  });

  it('calls a deployment on CE (no approval keys at all) a manual job', () => {
    assert.equal(
      classifyBlockedDeployment(aBlockedDeployment().withRule(aGroupRule('security')).onCommunityEdition().build()),
      'manual',
    );
  });

  it('calls a deployment on an unlicensed EE (rules listed, nothing pending, nobody approved) a manual job', () => {
    assert.equal(
      classifyBlockedDeployment(
        aBlockedDeployment().withRule(aGroupRule('security').requiring(2)).unlicensed().build(),
      ),
      'manual',
    );
  });

  it('is not fooled on an unlicensed EE by rule approvals that belong to other deployments', () => {
    const deployment = aBlockedDeployment()
      .withRule(aGroupRule('security'))
      .withApprovalOfAnotherDeploymentBy(alice)
      .build();
    deployment.pending_approval_count = 0; // what an unlicensed EE reports
    assert.equal(classifyBlockedDeployment(deployment), 'manual');
  });

  it('is waiting for approval while approvals are pending', () => {
    const deployment = aBlockedDeployment().withRule(aGroupRule('security').requiring(2)).approvedBy(alice).build();
    assert.equal(deployment.pending_approval_count, 1);
    assert.equal(classifyBlockedDeployment(deployment), 'waiting-for-approval');
  });

  it('is approved and waiting to run once every rule has its approvals', () => {
    const deployment = aBlockedDeployment()
      .withRule(aGroupRule('security').requiring(2))
      .withRule(aRoleRule('maintainers'))
      .approvedBy(alice, { as: 'security' })
      .approvedBy(bob, { as: 'security' })
      .approvedBy(carol, { as: 'Maintainers' })
      .build();
    assert.equal(classifyBlockedDeployment(deployment), 'approved-not-run');
  });

  it('is rejected after any rejection, even with approvals still pending', () => {
    const deployment = aBlockedDeployment()
      .withRule(aGroupRule('security').requiring(2))
      .approvedBy(alice)
      .rejectedBy(bob)
      .build();
    assert.ok((deployment.pending_approval_count ?? 0) > 0);
    assert.equal(classifyBlockedDeployment(deployment), 'rejected');
  });

  describe('unified approvals (14.7–14.9, no approval_summary)', () => {
    it('is waiting while approvals are pending', () => {
      assert.equal(
        classifyBlockedDeployment(aBlockedDeployment().withUnifiedApprovals(2).approvedBy(alice).build()),
        'waiting-for-approval',
      );
    });

    it('is approved once enough users approved', () => {
      assert.equal(
        classifyBlockedDeployment(aBlockedDeployment().withUnifiedApprovals(1).approvedBy(alice).build()),
        'approved-not-run',
      );
    });

    it('is rejected after a rejection', () => {
      assert.equal(
        classifyBlockedDeployment(aBlockedDeployment().withUnifiedApprovals(1).rejectedBy(alice).build()),
        'rejected',
      );
    });
  });

  describe('when the rules carry no deployment_approvals', () => {
    it('uses the top-level approvals: enough of them means approved', () => {
      const deployment = aBlockedDeployment()
        .withRule(aGroupRule('security').withoutDeploymentApprovals())
        .approvedBy(alice)
        .build();
      deployment.pending_approval_count = 0;
      assert.equal(classifyBlockedDeployment(deployment), 'approved-not-run');
    });

    it('uses the top-level approvals: too few with nothing pending means the rules are not enforced', () => {
      const deployment = aBlockedDeployment()
        .withRule(aGroupRule('security').requiring(2).withoutDeploymentApprovals())
        .approvedBy(alice)
        .build();
      deployment.pending_approval_count = 0;
      assert.equal(classifyBlockedDeployment(deployment), 'manual');
    });
  });
});
