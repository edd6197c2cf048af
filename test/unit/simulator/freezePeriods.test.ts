// Deploy freezes as GitLab answers them (docs/gitlab-behaviour.md#deploy-freezes): REST for Reporter+ (Maintainer+ on
// older GitLab), the GraphQL query with GitLab's computed times, and a GitLab without the field.
import assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { call, useFreshSimulator } from './helpers';

const QUERY =
  'query($full_path: ID!, $environment_name: String) { project(fullPath: $full_path) { environment(name: $environment_name) { deployFreezes { status startCron endCron cronTimezone startTime endTime } } } }';

describe('simulator: deploy freezes', () => {
  let clock: sinon.SinonFakeTimers;
  // Sat 28 Mar 2026, noon UTC: inside a Fri 18:00 – Mon 08:00 Berlin window that spans the spring DST change.
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.parse('2026-03-28T12:00:00Z'), toFake: ['Date'] });
  });
  afterEach(() => clock.restore());
  const h = useFreshSimulator({ scenario: 'demo' });

  function weekendFreeze() {
    const { state } = h.sim;
    state.freezePeriods.clear();
    const project = state.findProject('acme/mobile-backend')!;
    state.addFreezePeriod({ project, start: '0 18 * * 5', end: '0 8 * * 1', timeZone: 'Europe/Berlin' });
    return project;
  }

  const graphql = (token: string, variables: Record<string, string>) =>
    call(h.sim, `${h.sim.url}/api/graphql`, { method: 'POST', token, json: { query: QUERY, variables } });

  it("GraphQL answers GitLab's computed times to Reporters, Developers and Maintainers", async () => {
    const project = weekendFreeze();
    const { state } = h.sim;
    const reporter = state.addUser({ username: 'rita' });
    state.addMember(project, reporter, 20);
    state.addMember(project, state.findUser('erin')!, 40);
    const variables = { full_path: 'acme/mobile-backend', environment_name: 'production' };
    for (const user of ['rita', 'bob', 'erin']) {
      const reply = await graphql(h.sim.tokenFor(user), variables);
      assert.equal(reply.status, 200);
      assert.deepEqual(
        reply.body,
        {
          data: {
            project: {
              environment: {
                deployFreezes: [
                  {
                    status: 'ACTIVE',
                    startCron: '0 18 * * 5',
                    endCron: '0 8 * * 1',
                    cronTimezone: 'Europe/Berlin',
                    startTime: '2026-03-27T17:00:00Z',
                    endTime: '2026-03-30T06:00:00Z',
                  },
                ],
              },
            },
          },
        },
        user,
      );
    }
    // After the window: the next one, a week on (Fri 18:00 CEST is 16:00Z now).
    clock.setSystemTime(Date.parse('2026-03-30T06:00:01Z'));
    const after = await graphql(h.sim.tokenFor('bob'), variables);
    const [next] = after.body.data.project.environment.deployFreezes;
    assert.deepEqual(
      [next.status, next.startTime, next.endTime],
      ['INACTIVE', '2026-04-03T16:00:00Z', '2026-04-06T06:00:00Z'],
    );
  });

  it('REST lists them for Reporter+ and answers 403 below; a Guest gets no periods from GraphQL', async () => {
    const project = weekendFreeze();
    const { state } = h.sim;
    state.addMember(project, state.findUser('gina')!, 10);
    const rest = (user: string) =>
      call(h.sim, `${h.sim.apiUrl}/projects/acme%2Fmobile-backend/freeze_periods`, { token: h.sim.tokenFor(user) });
    const listed = await rest('bob');
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.map((p: Record<string, unknown>) => [p.freeze_start, p.freeze_end, p.cron_timezone]),
      [['0 18 * * 5', '0 8 * * 1', 'Europe/Berlin']],
    );
    assert.equal((await rest('gina')).status, 403);
    const guest = await graphql(h.sim.tokenFor('gina'), {
      full_path: 'acme/mobile-backend',
      environment_name: 'production',
    });
    assert.deepEqual(guest.body, { data: { project: { environment: null } } }, 'a Guest reads no environment');
    const missing = await graphql(h.sim.tokenFor('bob'), { full_path: 'acme/nope', environment_name: 'production' });
    assert.deepEqual(missing.body, { data: { project: null } });
  });

  it('before 15.7 GraphQL does not know the field; the older policy lets only Maintainers read freezes', async () => {
    weekendFreeze();
    h.sim.setProfile('15.4');
    const reply = await graphql(h.sim.tokenFor('bob'), {
      full_path: 'acme/mobile-backend',
      environment_name: 'production',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.data, undefined);
    assert.match(reply.body.errors[0].message, /Field 'deployFreezes' doesn't exist on type 'Environment'/);
    const rest = await call(h.sim, `${h.sim.apiUrl}/projects/acme%2Fmobile-backend/freeze_periods`, {
      token: h.sim.tokenFor('bob'),
    });
    assert.equal(rest.status, 403, 'bob is a Developer');
  });
});
