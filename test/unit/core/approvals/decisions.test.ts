import * as assert from 'node:assert/strict';
import { decisions } from '../../../../src/core/approvals/decisions';
import { aBlockedDeployment, aGroupRule, alice, aRoleRule, bob, carol } from '../../builders';

describe('decisions', () => {
  it('lists who approved or rejected, oldest first, with comments, times and rules', () => {
    const deployment = aBlockedDeployment()
      .withRule(aGroupRule('security').requiring(2))
      .withRule(aRoleRule('maintainers'))
      .approvedBy(alice, { as: 'security', comment: 'Looks good' })
      .rejectedBy(bob, { as: 'Maintainers', comment: 'Not on a Friday' })
      .build();
    deployment.approvals?.reverse();
    assert.deepEqual(
      decisions(deployment).map((d) => [d.user.username, d.status, d.comment, d.at, d.ruleLabels]),
      [
        ['alice', 'approved', 'Looks good', '2026-02-10T10:05:00.000Z', ['security']],
        ['bob', 'rejected', 'Not on a Friday', '2026-02-10T10:06:00.000Z', ['Maintainers']],
      ],
    );
  });

  it('turns an empty comment into null', () => {
    const deployment = aBlockedDeployment().withRule(aGroupRule('security')).approvedBy(alice, { comment: '' }).build();
    assert.equal(decisions(deployment)[0]?.comment, null);
  });

  it('names each rule a user approved for separately', () => {
    const deployment = aBlockedDeployment()
      .withRule(aGroupRule('security'))
      .withRule(aGroupRule('qa'))
      .approvedBy(alice, { as: 'security' })
      .approvedBy(alice, { as: 'qa' })
      .build();
    assert.deepEqual(
      decisions(deployment).map((d) => d.ruleLabels),
      [['security'], ['qa']],
    );
  });

  it('does not attribute approvals of other deployments', () => {
    const deployment = aBlockedDeployment()
      .withRule(aGroupRule('security'))
      .withApprovalOfAnotherDeploymentBy(carol)
      .approvedBy(alice)
      .build();
    assert.deepEqual(
      decisions(deployment).map((d) => d.user.username),
      ['alice'],
    );
  });

  it('is empty on CE', () => {
    assert.deepEqual(decisions(aBlockedDeployment().onCommunityEdition().build()), []);
  });
});
