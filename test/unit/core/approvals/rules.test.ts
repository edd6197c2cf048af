import * as assert from 'node:assert/strict';
import { resolveApprovalRule, ruleHumanize, ruleLabel, ruleMatchesUser } from '../../../../src/core/approvals/rules';
import { aGroupRule, alice, anApprover, aRoleRule, aUserRule, bob } from '../../builders';

describe('approval rule naming', () => {
  it('humanizes like GitLab: user display name, group name, two role names, nothing for Reporter and Admin', () => {
    assert.deepEqual(
      [
        aUserRule(alice),
        aGroupRule('security'),
        aRoleRule('maintainers'),
        aRoleRule('developers'),
        aRoleRule('reporters'),
        aRoleRule('admins'),
      ].map((b) => ruleHumanize(b.build())),
      ['Alice', 'security', 'Maintainers', 'Developers + Maintainers', null, null],
    );
  });

  it('labels a user or group rule without a description by its id', () => {
    const userRule = { ...aUserRule(alice).build(), access_level_description: null };
    const groupRule = { ...aGroupRule('ops').build(), access_level_description: null };
    assert.equal(ruleLabel(userRule), `User ${alice.id}`);
    assert.equal(ruleLabel(groupRule), `Group ${groupRule.group_id}`);
  });
});

describe('ruleMatchesUser (check_access)', () => {
  it('matches a user rule for that user only', () => {
    const rule = aUserRule(alice).build();
    assert.equal(ruleMatchesUser(rule, anApprover(alice).build()), true);
    assert.equal(ruleMatchesUser(rule, anApprover(bob).build()), false);
  });

  it('matches a group rule for direct members; inherited members only when the rule includes them', () => {
    const directOnly = aGroupRule('security').build();
    const withInherited = aGroupRule('security').includingInheritedMembers().build();
    const inheritedMember = anApprover(alice).inheritedMemberOf('security').build();
    const directMember = anApprover(alice).directMemberOf('security').build();
    assert.equal(ruleMatchesUser(directOnly, directMember), true);
    assert.equal(ruleMatchesUser(directOnly, inheritedMember), false);
    assert.equal(ruleMatchesUser(withInherited, inheritedMember), true);
    assert.equal(ruleMatchesUser(withInherited, directMember), true);
    assert.equal(ruleMatchesUser(withInherited, anApprover(alice).directMemberOf('qa').build()), false);
  });

  it('matches a role rule at or above its access level', () => {
    const maintainers = aRoleRule('maintainers').build();
    assert.equal(ruleMatchesUser(maintainers, anApprover(alice).withRole('maintainer').build()), true);
    assert.equal(ruleMatchesUser(maintainers, anApprover(alice).withRole('owner').build()), true);
    assert.equal(ruleMatchesUser(maintainers, anApprover(alice).withRole('developer').build()), false);
    assert.equal(ruleMatchesUser(aRoleRule('reporters').build(), anApprover(alice).withRole('reporter').build()), true);
    assert.equal(ruleMatchesUser(aRoleRule('reporters').build(), anApprover(alice).withRole('guest').build()), false);
  });

  it('matches every rule for an admin', () => {
    const admin = anApprover(alice).withRole('noAccess').asAdmin().build();
    for (const rule of [aUserRule(bob), aGroupRule('security'), aRoleRule('admins')])
      assert.equal(ruleMatchesUser(rule.build(), admin), true);
  });
});

describe('resolveApprovalRule (find_approval_rule_for)', () => {
  const security = aGroupRule('security').build();
  const maintainers = aRoleRule('maintainers').build();
  const both = anApprover(alice).withRole('maintainer').directMemberOf('security').build();

  it('takes the first matching rule without represented_as', () => {
    assert.deepEqual(resolveApprovalRule([security, maintainers], both), { kind: 'found', rule: security });
    assert.deepEqual(resolveApprovalRule([security, maintainers], anApprover(alice).withRole('maintainer').build()), {
      kind: 'found',
      rule: maintainers,
    });
  });

  it('matches represented_as as a case-sensitive substring of the humanized name', () => {
    assert.deepEqual(resolveApprovalRule([security, maintainers], both, 'Maint'), { kind: 'found', rule: maintainers });
    assert.deepEqual(resolveApprovalRule([security, maintainers], both, 'maintainers'), { kind: 'none' });
  });

  it('finds nothing when the named rule does not match the user', () => {
    assert.deepEqual(resolveApprovalRule([security], anApprover(bob).build(), 'security'), { kind: 'none' });
  });

  it('predicts GitLab failing on a Reporter or Admin rule once represented_as is given (docs/gitlab-behaviour.md#open-points)', () => {
    assert.deepEqual(resolveApprovalRule([aRoleRule('reporters').build(), security], both, 'security'), {
      kind: 'server-error',
    });
  });
});
