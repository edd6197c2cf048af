import * as assert from 'node:assert/strict';
import type { DeploymentView, InstanceView, ProjectView, Snapshot } from '../../../src/core/refresh/snapshot';
import { nodeId, TreeShape } from '../../../src/shell/tree/nodes';

// The tree's shape is plain data (no vscode import), so its rules are checked here; the real host tests render it.
const deployment = (id: number, awaitingMe: boolean): DeploymentView =>
  ({
    instanceUrl: 'x',
    projectId: 1,
    awaitingMe,
    deployment: { id, iid: id, environment: { id: 1, name: 'production' } },
  }) as DeploymentView;

const project = (name: string, environments: ProjectView['environments']): ProjectView =>
  ({
    project: { id: name.length, name, path_with_namespace: `g/${name}` },
    accessLevel: 40,
    approvals: { available: true },
    environments,
  }) as ProjectView;

const instance = (url: string, projects: ProjectView[]): InstanceView => ({ instanceUrl: url, projects, stale: false });

const snapshot = (...instances: InstanceView[]): Snapshot => ({ instances, refreshing: false });

describe('TreeShape', () => {
  const busy = project('busy', [
    { id: 1, name: 'production', externalUrl: null, deployments: [deployment(1, true), deployment(2, false)] },
    {
      id: 2,
      name: 'staging',
      externalUrl: null,
      protection: { name: 'staging', deploy_access_levels: [] },
      deployments: [],
    },
    { id: 3, name: 'review/x', externalUrl: null, deployments: [] },
  ]);
  const quiet = project('quiet', [{ id: 4, name: 'production', externalUrl: null, deployments: [] }]);

  it('starts at projects for one instance, and at instances for several', () => {
    assert.deepEqual(
      new TreeShape(snapshot(instance('https://a', [busy])), 'allBlocked').roots().map((n) => n.type),
      ['project'],
    );
    const two = new TreeShape(snapshot(instance('https://a', [busy]), instance('https://b', [busy])), 'allBlocked');
    assert.deepEqual(
      two.roots().map((n) => n.type),
      ['instance', 'instance'],
    );
    assert.equal(two.children(two.roots()[1])[0].instance.instanceUrl, 'https://b');
  });

  it('shows environments with blocked deployments or protection, and leaves out empty projects', () => {
    const shape = new TreeShape(snapshot(instance('https://a', [busy, quiet])), 'allBlocked');
    const [busyNode] = shape.roots();
    assert.equal(shape.roots().length, 1);
    assert.deepEqual(
      shape.children(busyNode).map((n) => (n.type === 'environment' ? n.environment.name : '')),
      ['production', 'staging'],
    );
  });

  it('filters to what awaits the user, pruning branches left empty', () => {
    const shape = new TreeShape(snapshot(instance('https://a', [busy])), 'awaitingMe');
    assert.deepEqual(
      shape.visibleDeployments().map((n) => n.deployment.id),
      [1],
    );
    assert.deepEqual(
      shape.children(shape.roots()[0]).map((n) => (n.type === 'environment' ? n.environment.name : '')),
      ['production'],
    );
  });

  it('gives each row a parent and an id that is stable across refreshes and unique across instances', () => {
    const shape = new TreeShape(snapshot(instance('https://a', [busy]), instance('https://b', [busy])), 'allBlocked');
    const rows = shape.visibleDeployments();
    assert.equal(rows.length, 4);
    assert.equal(new Set(rows.map(nodeId)).size, 4);
    const parent = shape.parent(rows[0])!;
    assert.equal(parent.type, 'environment');
    assert.equal(shape.parent(shape.parent(parent)!)?.type, 'instance');
  });
});
