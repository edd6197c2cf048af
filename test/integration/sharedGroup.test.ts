// Rows and menus for a Developer whose only access to a project is a group it is shared with: GitLab counts the share
// (docs/gitlab-behaviour.md#access-levels-and-shares), the project's `permissions` do not.
import * as assert from 'node:assert/strict';
import type { ExtensionInternals } from '../../src/extension';
import { addSharedGroupProject, type Simulator } from '../simulator';
import { contextTags, deploymentNode, signedInSimulator, treeRows, waitFor } from './support/harness';

describe('the tree as a Developer only through a shared group', () => {
  let sim: Simulator;
  let api: ExtensionInternals;
  let signOut: () => Promise<void>;

  before(async () => {
    ({ sim, api, signOut } = await signedInSimulator());
    addSharedGroupProject(sim.state);
    process.env.GITLAB_APPROVALS_TOKEN = sim.tokenFor('carol');
    await api.instances.reload();
    await api.tree.setFilter('allBlocked');
    await waitFor(() => treeRows(api).some((r) => r.startsWith('Tools')), 'carol’s shared project');
  });
  after(() => signOut());

  it('offers Approve on a role rule and Run on a manual job, as GitLab accepts them', () => {
    const rows = treeRows(api);
    assert.ok(
      rows.some((r) => /^ {4}awaiting you · 0\/1 — main [0-9a-f]{8} · #\d+ · by alice/.test(r)),
      rows.join('\n'),
    );
    assert.deepEqual(contextTags(api, deploymentNode(api, 'alice/tools', 'production')), [
      'deployment',
      'canApprove',
      'canApproveAndRun',
      'canReject',
      'hasWebUrl',
    ]);
    assert.deepEqual(contextTags(api, deploymentNode(api, 'alice/tools', 'staging')), [
      'deployment',
      'canRun',
      'hasWebUrl',
    ]);
  });

  it('says “may await you” on a group project’s role rule it cannot place, and offers Approve: GitLab decides', () => {
    const node = deploymentNode(api, 'acme/platform/api-gateway', 'staging');
    const item = api.tree.getTreeItem(node);
    assert.match(String(item.label), /^may await you · 0\/\d$/);
    assert.ok(contextTags(api, node).includes('canApprove'), contextTags(api, node).join(', '));
    const tooltip = (item.tooltip as { value: string }).value;
    assert.match(tooltip, /You may be able to approve.*GitLab decides/);
  });
});
