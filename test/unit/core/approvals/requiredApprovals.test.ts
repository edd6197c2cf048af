import * as assert from 'node:assert/strict';
import { changesDroppedByGitLab, requiredApprovalsPlan } from '../../../../src/core/approvals/requiredApprovals';
import {
  aGroupRule,
  alice,
  aProtectedEnvironment,
  aRoleRule,
  aUserRule,
  capabilitiesOf,
  deployableByGroup,
  deployableByMaintainers,
  deployableByUser,
  groupIdOf,
} from '../../builders';

describe('requiredApprovalsPlan', () => {
  const unified = () =>
    aProtectedEnvironment('production').deployableBy(
      deployableByMaintainers(),
      deployableByGroup('ops', 1),
      deployableByUser(alice),
    );

  it('refuses before 14.7 and on CE, with the reason', () => {
    const old = requiredApprovalsPlan(capabilitiesOf('14.6.2-ee'), unified().build(), 2);
    assert.equal(old.kind, 'not-supported');
    assert.match(old.kind === 'not-supported' ? old.reason : '', /14\.6\.2-ee.*14\.7/);
    const ce = requiredApprovalsPlan(capabilitiesOf('16.5.0'), unified().build(), 2);
    assert.match(ce.kind === 'not-supported' ? ce.reason : '', /Community Edition/);
  });

  it('refuses a count out of range before anything else', () => {
    const plan = requiredApprovalsPlan(capabilitiesOf('14.6.2-ee'), unified().build(), 6);
    assert.equal(plan.kind === 'invalid-input' && plan.error.field, 'requiredApprovals');
  });

  it('14.7 (no PUT): unprotects and re-protects with every deployer preserved, after confirmation', () => {
    const plan = requiredApprovalsPlan(capabilitiesOf('14.7.0-ee'), unified().withUnifiedApprovalCount(1).build(), 3);
    assert.equal(plan.kind, 'reprotect');
    if (plan.kind !== 'reprotect') return;
    assert.equal(plan.needsConfirmation, true);
    assert.match(plan.warning, /unprotected/);
    assert.deepEqual(plan.create, {
      name: 'production',
      deploy_access_levels: [
        { access_level: 40 },
        { group_id: groupIdOf('ops'), group_inheritance_type: 1 },
        { user_id: alice.id },
      ],
      required_approval_count: 3,
    });
  });

  it('refuses to re-protect an environment whose deployers it cannot restore', () => {
    const plan = requiredApprovalsPlan(capabilitiesOf('14.7.0-ee'), aProtectedEnvironment().build(), 2);
    assert.equal(plan.kind, 'not-supported');
  });

  it('15.2 with rules (no PUT): re-protects with the rules recreated and only the chosen count changed', () => {
    const env = aProtectedEnvironment()
      .deployableBy(deployableByMaintainers())
      .withRule(aGroupRule('security').withId(38).requiring(1).includingInheritedMembers())
      .withRule(aRoleRule('maintainers').withId(39).requiring(2))
      .build();
    const plan = requiredApprovalsPlan(capabilitiesOf('15.2.0-ee'), env, 4, 38);
    assert.equal(plan.kind, 'reprotect');
    assert.deepEqual(plan.kind === 'reprotect' && plan.create.approval_rules, [
      { group_id: groupIdOf('security'), group_inheritance_type: 1, required_approvals: 4 },
      { access_level: 40, required_approvals: 2 },
    ]);
  });

  it('15.4 to 16.x without rules: PUTs the unified count', () => {
    for (const version of ['15.4.0-ee', '16.11.3-ee']) {
      assert.deepEqual(requiredApprovalsPlan(capabilitiesOf(version), unified().build(), 2), {
        kind: 'update-unified',
        environmentName: 'production',
        body: { required_approval_count: 2 },
      });
    }
  });

  it('15.4+ with rules: PUTs the rule with its id and original key, never the unified count', () => {
    const env = aProtectedEnvironment()
      .deployableBy(deployableByMaintainers())
      .withRule(aGroupRule('security').withId(38).includingInheritedMembers())
      .build();
    for (const version of ['15.4.0-ee', '16.5.1-ee', '17.0.0-ee', '18.1.1-ee']) {
      assert.deepEqual(requiredApprovalsPlan(capabilitiesOf(version), env, 2), {
        kind: 'update-rule',
        environmentName: 'production',
        ruleId: 38,
        body: { approval_rules: [{ id: 38, group_id: groupIdOf('security'), required_approvals: 2 }] },
      });
    }
  });

  it('resends a user rule’s user_id and a role rule’s access_level', () => {
    const env = aProtectedEnvironment()
      .deployableBy(deployableByMaintainers())
      .withRule(aUserRule(alice).withId(40))
      .withRule(aRoleRule('developers').withId(41))
      .build();
    const caps = capabilitiesOf('17.2.0-ee');
    const user = requiredApprovalsPlan(caps, env, 2, 40);
    const role = requiredApprovalsPlan(caps, env, 3, 41);
    assert.deepEqual(user.kind === 'update-rule' && user.body.approval_rules, [
      { id: 40, user_id: alice.id, required_approvals: 2 },
    ]);
    assert.deepEqual(role.kind === 'update-rule' && role.body.approval_rules, [
      { id: 41, access_level: 30, required_approvals: 3 },
    ]);
  });

  it('asks which rule when there are several, and refuses an unknown rule', () => {
    const env = aProtectedEnvironment()
      .deployableBy(deployableByMaintainers())
      .withRule(aUserRule(alice).withId(40))
      .withRule(aRoleRule('developers').withId(41))
      .build();
    const caps = capabilitiesOf('17.2.0-ee');
    const unchosen = requiredApprovalsPlan(caps, env, 2);
    const unknown = requiredApprovalsPlan(caps, env, 2, 99);
    assert.match(unchosen.kind === 'invalid-input' ? unchosen.error.userMessage : '', /several approval rules/);
    assert.match(unknown.kind === 'invalid-input' ? unknown.error.userMessage : '', /no approval rule 99/);
  });

  it('17.0+ without rules: not supported, because the unified count is ignored', () => {
    const plan = requiredApprovalsPlan(capabilitiesOf('17.0.0-ee'), unified().build(), 2);
    assert.equal(plan.kind, 'not-supported');
    assert.match(plan.kind === 'not-supported' ? plan.reason : '', /no approval rules/);
  });
});

describe('changesDroppedByGitLab', () => {
  const response = () =>
    aProtectedEnvironment()
      .deployableBy(deployableByMaintainers())
      .withRule(aGroupRule('security').withId(38).requiring(2))
      .build();

  it('reports nothing when GitLab applied everything', () => {
    assert.deepEqual(
      changesDroppedByGitLab(
        { approval_rules: [{ id: 38, group_id: groupIdOf('security'), required_approvals: 2 }] },
        response(),
      ),
      [],
    );
  });

  it('reports a new rule GitLab silently dropped (a group the project is not shared with)', () => {
    const requested = { group_id: groupIdOf('parent-group'), required_approvals: 1 };
    assert.deepEqual(changesDroppedByGitLab({ approval_rules: [requested] }, response()), [
      { collection: 'approval_rules', requested, problem: 'missing' },
    ]);
  });

  it('reports a count GitLab did not apply', () => {
    const requested = { id: 38, group_id: groupIdOf('security'), required_approvals: 3 };
    assert.deepEqual(changesDroppedByGitLab({ approval_rules: [requested] }, response()), [
      { collection: 'approval_rules', requested, problem: 'not-applied' },
    ]);
  });

  it('reports a deletion GitLab ignored, and accepts one it made', () => {
    const destroy = { id: 38, group_id: groupIdOf('security'), _destroy: true };
    assert.deepEqual(changesDroppedByGitLab({ approval_rules: [destroy] }, response()), [
      { collection: 'approval_rules', requested: destroy, problem: 'not-removed' },
    ]);
    assert.deepEqual(
      changesDroppedByGitLab(
        { approval_rules: [destroy] },
        aProtectedEnvironment().deployableBy(deployableByMaintainers()).build(),
      ),
      [],
    );
  });

  it('reports a dropped deployer and matches each returned entry once', () => {
    const requested = {
      name: 'production',
      deploy_access_levels: [{ access_level: 40 }, { access_level: 40 }, { user_id: alice.id }],
    };
    assert.deepEqual(
      changesDroppedByGitLab(requested, response()).map((d) => [d.collection, d.problem]),
      [
        ['deploy_access_levels', 'missing'],
        ['deploy_access_levels', 'missing'],
      ],
    );
  });

  it('reports a unified count GitLab did not store', () => {
    assert.deepEqual(
      changesDroppedByGitLab(
        { required_approval_count: 2 },
        aProtectedEnvironment().withUnifiedApprovalCount(0).build(),
      ),
      [{ collection: 'required_approval_count', requested: 2, problem: 'not-applied' }],
    );
    assert.deepEqual(
      changesDroppedByGitLab(
        { required_approval_count: 2 },
        aProtectedEnvironment().withUnifiedApprovalCount(2).build(),
      ),
      [],
    );
  });
});
