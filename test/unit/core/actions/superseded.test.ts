import * as assert from 'node:assert/strict';
import { supersededSet } from '../../../../src/core/actions/superseded';
import type { DeploymentView, EnvironmentView, InstanceView, ProjectView } from '../../../../src/core/refresh/snapshot';

// Which deployments Reject Superseded lists: those a newer one on the same environment supersedes (the row's mark), and
// of them only those the user may reject now; the newest always stays.
const view = (
  id: number,
  canReject = true,
  state: DeploymentView['state'] = 'waiting-for-approval',
  status = 'blocked',
) =>
  ({
    instanceUrl: 'https://gitlab.example.com',
    projectId: 1,
    awaitingMe: canReject,
    state,
    eligibility: {
      canApprove: canReject,
      canReject,
      uncertain: false,
      ruleChoices: [],
      representedAsChoices: [],
      matchingRules: [],
    },
    deployment: {
      id,
      iid: id - 100,
      ref: 'main',
      sha: `${id}`.padEnd(40, 'a'),
      status,
      deployable: { id },
      environment: { id: 1, name: 'production' },
    },
  }) as unknown as DeploymentView;

const place = (...deployments: DeploymentView[]) => ({
  instance: { instanceUrl: 'https://gitlab.example.com', projects: [], stale: false } as InstanceView,
  project: { project: { id: 1 }, accessLevel: 30 } as ProjectView,
  environment: { id: 1, name: 'production', deployments } as EnvironmentView,
});

const ids = (list: { deployment: { id: number } }[]) => list.map((d) => d.deployment.id);

describe('Reject Superseded: which deployments', () => {
  it('lists every older blocked deployment, oldest first, and keeps the newest', () => {
    // GitLab's list order (newest first) must not matter.
    const set = supersededSet(place(view(110), view(104), view(107), view(101)));
    assert.deepEqual(ids(set.toReject), [101, 104, 107]);
    assert.equal(set.newest?.deployment.id, 110);
    assert.deepEqual(set.leftAlone, []);
  });

  it('leaves alone, apart, the superseded ones the user may not reject now', () => {
    const set = supersededSet(
      place(view(101, false), view(104, true, 'approved-not-run'), view(105), view(110, false)),
    );
    assert.deepEqual(ids(set.toReject), [105]);
    assert.deepEqual(ids(set.leftAlone), [101, 104]);
    assert.equal(set.newest?.deployment.id, 110, 'the newest stays whoever may reject it');
  });

  it('lists nothing when one deployment waits, or a newer one no longer supersedes (rejected, failed)', () => {
    assert.deepEqual(supersededSet(place(view(101))).toReject, []);
    const set = supersededSet(place(view(101), view(104, true, 'rejected', 'failed')));
    assert.deepEqual(set.toReject, []);
    assert.equal(set.newest?.deployment.id, 101, 'a failed deployment is not the one kept');
  });
});
