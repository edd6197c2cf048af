// The one home of what a person is asked before a deployment job starts: every path that starts a job (Run, Run Now,
// Approve and Run, the agent's run tool) names the same facts — project, environment, ref, commit — and the same
// warnings. The shell words the question; these are its facts.

import type { DeployAccess } from '../approvals/deployAccess';
import type { LocatedDeployment } from '../refresh/snapshot';

/** Something the person should know before the job starts. */
export type RunWarning =
  /** Whether the user is one of the environment's deployers cannot be read here: GitLab fails the job if not. */
  'deploy-access-unknown';

export interface RunQuestion {
  /** GitLab text, each shown only through the escaping home. */
  job: string;
  project: string;
  environment: string;
  ref: string;
  /** The commit's short sha. */
  commit: string;
  warnings: RunWarning[];
}

/** The facts of "Run this deployment job?"; undefined when the deployment has no job to run. */
export function runQuestion(located: LocatedDeployment, access: DeployAccess | undefined): RunQuestion | undefined {
  const job = located.deployment.deployable;
  if (!job) return undefined;
  return {
    job: job.name,
    project: located.project.project.path_with_namespace,
    environment: located.environment.name,
    ref: located.deployment.ref,
    commit: located.deployment.sha.slice(0, 8),
    warnings: access === 'unknown' ? ['deploy-access-unknown'] : [],
  };
}
