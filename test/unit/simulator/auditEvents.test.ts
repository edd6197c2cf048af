// `GET /projects/:id/audit_events` as GitLab answers it by role and licence (docs/gitlab-behaviour.md#audit-events):
// Maintainers read everyone's, Developers only their own, Reporters are refused (403), an unlicensed EE refuses (403)
// and CE has no such route (404). An approval through the API writes GitLab's event.
import assert from 'node:assert/strict';
import { api, DEMO, useFreshSimulator } from './helpers';

describe('simulator: project audit events', () => {
  const h = useFreshSimulator({ scenario: 'demo' });
  const authService = () => h.sim.state.findProject('acme/platform/auth-service')!;
  const path = () => `/projects/${authService().id}/audit_events`;

  it("lists every approval's event to a Maintainer, newest first, in GitLab's shape", async () => {
    const reply = await api(h.sim, path(), { token: h.sim.tokenFor('demo') });
    assert.equal(reply.status, 200);
    const names = reply.body.map((e: { details: { author_name: string } }) => e.details.author_name);
    assert.deepEqual(names, ['Alice Anders', 'Carol Chen', 'Demo User', 'Alice Anders']);
    const carol = reply.body[1];
    assert.equal(carol.event_name, 'deployment_approved');
    assert.equal(carol.entity_type, 'Project');
    assert.equal(carol.entity_id, authService().id);
    assert.equal(carol.details.comment, 'Security review done');
    assert.equal(carol.details.target_type, 'Environment');
    assert.equal(carol.details.target_details, 'production');
    const deployment = h.sim.state.deployments.get(DEMO.approvedNotRun)!;
    assert.equal(
      carol.details.custom_message,
      `Approved deployment with IID: ${deployment.iid} and ID: ${deployment.id}`,
    );
    const rejected = reply.body[3];
    assert.equal(rejected.event_name, 'deployment_rejected');
    assert.match(rejected.details.custom_message, /^Rejected deployment with IID: \d+ and ID: \d+$/);
  });

  it('lists a Developer only the events they authored', async () => {
    // carol is a Developer of auth-service (AppSec's share, capped at Developer).
    const reply = await api(h.sim, path(), { token: h.sim.tokenFor('carol') });
    assert.equal(reply.status, 200);
    assert.deepEqual(
      reply.body.map((e: { details: { author_name: string } }) => e.details.author_name),
      ['Carol Chen'],
    );
  });

  it('refuses a Reporter with 403, and answers 404 where the project is not visible', async () => {
    const reporter = h.sim.state.addUser({ username: 'rita' });
    h.sim.state.addMember(authService(), reporter, 20);
    assert.equal((await api(h.sim, path(), { token: h.sim.tokenFor('rita') })).status, 403);
    assert.equal((await api(h.sim, path(), { token: h.sim.tokenFor('erin') })).status, 404);
  });

  it('keeps events after created_after, and refuses a time that does not parse', async () => {
    const since = h.sim.state.deployments.get(DEMO.approvedNotRun)!.createdAt;
    const reply = await api(h.sim, `${path()}?created_after=${encodeURIComponent(since)}`, {
      token: h.sim.tokenFor('demo'),
    });
    assert.deepEqual(
      reply.body.map((e: { details: { author_name: string } }) => e.details.author_name),
      ['Alice Anders', 'Carol Chen', 'Demo User'],
    );
    assert.equal((await api(h.sim, `${path()}?created_after=soon`, { token: h.sim.tokenFor('demo') })).status, 400);
  });

  it('writes an event for an approval sent through the API', async () => {
    const partly = h.sim.state.deployments.get(DEMO.partlyApproved)!;
    const billing = h.sim.state.projects.get(partly.projectId)!;
    const sent = await api(h.sim, `/projects/${billing.id}/deployments/${partly.id}/approval`, {
      method: 'POST',
      token: h.sim.tokenFor('demo'),
      json: { status: 'approved', comment: 'Ship it', represented_as: 'Maintainers' },
    });
    assert.equal(sent.status, 201, sent.text);
    const reply = await api(h.sim, `/projects/${billing.id}/audit_events`, { token: h.sim.tokenFor('demo') });
    const newest = reply.body[0];
    assert.equal(newest.event_name, 'deployment_approved');
    assert.equal(newest.details.author_name, 'Demo User');
    assert.equal(newest.details.comment, 'Ship it');
    assert.equal(newest.details.custom_message, `Approved deployment with IID: ${partly.iid} and ID: ${partly.id}`);
  });

  it('refuses on an unlicensed EE (403) and has no route on CE (404)', async () => {
    h.sim.setProfile('ee-unlicensed');
    assert.equal((await api(h.sim, path(), { token: h.sim.tokenFor('demo') })).status, 403);
    h.sim.setProfile('ce');
    const ce = await api(h.sim, path(), { token: h.sim.tokenFor('demo') });
    assert.equal(ce.status, 404);
    assert.deepEqual(ce.body, { error: '404 Not Found' });
  });
});
