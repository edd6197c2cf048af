import * as assert from 'node:assert/strict';
import type { LocatedDeployment } from '../../../src/core/refresh/snapshot';
import { pipelineApprovalPlan, pipelinesAwaitingMe } from '../../../src/core/actions/pipelineApproval';
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
