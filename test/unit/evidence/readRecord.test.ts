// Reading an approval record from GitLab (the simulator): the deployment as GitLab has it now, its brief, and the audit
// events as the person's role lets them read them — all of them for a Maintainer, their own for a Developer, and a
// sentence saying why not for a Reporter. Nothing secret ends up in either file.
import * as assert from 'node:assert/strict';
import { buildDeploymentBrief, type Me } from '../../../src/core/brief';
import { approvalRecordJson, approvalRecordMarkdown, readApprovalRecord } from '../../../src/core/evidence';
import type { GitLabClient } from '../../../src/core/gitlab/client';
import { clientFor, requestsTo, useSimulator } from '../client/helpers';
import { DEMO } from '../simulator/helpers';

describe('approval record read from GitLab', () => {
  const h = useSimulator();

  async function recordAs(username: string, accessLevel: number) {
    const token = h.sim.tokenFor(username);
    const client = clientFor(h.sim, { token: async () => token });
    const deployment = h.sim.state.deployments.get(DEMO.approvedNotRun)!;
    const project = h.sim.state.projects.get(deployment.projectId)!;
    const environment = h.sim.state.environments.get(deployment.environmentId)!;
    const record = await readApprovalRecord(
      { kind: 'deployment', title: 'auth-service production' },
      [
        {
          project: { id: project.id, path: 'acme/platform/auth-service', accessLevel },
          environment: { id: environment.id, name: environment.name },
          deployment: { id: deployment.id, iid: deployment.iid, created_at: deployment.createdAt },
        },
      ],
      {
        instanceUrl: h.sim.url,
        client,
        brief: (projectId, detail) => buildDeploymentBrief(client, { projectId, deployment: detail }),
        me: () => meOf(client),
        followed: () => undefined,
        now: () => Date.parse('2026-02-10T09:00:00Z'),
      },
    );
    return { record, token };
  }

  it('includes every audit event of the deployment for a Maintainer, and no token', async () => {
    const { record, token } = await recordAs('demo', 40);
    const [only] = record.deployments;
    assert.equal(only.deployment.id, DEMO.approvedNotRun);
    assert.ok(only.auditEvents.included);
    assert.deepEqual(
      only.auditEvents.events.map((e) => [e.eventName, e.authorName, e.comment]),
      [
        ['deployment_approved', 'Demo User', undefined],
        ['deployment_approved', 'Carol Chen', 'Security review done'],
        ['deployment_approved', 'Alice Anders', undefined],
      ],
      "the staging rejection of another deployment is not this deployment's",
    );
    assert.equal(only.auditEvents.onlyYours, false);
    assert.equal(only.approvals.decisions.length, 3);
    assert.ok(only.brief.read);
    for (const file of [approvalRecordMarkdown(record), approvalRecordJson(record)]) {
      assert.ok(!file.includes(token), 'the token is in the record');
      for (const other of ['carol', 'alice', 'bob']) assert.ok(!file.includes(h.sim.tokenFor(other)));
    }
    assert.equal(requestsTo(h.sim, 'deployments/:id/approval', 'POST').length, 0, 'exporting wrote to GitLab');
  });

  it("includes only a Developer's own events, and says so", async () => {
    const { record } = await recordAs('carol', 30);
    const audit = record.deployments[0].auditEvents;
    assert.ok(audit.included);
    assert.deepEqual(
      audit.events.map((e) => e.authorName),
      ['Carol Chen'],
    );
    assert.equal(audit.onlyYours, true);
    assert.match(
      approvalRecordMarkdown(record),
      /Only your own events: GitLab lists everyone’s to Maintainers and above\./,
    );
  });

  it('says why audit events are not included for a Reporter', async () => {
    const auth = h.sim.state.findProject('acme/platform/auth-service')!;
    const reporter = h.sim.state.addUser({ username: 'rory' });
    h.sim.state.addMember(auth, reporter, 20);
    const { record } = await recordAs('rory', 20);
    const audit = record.deployments[0].auditEvents;
    assert.equal(audit.included, false);
    assert.match(audit.reason, /refused to list the project’s audit events \(403\)/);
  });
});

async function meOf(client: GitLabClient): Promise<Me> {
  const [user, emails] = await Promise.all([client.currentUser(), client.userEmails()]);
  return { id: user.id, name: user.name, emails: [user.email ?? '', ...emails.map((e) => e.email)] };
}
