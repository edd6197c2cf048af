// An addition to the demo scenario: `alice/tools`, a project in alice's own namespace shared with Security as
// Developer, so carol's only access to it is that share (docs/gitlab-behaviour.md#access-levels-and-shares). Its
// `production` needs one Developer approval; `staging` is a plain manual job.
import type { Project } from '../model';
import type { SimState } from '../state';

export interface SharedGroupProject {
  project: Project;
  /** The blocked deployment waiting for a Developer's approval, and the plain manual one. */
  waitingId: number;
  manualId: number;
}

export function addSharedGroupProject(state: SimState): SharedGroupProject {
  const alice = state.user('alice');
  const project = state.addProject({
    name: 'Tools',
    path: 'tools',
    owner: alice,
    sharedWith: [[state.findGroupByPath('security')!, 30]],
  });
  const production = state.addEnvironment({ project, name: 'production' });
  const staging = state.addEnvironment({ project, name: 'staging' });
  state.protectEnvironment({
    project,
    name: 'production',
    deployAccessLevels: [{ accessLevel: 30 }],
    approvalRules: [{ accessLevel: 30 }],
  });
  const waiting = state.addBlockedDeployment({ project, environment: production, triggeredBy: alice });
  const manual = state.addBlockedDeployment({ project, environment: staging, triggeredBy: alice });
  return { project, waitingId: waiting.deployment.id, manualId: manual.deployment.id };
}
