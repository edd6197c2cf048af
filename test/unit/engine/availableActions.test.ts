import * as assert from 'node:assert/strict';
import { availableDeploymentActions, canChangeRequiredApprovals } from '../../../src/core/actions/availableActions';
import type { DeploymentView, EnvironmentView, ProjectView } from '../../../src/core/refresh/snapshot';

const view = (
  state: DeploymentView['state'],
  canApprove: boolean,
  canReject = canApprove,
  deployable = true,
): DeploymentView =>
  ({
    state,
    eligibility: {
      canApprove,
      canReject,
      uncertain: false,
      ruleChoices: [],
      representedAsChoices: [],
      matchingRules: [],
    },
    progress: { rules: [], totalPending: 1, totalApproved: 0, totalRequired: 1, perRuleKnown: true },
    deployment: { deployable: deployable ? { id: 1 } : null },
  }) as unknown as DeploymentView;

describe('available actions', () => {
  it('offers approve, approve-and-run and reject on a waiting deployment the user may approve', () => {
    assert.deepEqual(availableDeploymentActions(view('waiting-for-approval', true), 30), [
      'approve',
      'approveAndRun',
      'reject',
    ]);
  });

  it('offers only reject to a triggerer who may not approve their own deployment', () => {
    assert.deepEqual(availableDeploymentActions(view('waiting-for-approval', false, true), 30), ['reject']);
  });

  it('keeps approve-and-run from a Reporter, who cannot run jobs', () => {
    assert.deepEqual(availableDeploymentActions(view('waiting-for-approval', true), 20), ['approve', 'reject']);
  });

  it('offers run once approved or for a plain manual job, to Developers and up with a job to run', () => {
    assert.deepEqual(availableDeploymentActions(view('approved-not-run', false), 30), ['run']);
    assert.deepEqual(availableDeploymentActions(view('manual', false), 40), ['run']);
    assert.deepEqual(availableDeploymentActions(view('manual', false), 20), []);
    assert.deepEqual(availableDeploymentActions(view('manual', false, false, false), 40), []);
  });

  it('does not offer run, nor approve-and-run, to a user known not to be a deployer (GitLab would refuse, 403)', () => {
    assert.deepEqual(
      availableDeploymentActions({ ...view('approved-not-run', false), deployAccess: 'denied' }, 40),
      [],
    );
    assert.deepEqual(
      availableDeploymentActions({ ...view('waiting-for-approval', true), deployAccess: 'denied' }, 40),
      ['approve', 'reject'],
    );
    assert.deepEqual(availableDeploymentActions({ ...view('manual', false), deployAccess: 'unknown' }, 30), ['run']);
  });

  it('offers nothing on a rejected deployment or one whose approval state is unknown', () => {
    assert.deepEqual(availableDeploymentActions(view('rejected', true), 40), []);
    assert.deepEqual(availableDeploymentActions(view(undefined, true), 40), []);
  });

  it('lets Maintainers of licensed projects change the required approvals of a protected environment', () => {
    const environment = { protection: { name: 'production', deploy_access_levels: [] } } as unknown as EnvironmentView;
    // GitLab's own signals: the role in `permissions`, the license by the self-approval key being present at all.
    const project = (accessLevel: number, licensed = true, protectionsRead = true) =>
      ({
        accessLevel,
        protectionsRead,
        project: {
          name_with_namespace: 'g / p',
          permissions: { project_access: { access_level: accessLevel }, group_access: null },
          ...(licensed ? { allow_pipeline_trigger_approve_deployment: false } : {}),
        },
      }) as unknown as ProjectView;
    assert.equal(canChangeRequiredApprovals(project(40), environment), true);
    assert.equal(canChangeRequiredApprovals(project(30), environment), false);
    assert.equal(canChangeRequiredApprovals(project(50, false), environment), false);
    assert.equal(canChangeRequiredApprovals(project(50), { protection: undefined } as EnvironmentView), false);
  });

  it('offers the change to Maintainers before the protections are read (the command reads them on demand)', () => {
    const unread = { protection: undefined } as EnvironmentView;
    const project = (accessLevel: number) =>
      ({
        protectionsRead: false,
        accessLevel,
        project: {
          permissions: { project_access: { access_level: accessLevel }, group_access: null },
          allow_pipeline_trigger_approve_deployment: false,
        },
      }) as unknown as ProjectView;
    assert.equal(canChangeRequiredApprovals(project(40), unread), true);
    assert.equal(canChangeRequiredApprovals(project(30), unread), false);
  });
});
