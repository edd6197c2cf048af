import * as assert from 'node:assert/strict';
import type { LocatedDeployment } from '../../../src/core/refresh/snapshot';
import {
  environmentTally,
  pipelineApprovalPlan,
  pipelinesAwaitingMe,
} from '../../../src/core/actions/pipelineApproval';
import type { DeploymentView } from '../../../src/core/refresh/snapshot';

// One approval for a release: the deployments of one pipeline that await the user, and why not the others.
const located = (id: number, pipelineId: number, view: Partial<DeploymentView>, projectId = 1): LocatedDeployment => {
  const deployment = { id, iid: id, deployable: { id: 100 + id, pipeline: { id: pipelineId } } };
  return {
    project: { project: { id: projectId } },
    environment: { name: `env${id}` },
    deployment,
    view: { instanceUrl: 'https://gitlab.example.com', projectId, awaitingMe: false, deployment, ...view },
  } as unknown as LocatedDeployment;
};

describe('approving a pipeline', () => {
  const all = [
    located(1, 7, { awaitingMe: true, state: 'waiting-for-approval' }),
    located(2, 7, { awaitingMe: true, state: 'waiting-for-approval' }),
    located(3, 7, {
      state: 'waiting-for-approval',
      eligibility: { reason: 'own-deployment' } as DeploymentView['eligibility'],
    }),
    located(4, 7, { state: 'approved-not-run' }),
    located(5, 8, { awaitingMe: true, state: 'waiting-for-approval' }),
    located(6, 7, { awaitingMe: true, state: 'waiting-for-approval' }, 2), // same pipeline id, another project
  ];

  it('approves what awaits the user in that pipeline, and says why not the rest', () => {
    const plan = pipelineApprovalPlan(all, { instanceUrl: 'https://gitlab.example.com', projectId: 1, pipelineId: 7 });
    assert.deepEqual(
      plan.toApprove.map((l) => l.deployment.id),
      [1, 2],
    );
    assert.deepEqual(
      plan.leftAlone.map((l) => [l.located.deployment.id, l.why]),
      [
        [3, 'You triggered this deployment, and the project does not allow approving your own deployments.'],
        [4, 'It is approved, not run yet.'],
      ],
    );
  });

  it('lists each pipeline with something awaiting the user once', () => {
    assert.deepEqual(
      pipelinesAwaitingMe(all).map((p) => [p.pipeline.projectId, p.pipeline.pipelineId, p.toApprove.length]),
      [
        [1, 7, 2],
        [1, 8, 1],
        [2, 7, 1],
      ],
    );
  });
});

describe('approving a pipeline: later stages and the tally', () => {
  const later = (view: Partial<DeploymentView>, jobStatus = 'created'): LocatedDeployment => {
    const deployment = {
      id: 9,
      iid: 9,
      status: 'created',
      deployable: { id: 109, status: jobStatus, pipeline: { id: 7 } },
    };
    return {
      project: { project: { id: 1 } },
      environment: { name: 'ca' },
      deployment,
      view: { instanceUrl: 'https://gitlab.example.com', projectId: 1, awaitingMe: false, deployment, ...view },
    } as unknown as LocatedDeployment;
  };
  const pipeline = { instanceUrl: 'https://gitlab.example.com', projectId: 1, pipelineId: 7 };

  it('says an approved deployment of a later stage waits for its stage, not to be run', () => {
    const plan = pipelineApprovalPlan([later({ state: 'approved-not-run' })], pipeline);
    assert.deepEqual(
      plan.leftAlone.map((l) => l.why),
      ['It is approved; its stage has not started.'],
    );
  });

  it('tallies GitLab’s approvals of the total from the re-read, and marks a later stage', () => {
    const before = later({ state: 'waiting-for-approval', awaitingMe: true });
    const after = later({
      state: 'approved-not-run',
      progress: { totalApproved: 1, totalRequired: 2 } as DeploymentView['progress'],
    });
    assert.deepEqual(environmentTally(before, after), {
      environment: 'ca',
      approved: 1,
      required: 2,
      laterStage: true,
    });
    assert.deepEqual(environmentTally(before, undefined), { environment: 'ca', laterStage: true });
  });
});
