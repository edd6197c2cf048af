import * as assert from 'node:assert/strict';
import { signedInSimulator, treeRows } from './support/harness';

// A GitLab without deployment approvals must be explained, not shown as an empty or broken tree.
describe('a GitLab without deployment approvals', () => {
  it('Community Edition: the view says why, manual jobs still show with Run, nothing offers Approve', async () => {
    const { api, signOut } = await signedInSimulator({ scenario: 'demo', profile: 'ce' });
    try {
      assert.equal(api.contextKeys.viewState, 'unsupported');
      assert.match(api.tree.view.message ?? '', /Community Edition, which has no deployment approvals/);
      const rows = api.tree.currentShape.visibleDeployments();
      assert.ok(rows.length > 0, treeRows(api).join('\n'));
      assert.ok(rows.every((n) => n.view.state === 'manual' && !n.view.awaitingMe));
      assert.ok(rows.every((n) => !(api.tree.getTreeItem(n).contextValue ?? '').includes('canApprove')));
      assert.equal(api.tree.view.badge, undefined);
    } finally {
      await signOut();
    }
  });

  it('EE without a license: projects are not Premium, so nothing awaits approval', async () => {
    const { api, signOut } = await signedInSimulator({ scenario: 'demo', profile: 'ee-unlicensed' });
    try {
      const rows = api.tree.currentShape.visibleDeployments();
      assert.ok(rows.length > 0);
      assert.ok(rows.every((n) => !n.view.awaitingMe && !n.project.approvals.available));
      const tooltip = api.tree.getTreeItem(api.tree.getParent(api.tree.getParent(rows[0])!)!).tooltip as {
        value: string;
      };
      assert.match(tooltip.value, /not on GitLab Premium or Ultimate/);
    } finally {
      await signOut();
    }
  });
});

// The welcome view a user sees is picked by `gitlabApprovals.state`: each must match what GitLab answered.
describe('the welcome states after signing in', () => {
  it('noProjects: signed in, but no project to watch', async () => {
    const { api, signOut } = await signedInSimulator({ scenario: 'empty' });
    try {
      assert.equal(api.contextKeys.viewState, 'noProjects');
      assert.deepEqual(treeRows(api), []);
    } finally {
      await signOut();
    }
  });

  it('nothingBlocked: projects are watched, nothing waits', async () => {
    const { api, signOut } = await signedInSimulator({
      scenario: (state) => {
        const demo = state.addUser({ username: 'demo', name: 'Demo User', at: '2026-01-01T00:00:00.000Z' });
        state.mainUsername = 'demo';
        const project = state.addProject({ name: 'Quiet', path: 'quiet', owner: demo, at: '2026-01-01T00:00:00.000Z' });
        state.addEnvironment({ project, name: 'production', at: '2026-01-01T00:00:00.000Z' });
      },
    });
    try {
      assert.equal(api.contextKeys.viewState, 'nothingBlocked');
      assert.deepEqual(treeRows(api), []);
      assert.equal(api.statusBar.isVisible, false);
    } finally {
      await signOut();
    }
  });
});
