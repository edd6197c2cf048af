// A broken or hostile server that says "there is a next page" on every answer (`Link: rel="next"`, `X-Next-Page`) and
// sends a single record as a list: gitbeaker would follow it for ever (18,511 requests in 30 s on one deployment read).
// A single-record read is one request and a `not-api` error; a list stops at its bound in pages and in time.
import * as assert from 'node:assert/strict';
import type { GitLabClient } from '../../../src/core/gitlab/client';
import { blockedDeploymentId, clientFor, projectIdOf, rejectsWithKind, requestsTo, useSimulator } from './helpers';

describe('GitLabClient: a server whose pagination never ends', () => {
  const holder = useSimulator();
  const projectPath = 'acme/platform/api-gateway';

  const singleRecordReads: { route: string; what?: string; read: (client: GitLabClient) => Promise<unknown> }[] = [
    { route: 'user', read: (c) => c.currentUser() },
    { route: 'version', read: (c) => c.version() },
    { route: 'personal_access_tokens.self', read: (c) => c.tokenInfo() },
    { route: 'projects.get', read: (c) => c.project(projectPath) },
    {
      route: 'deployments.get',
      read: (c) => c.deployment(projectPath, blockedDeploymentId(holder.sim, projectPath, 'staging')),
    },
    {
      route: 'environments.get',
      read: (c) => {
        const state = holder.sim.state;
        return c.environment(projectPath, state.findEnvironment(state.findProject(projectPath)!, 'production')!.id);
      },
    },
    {
      route: 'repository.compare',
      read: (c) => {
        const sha = (id: number) => holder.sim.state.deployments.get(id)!.sha;
        return c.compare(projectPath, sha(1), sha(5));
      },
    },
    { route: 'protected_environments.get', read: (c) => c.protectedEnvironment(projectPath, 'production') },
    { route: 'projects.members.all.show', read: (c) => c.projectMemberAccessLevel(projectPath, mainUserId()) },
    { route: 'groups.members.all.show', read: (c) => c.groupMemberAccessLevel('acme/platform', mainUserId()) },
    {
      route: 'groups.members.all.show',
      what: 'groupMembership',
      read: (c) => c.groupMembership(holder.sim.state.findGroupByPath('security')!.id, mainUserId()),
    },
  ];

  function mainUserId(): number {
    return [...holder.sim.state.users.values()].find((u) => u.username === holder.sim.state.mainUsername)!.id;
  }

  for (const { route, what, read } of singleRecordReads) {
    it(`${what ?? route}: one request, and a list in its place is not the API`, async () => {
      holder.sim.faults.add({ kind: 'endless-pages', route });
      await rejectsWithKind(read(clientFor(holder.sim)), 'not-api');
      assert.equal(requestsTo(holder.sim, route).length, 1);
    });
  }

  it('a list stops at its page bound and says it was cut', async () => {
    holder.sim.faults.add({ kind: 'endless-pages', route: 'deployments.list' });
    const list = await clientFor(holder.sim, { maxPages: 4 }).blockedDeployments(projectIdOf(holder.sim, projectPath));
    assert.equal(requestsTo(holder.sim, 'deployments.list').length, 4);
    assert.equal(list.truncated?.limit, 400);
  });

  it('a list stops at its time bound: no page is asked for after it, and the call is a timeout', async () => {
    holder.sim.faults.add({ kind: 'endless-pages', route: 'deployments.list' });
    // Each page "takes" 100 s on the client's clock; the bound is five minutes.
    let now = Date.parse('2026-12-01T10:00:00Z');
    const client = clientFor(holder.sim, { now: () => now, onAttempt: () => (now += 100_000) });
    const error = await rejectsWithKind(client.blockedDeployments(projectIdOf(holder.sim, projectPath)), 'timeout');
    assert.equal(requestsTo(holder.sim, 'deployments.list').length, 3);
    assert.match(error.detail, /still paging after 300 s \(3 pages read\)/);
  });
});
