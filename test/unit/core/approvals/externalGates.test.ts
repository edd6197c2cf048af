import * as assert from 'node:assert/strict';
import { awaitsSomeone } from '../../../../src/core/approvals/classify';
import { approvalEligibility } from '../../../../src/core/approvals/eligibility';
import { externalWait } from '../../../../src/core/approvals/externalGates';
import { ruleLabels } from '../../../../src/core/approvals/rules';
import { AccessLevel } from '../../../../src/core/gitlab/types';
import { deploymentFacts, deploymentRowLabel, INELIGIBILITY_TEXT } from '../../../../src/core/presentation';
import { projectView } from '../../../../src/core/refresh/views';
import { aBlockedDeployment, alice, anApprover, aProject, aRoleRule, aUser, aUserRule, bob } from '../../builders';

const projectAccess = (level: number) => ({ project_access: { access_level: level }, group_access: null });

// An approval rule whose only member is a service account or bot is a gate another system opens (Jira Service
// Management's change-request gating approves through a service account): no person is offered it, and a deployment
// that waits only for it awaits nobody here (docs/gitlab-behaviour.md#external-approvals).
const jsmGate = aUser('jsm-gate', 'Jira Change Gate');
const maintainer = () => anApprover(alice).withRole('maintainer').knowingBots(jsmGate);

describe('external approvals (a rule whose only member is a service account or bot)', () => {
  it('a deployment waiting only for the service account awaits nobody: not offered, not "awaiting you"', () => {
    const detail = aBlockedDeployment()
      .withRule(aRoleRule('maintainers'))
      .withRule(aUserRule(jsmGate))
      .approvedBy(bob, { as: 'Maintainers' })
      .build();
    const result = approvalEligibility(detail, maintainer().build());
    assert.deepEqual([result.canApprove, result.reason, result.ruleChoices.length], [false, 'external-approval', 0]);
    assert.deepEqual(externalWait(detail, maintainer().build()), {
      accounts: [{ username: 'jsm-gate', name: 'Jira Change Gate' }],
    });
  });

  it('a person still needed is offered their rule, never the service account’s', () => {
    const detail = aBlockedDeployment().withRule(aUserRule(jsmGate)).withRule(aRoleRule('maintainers')).build();
    const result = approvalEligibility(detail, maintainer().build());
    assert.equal(result.canApprove, true);
    assert.deepEqual(
      result.ruleChoices.map((choice) => choice.rule.access_level_description),
      ['Maintainers'],
    );
    assert.equal(externalWait(detail, maintainer().build()), undefined, 'a person is still needed');
  });

  it('an administrator (whom GitLab lets match every rule) names the people’s rule, so the approval never lands on the gate', () => {
    const detail = aBlockedDeployment().withRule(aUserRule(jsmGate)).withRule(aRoleRule('maintainers')).build();
    const admin = anApprover(alice).asAdmin().knowingBots(jsmGate).build();
    const result = approvalEligibility(detail, admin);
    assert.deepEqual(result.representedAsChoices, ['Maintainers']);
  });

  it('a user rule of a person (or of an account not known to be a bot) is an ordinary rule', () => {
    const detail = aBlockedDeployment().withRule(aUserRule(alice)).build();
    const ctx = anApprover(alice).build();
    assert.equal(approvalEligibility(detail, ctx).canApprove, true);
    assert.equal(externalWait(detail, ctx), undefined);
    const gateNotKnown = aBlockedDeployment().withRule(aUserRule(jsmGate)).build();
    assert.equal(externalWait(gateNotKnown, anApprover(alice).build()), undefined);
  });

  it('the gate is labelled as an external approval by its account', () => {
    const rules = [aRoleRule('maintainers').build(), aUserRule(jsmGate).build()];
    assert.deepEqual(ruleLabels(rules, maintainer().build(), undefined), [
      'Maintainers',
      'Jira Change Gate — external approval (service account or bot @jsm-gate)',
    ]);
  });
});

describe('a deployment that waits only for an external approval, as the views show it', () => {
  const detail = aBlockedDeployment()
    .withRule(aRoleRule('maintainers'))
    .withRule(aUserRule(jsmGate))
    .approvedBy(bob, { as: 'Maintainers' })
    .build();
  const data = {
    project: { ...aProject('acme/payments').onPremium().build(), permissions: projectAccess(AccessLevel.maintainer) },
    blocked: [detail],
    protections: [],
    protectionsRead: false,
  };
  const viewer = (bots: boolean) => ({
    instanceUrl: 'https://gitlab.example.com',
    user: { ...alice, is_admin: false },
    memberships: new Map(),
    ...(bots && { botAccounts: new Map([[jsmGate.id, { username: 'jsm-gate', name: 'Jira Change Gate' }]]) }),
  });
  const viewOf = (bots: boolean) => projectView(data, () => detail, viewer(bots)).environments[0].deployments[0];

  it('awaits nobody: not awaiting you, not counted among those waiting for a person', () => {
    const view = viewOf(true);
    assert.deepEqual([view.state, view.awaitingMe, view.mayAwaitMe], ['waiting-for-approval', false, false]);
    assert.deepEqual(view.externalWait, { accounts: [{ username: 'jsm-gate', name: 'Jira Change Gate' }] });
    assert.equal(awaitsSomeone(view), false);
    assert.equal(awaitsSomeone(viewOf(false)), true, 'while the account is not known to be a bot, a person may be');
  });

  it('says what it waits for, on the row and in the facts', () => {
    const view = viewOf(true);
    assert.equal(deploymentRowLabel(view), 'awaiting external approval · 1/2');
    assert.ok(
      deploymentFacts(view).includes('waiting for an external approval (service account or bot @jsm-gate)'),
      deploymentFacts(view).join(' | '),
    );
    assert.match(INELIGIBILITY_TEXT[view.eligibility!.reason!], /service account or bot/);
  });
});
