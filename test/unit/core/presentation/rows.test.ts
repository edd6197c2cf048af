import * as assert from 'node:assert/strict';
import { deploymentRowDescription, deploymentRowLabel, shortenMiddle } from '../../../../src/core/presentation';
import type { DeploymentView } from '../../../../src/core/refresh/snapshot';

// What a deployment row says first must fit a 300 px sidebar: state and progress in the label, ref and commit after.
const view = (over: Partial<DeploymentView>): DeploymentView =>
  ({
    instanceUrl: 'https://gitlab.example.com',
    projectId: 1,
    awaitingMe: false,
    deployment: {
      id: 7,
      iid: 3,
      ref: 'main',
      sha: '1a2a05d9c0ffee00',
      created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
      user: { username: 'bob' },
      environment: { id: 1, name: 'production' },
      deployable: { status: 'manual' },
    },
    ...over,
  }) as DeploymentView;
const progress = (approved: number, required: number) =>
  ({ totalApproved: approved, totalRequired: required }) as DeploymentView['progress'];

describe('deployment rows', () => {
  it('start with the state and k/n, for each kind', () => {
    assert.equal(
      deploymentRowLabel(view({ awaitingMe: true, state: 'waiting-for-approval', progress: progress(0, 2) })),
      'awaiting you · 0/2',
    );
    assert.equal(
      deploymentRowLabel(view({ state: 'waiting-for-approval', progress: progress(1, 3) })),
      'awaiting approval · 1/3',
    );
    assert.equal(
      deploymentRowLabel(
        view({
          state: 'waiting-for-approval',
          progress: progress(0, 1),
          eligibility: { reason: 'may-match-group-rule' } as DeploymentView['eligibility'],
        }),
      ),
      'may await you · 0/1',
    );
    assert.equal(
      deploymentRowLabel(view({ state: 'approved-not-run', progress: progress(3, 3) })),
      'approved, not run · 3/3',
    );
    assert.equal(deploymentRowLabel(view({ state: 'manual', progress: progress(0, 0) })), 'manual job');
    assert.equal(deploymentRowLabel(view({ state: 'rejected', progress: progress(0, 1) })), 'rejected · 0/1');
    const queued = view({ state: 'queued', progress: progress(2, 2) });
    queued.deployment.deployable!.status = 'pending';
    assert.equal(deploymentRowLabel(queued), 'queued · job pending · 2/2');
    assert.equal(deploymentRowLabel(view({})), 'loading…');
  });

  it('go on with the ref and short commit, then number, author and age', () => {
    assert.equal(deploymentRowDescription(view({}).deployment), 'main 1a2a05d9 · #3 · by bob · 5 min. ago');
  });

  it('shorten a long ref in the middle, keeping both ends', () => {
    const ref = 'feature/JIRA-4711-rework-the-payment-gateway-timeouts';
    const short = shortenMiddle(ref, 24);
    assert.equal(short.length, 24);
    assert.ok(short.startsWith('feature/JIRA'), short);
    assert.ok(short.endsWith('timeouts'), short);
    assert.ok(short.includes('…'));
    assert.equal(shortenMiddle('main', 24), 'main');
    assert.match(deploymentRowDescription({ ...view({}).deployment, ref }), /^feature\/JIRA.*….*timeouts 1a2a05d9 /);
  });
});
