// The single-record reads made through gitbeaker's resources send exactly the URLs the client built by hand before:
// every server-provided id or path is one percent-encoded segment, under the instance's base path.
import * as assert from 'node:assert/strict';
import { clientFor, projectIdOf, useSimulator } from './helpers';

describe('GitLabClient: routes sent through gitbeaker resources', () => {
  const holder = useSimulator({ basePath: '/gitlab' });
  const projectPath = 'acme/platform/api-gateway';
  const encodedProject = 'acme%2Fplatform%2Fapi-gateway';
  const api = '/gitlab/api/v4';

  /** Method, path and query of every request the call made, in order. */
  function sent(): string[] {
    return holder.sim.requestLog.all().map((e) => `${e.method} ${e.path}${e.query ? `?${e.query}` : ''}`);
  }

  async function demoUserId(): Promise<number> {
    const id = (await clientFor(holder.sim).currentUser()).id;
    holder.sim.clearLog();
    return id;
  }

  it('tokenInfo: personal_access_tokens/self', async () => {
    const token = await clientFor(holder.sim).tokenInfo();
    assert.ok(token.scopes.length > 0);
    assert.deepEqual(sent(), [`GET ${api}/personal_access_tokens/self`]);
  });

  it('environment: the project path and the environment id, each one segment', async () => {
    const state = holder.sim.state;
    const production = state.findEnvironment(state.findProject(projectPath)!, 'production')!;
    const environment = await clientFor(holder.sim).environment(projectPath, production.id);
    assert.equal(environment.name, 'production');
    assert.deepEqual(sent(), [`GET ${api}/projects/${encodedProject}/environments/${production.id}`]);
  });

  it('projectMemberAccessLevel: members/all/:user_id of a project given by path', async () => {
    const userId = await demoUserId();
    assert.ok((await clientFor(holder.sim).projectMemberAccessLevel(projectPath, userId)) >= 30);
    assert.deepEqual(sent(), [`GET ${api}/projects/${encodedProject}/members/all/${userId}`]);
  });

  it('groupMemberAccessLevel: a subgroup path as one segment; 0 for a non-member', async () => {
    const userId = await demoUserId();
    const client = clientFor(holder.sim);
    assert.equal(await client.groupMemberAccessLevel('acme/platform', userId), 40);
    const qa = holder.sim.state.findGroupByPath('qa')!;
    assert.equal(await client.groupMemberAccessLevel(qa.id, userId), 0);
    assert.deepEqual(sent(), [
      `GET ${api}/groups/acme%2Fplatform/members/all/${userId}`,
      `GET ${api}/groups/${qa.id}/members/all/${userId}`,
    ]);
  });

  it('groupMembership: members/all/:user_id, then the direct members/:user_id', async () => {
    const userId = await demoUserId();
    const security = holder.sim.state.findGroupByPath('security')!;
    assert.deepEqual(await clientFor(holder.sim).groupMembership(security.id, userId), {
      direct: true,
      inherited: true,
    });
    assert.deepEqual(sent(), [
      `GET ${api}/groups/${security.id}/members/all/${userId}`,
      `GET ${api}/groups/${security.id}/members/${userId}`,
    ]);
  });

  it('compare: from, to and straight as the query of repository/compare', async () => {
    const sha = (id: number) => holder.sim.state.deployments.get(id)!.sha;
    const project = projectIdOf(holder.sim, projectPath);
    const comparison = await clientFor(holder.sim).compare(projectPath, sha(1), sha(5), { straight: true });
    assert.ok(comparison.commits.length > 0);
    assert.equal(holder.sim.state.deployments.get(5)!.projectId, project);
    assert.deepEqual(sent(), [
      `GET ${api}/projects/${encodedProject}/repository/compare?from=${sha(1)}&to=${sha(5)}&straight=true`,
    ]);
  });
});
