// Forward-deployment protection: GitLab refuses (403) to play a deployment job older than its environment's live
// deployment (`Ci::Deployable#has_outdated_deployment?`, app/models/concerns/ci/deployable.rb L36-42;
// docs/gitlab-behaviour.md#jobs-of-blocked-deployments). On by default; the project setting is shown to Maintainers only.

import type { ProjectSummary } from '../gitlab/types';

/** The environment's last successful deployment to finish (`Environment#last_deployment`): what is live. */
export interface LiveDeployment {
  id: number;
  iid: number;
  sha: string;
}

/**
 * Why GitLab would not run this deployment's job: the deployment that is live, and whether the project's protection
 * was read (`on`) or, the setting being hidden from the user, assumed on as GitLab's default (`assumed-on`).
 */
export interface OutdatedDeployment {
  live: { id: number; iid: number };
  protection: 'on' | 'assumed-on';
}

/**
 * Whether GitLab's forward-deployment protection refuses this waiting job: a deployment older (by id) than the live
 * one, with another commit (app/models/deployment.rb L305-313). The rollback allowance
 * (`ci_forward_deployment_rollback_allowed`) lets only a completed job be retried, never one waiting to be played.
 * `live` undefined: not read, nothing is claimed.
 */
export function outdatedDeployment(
  deployment: { id: number; sha: string },
  live: LiveDeployment | null | undefined,
  project: Pick<ProjectSummary, 'ci_forward_deployment_enabled'>,
): OutdatedDeployment | undefined {
  if (project.ci_forward_deployment_enabled === false || !live) return undefined;
  if (live.id === deployment.id || live.sha === deployment.sha || deployment.id > live.id) return undefined;
  return {
    live: { id: live.id, iid: live.iid },
    protection: project.ci_forward_deployment_enabled === true ? 'on' : 'assumed-on',
  };
}
