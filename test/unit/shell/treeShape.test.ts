import * as assert from 'node:assert/strict';
import type { DeploymentView, InstanceView, ProjectView, Snapshot } from '../../../src/core/refresh/snapshot';
import { nodeId, TreeShape } from '../../../src/shell/tree/nodes';

// The tree's shape is plain data (no vscode import), so its rules are checked here; the real host tests render it.
const deployment = (id: number, awaitingMe: boolean, state: DeploymentView['state'] = 'waiting-for-approval') =>
  ({
    instanceUrl: 'x',
    projectId: 1,
    awaitingMe,
    state,
    deployAccess: 'allowed',
    deployment: { id, iid: id, environment: { id: 1, name: 'production' }, deployable: { id, status: 'manual' } },
  }) as DeploymentView;

const project = (name: string, environments: ProjectView['environments']): ProjectView =>
  ({
    project: {
      id: name.length,
      name,
      path_with_namespace: `g/${name}`,
      allow_pipeline_trigger_approve_deployment: false,
    },
    accessLevel: 40,
    approvals: { available: true },
    protectionsRead: true,
    environments,
  }) as ProjectView;

const instance = (url: string, projects: ProjectView[]): InstanceView => ({ instanceUrl: url, projects, stale: false });

const snapshot = (...instances: InstanceView[]): Snapshot => ({ instances, refreshing: false });

describe('TreeShape', () => {
  const busy = project('busy', [
    { id: 1, name: 'production', deployments: [deployment(1, true), deployment(2, false)] },
    {
      id: 2,
      name: 'staging',
      protection: { name: 'staging', deploy_access_levels: [] },
      deployments: [],
    },
    { id: 3, name: 'review/x', deployments: [] },
  ]);
  const quiet = project('quiet', [{ id: 4, name: 'production', deployments: [] }]);

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

  it('shows environments with blocked deployments, and leaves out empty projects', () => {
    const shape = new TreeShape(snapshot(instance('https://a', [busy, quiet])), 'allBlocked');
    const [busyNode] = shape.roots();
    assert.equal(shape.roots().length, 1);
    assert.deepEqual(
      shape.children(busyNode).map((n) => (n.type === 'environment' ? n.environment.name : '')),
      ['production'],
    );
  });

  it('shows a protected environment with nothing waiting only when asked to and the user may change its approvals', () => {
    const names = (shape: TreeShape) =>
      shape.children(shape.roots()[0]).map((n) => (n.type === 'environment' ? n.environment.name : ''));
    const asked = { showIdleEnvironments: true };
    assert.deepEqual(names(new TreeShape(snapshot(instance('https://a', [busy])), 'allBlocked', asked)), [
      'production',
      'staging',
    ]);
    const developer = { ...busy, accessLevel: 30 };
    assert.deepEqual(names(new TreeShape(snapshot(instance('https://a', [developer])), 'allBlocked', asked)), [
      'production',
    ]);
  });

  it('puts the rows awaiting the user first within an environment', () => {
    const mixed = project('mixed', [
      {
        id: 1,
        name: 'production',
        deployments: [deployment(9, false), deployment(8, true), deployment(7, false, 'manual'), deployment(6, true)],
      },
    ]);
    const shape = new TreeShape(snapshot(instance('https://a', [mixed])), 'allBlocked');
    assert.deepEqual(
      shape.visibleDeployments().map((n) => n.deployment.id),
      [8, 6, 9, 7],
    );
  });

  it('puts overdue rows first, before those awaiting the user, and their environment and project first', () => {
    const overdueIds = new Set([9, 3]);
    const isOverdue = ({ view }: { view: DeploymentView }) => overdueIds.has(view.deployment.id);
    const mixed = project('mixed', [
      { id: 1, name: 'production', deployments: [deployment(9, false), deployment(8, true), deployment(7, false)] },
    ]);
    const other = project('other', [
      { id: 2, name: 'staging', deployments: [deployment(4, true)] },
      { id: 3, name: 'qa', deployments: [deployment(3, false)] },
    ]);
    const shape = new TreeShape(snapshot(instance('https://a', [other, mixed])), 'allBlocked', { isOverdue });
    assert.deepEqual(
      shape.visibleDeployments().map((n) => n.deployment.id),
      [3, 4, 9, 8, 7],
    );
    const plain = new TreeShape(snapshot(instance('https://a', [other, mixed])), 'allBlocked');
    assert.deepEqual(
      plain.visibleDeployments().map((n) => n.deployment.id),
      [4, 3, 8, 9, 7],
      'without thresholds the order is as before',
    );
  });

  it('filters to what awaits the user (to approve, or approved and theirs to run), pruning branches left empty', () => {
    const shape = new TreeShape(snapshot(instance('https://a', [busy])), 'awaitingMe');
    assert.deepEqual(
      shape.visibleDeployments().map((n) => n.deployment.id),
      [1],
    );
    const ready = project('ready', [
      {
        id: 1,
        name: 'production',
        deployments: [deployment(5, false, 'approved-not-run'), deployment(4, false, 'manual')],
      },
    ]);
    const runnable = new TreeShape(snapshot(instance('https://a', [ready])), 'awaitingMe');
    assert.deepEqual(
      runnable.visibleDeployments().map((n) => n.deployment.id),
      [5],
    );
    // A Reporter runs a job only as a deployer (deployAccess.ts); here, as the engine would say, not one.
    const notDeployer = {
      ...ready,
      accessLevel: 20,
      environments: ready.environments.map((e) => ({
        ...e,
        deployments: e.deployments.map((d) => ({ ...d, deployAccess: 'denied' as const })),
      })),
    };
    const reporter = new TreeShape(snapshot(instance('https://a', [notDeployer])), 'awaitingMe');
    assert.deepEqual(reporter.visibleDeployments(), [], 'a Reporter who is not a deployer cannot run the job');
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
