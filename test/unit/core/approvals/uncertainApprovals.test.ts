// Issue 18: never hide an approval GitLab may accept. Below Maintainer the client cannot read which protected
// environment a role rule comes from (docs/gitlab-behaviour.md#group-level-protected-environments), so such a rule is
// offered, marked uncertain, and GitLab decides.
import * as assert from 'node:assert/strict';
import { approvalEligibility } from '../../../../src/core/approvals/eligibility';
import { ruleLabels } from '../../../../src/core/approvals/rules';
import { aBlockedDeployment, aGroupRule, alice, anApprover, aRoleRule } from '../../builders';

describe('approvals GitLab may accept', () => {
  it('offers Approve to a Developer under a role rule of a group project, marked uncertain', () => {
    const deployment = aBlockedDeployment().withRule(aRoleRule('developers')).build();
    const developer = anApprover(alice).withRole('developer').inGroupProject().build();
    const result = approvalEligibility(deployment, developer);
    assert.deepEqual(
      { canApprove: result.canApprove, canReject: result.canReject, uncertain: result.uncertain },
      { canApprove: true, canReject: true, uncertain: true },
    );
  });

  it('is certain where the rule is known to be the project’s own', () => {
    const rule = aRoleRule('developers');
    const deployment = aBlockedDeployment().withRule(rule).build();
    const ruleId = deployment.approval_summary!.rules[0].id;
    const maintainer = anApprover(alice)
      .withRole('maintainer')
      .inGroupProject({ projectRuleIds: [ruleId] })
      .build();
    const result = approvalEligibility(deployment, maintainer);
    assert.deepEqual([result.canApprove, result.uncertain], [true, false]);
  });

  describe('a user in a sure rule and a rule they may match', () => {
    // API Gateway › production in the demo: a group-level Maintainers rule, then the project's Security rule.
    const deployment = () => aBlockedDeployment().withRule(aRoleRule('maintainers')).withRule(aGroupRule('security'));
    const securityRuleOf = (d: ReturnType<ReturnType<typeof deployment>['build']>) => d.approval_summary!.rules[1].id;
    const approver = (projectRuleIds: number[]) =>
      anApprover(alice)
        .withRole('maintainer')
        .directMemberOf('security')
        .inGroupProject({ projectRuleIds, topGroupRole: 'developer' })
        .build();

    it('lets them pick either rule, the sure one first', () => {
      const d = deployment().build();
      const result = approvalEligibility(d, approver([securityRuleOf(d)]));
      assert.deepEqual([result.canApprove, result.uncertain], [true, false]);
      assert.deepEqual(result.representedAsChoices, ['security', 'Maintainers']);
    });

    it('still offers the rule they may match once they approved under the sure one, and says so', () => {
      const d = deployment().approvedBy(alice, { as: 'security' }).build();
      const result = approvalEligibility(d, approver([securityRuleOf(d)]));
      assert.notEqual(result.reason, 'already-approved');
      assert.deepEqual(
        [result.canApprove, result.uncertain, result.representedAsChoices],
        [true, true, ['Maintainers']],
      );
    });

    it('says already-approved only once they approved under both', () => {
      const d = deployment()
        .withRule(aGroupRule('qa'))
        .approvedBy(alice, { as: 'security' })
        .approvedBy(alice, { as: 'Maintainers' })
        .build();
      const result = approvalEligibility(d, approver([securityRuleOf(d)]));
      assert.deepEqual([result.canApprove, result.reason], [false, 'already-approved']);
    });
  });
});

describe('rule labels (issue 18, item 8)', () => {
  const twoMaintainers = () =>
    aBlockedDeployment().withRule(aRoleRule('maintainers')).withRule(aRoleRule('maintainers'));

  it('name the origin of each rule where it is known', () => {
    const d = twoMaintainers().build();
    const [groupLevel, projectLevel] = d.approval_summary!.rules;
    const ctx = anApprover(alice)
      .withRole('maintainer')
      .inGroupProject({ projectRuleIds: [projectLevel.id] })
      .build();
    assert.deepEqual(ruleLabels([groupLevel, projectLevel], ctx, 'acme'), [
      'Maintainers — group acme',
      'Maintainers — project',
    ]);
    assert.deepEqual(ruleLabels([groupLevel, projectLevel], ctx, 'acme/platform'), [
      'Maintainers — a group above the project',
      'Maintainers — project',
    ]);
  });

  it('tell rules of one name apart where the origin is not known', () => {
    const d = twoMaintainers().withRule(aGroupRule('security')).build();
    const ctx = anApprover(alice).withRole('developer').inGroupProject().build();
    assert.deepEqual(ruleLabels(d.approval_summary!.rules, ctx, 'acme'), [
      'Maintainers (rule 1 of 2)',
      'Maintainers (rule 2 of 2)',
      'security',
    ]);
  });

  it('stay plain in a personal project, where every rule is the project’s', () => {
    const d = aBlockedDeployment().withRule(aRoleRule('maintainers')).withRule(aGroupRule('security')).build();
    const ctx = anApprover(alice).withRole('maintainer').build();
    assert.deepEqual(ruleLabels(d.approval_summary!.rules, ctx, undefined), ['Maintainers', 'security']);
  });
});
