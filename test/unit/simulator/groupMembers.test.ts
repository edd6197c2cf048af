import * as assert from 'node:assert/strict';
import type { Simulator } from '../../simulator';
import { startSimulator } from '../../simulator';
import { api } from './helpers';

// Group approval rules match direct members (inheritance 0) or members through an ancestor (1); these two routes are
// how a client tells them apart.
describe('simulator: group member routes', () => {
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ scenario: 'demo' })));
  after(() => sim.close());

  const groupId = (path: string) => sim.state.findGroupByPath(path)!.id;
  const userId = (username: string) => sim.state.user(username).id;

  it('answers a direct member on both routes, with the membership level', async () => {
    const direct = await api(sim, `/groups/${groupId('security')}/members/${userId('demo')}`);
    assert.equal(direct.status, 200);
    assert.equal(direct.body.username, 'demo');
    assert.equal(direct.body.access_level, 30);
    const all = await api(sim, `/groups/${groupId('security')}/members/all/${userId('demo')}`);
    assert.equal(all.status, 200);
  });

  it('counts a member of an ancestor group only on /members/all', async () => {
    // dave is a direct member of security/appsec only; demo is a member of acme, the parent of acme/web.
    assert.equal((await api(sim, `/groups/${groupId('acme/web')}/members/${userId('demo')}`)).status, 404);
    const inherited = await api(sim, `/groups/${groupId('acme/web')}/members/all/${userId('demo')}`);
    assert.equal(inherited.status, 200);
    assert.equal(inherited.body.access_level, 30);
  });

  it("answers GitLab's 404 for a non-member, and for a group the caller cannot see", async () => {
    const reply = await api(sim, `/groups/${groupId('security')}/members/all/${userId('gina')}`);
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { message: '404 Not found' });
    const hidden = await api(sim, `/groups/${groupId('qa')}/members/all/${userId('demo')}`);
    assert.deepEqual(hidden.body, { message: '404 Group Not Found' });
  });
});
