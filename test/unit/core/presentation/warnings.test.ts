import * as assert from 'node:assert/strict';
import { knownWarnings, warningMarks } from '../../../../src/core/presentation';
import type { DeploymentBrief } from '../../../../src/core/brief';
import type { DeploymentListItem } from '../../../../src/core/gitlab/types';
import type { EnvironmentView } from '../../../../src/core/refresh/snapshot';

// The mark a row, tooltip, inbox item and notification carry: a newer deployment waiting on the same environment is
// seen in the snapshot itself, every other warning only once the deployment's brief was read.
const deployment = (id: number, status = 'blocked', sha = `${id}`.padEnd(40, 'a')): DeploymentListItem =>
  ({ id, iid: id - 100, ref: 'main', sha, status, environment: { id: 1, name: 'production' } }) as DeploymentListItem;
const environment = (...deployments: DeploymentListItem[]): EnvironmentView =>
  ({
    id: 1,
    name: 'production',
    deployments: deployments.map((d) => ({ deployment: d, instanceUrl: 'https://gitlab.example.com', projectId: 1 })),
  }) as EnvironmentView;

describe('warnings where the eye is', () => {
  it('marks an older deployment superseded by a newer one waiting on the same environment', () => {
    const older = deployment(104);
    const newer = deployment(107);
    const env = environment(older, newer);
    const warnings = knownWarnings({ environment: env, deployment: older });
    assert.deepEqual(
      warnings.map((w) => w.kind),
      ['superseded'],
    );
    assert.match(warnings[0].message, /A newer deployment of production is already waiting: #7 of main/);
    assert.equal(warningMarks(warnings), '⚠ superseded');
    assert.deepEqual(knownWarnings({ environment: env, deployment: newer }), [], 'the newest is not superseded');
  });

  it('takes every warning from a brief of this deployment at its commit, and none from a brief of another commit', () => {
    const subject = deployment(104);
    const brief = {
      deploymentId: 104,
      sha: subject.sha,
      warnings: [
        { kind: 'rollback', message: 'rolls back' },
        { kind: 'failed-jobs', message: 'failed' },
      ],
    } as DeploymentBrief;
    const env = environment(subject);
    assert.equal(warningMarks(knownWarnings({ environment: env, deployment: subject }, brief)), '⚠ rollback +1');
    const moved = { ...subject, sha: 'b'.repeat(40) };
    assert.deepEqual(knownWarnings({ environment: env, deployment: moved }, brief), []);
  });

  it('adds a newer deployment the brief did not know yet, first', () => {
    const subject = deployment(104);
    const brief = {
      deploymentId: 104,
      sha: subject.sha,
      warnings: [{ kind: 'failed-jobs', message: 'failed' }],
    } as DeploymentBrief;
    const warnings = knownWarnings({ environment: environment(subject, deployment(109)), deployment: subject }, brief);
    assert.deepEqual(
      warnings.map((w) => w.kind),
      ['superseded', 'failed-jobs'],
    );
    assert.equal(warningMarks(warnings), '⚠ superseded +1');
  });

  it('says nothing when nothing is known', () => {
    assert.equal(
      warningMarks(knownWarnings({ environment: environment(deployment(1)), deployment: deployment(1) })),
      '',
    );
  });
});
