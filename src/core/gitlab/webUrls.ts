// Where things live in GitLab's web UI, for "Open in GitLab" and "Copy Link".
import type { DeploymentListItem, ProjectSummary } from './types';

export function environmentWebUrl(project: Pick<ProjectSummary, 'web_url'>, environmentId: number): string {
  return `${project.web_url}/-/environments/${environmentId}`;
}

/** The deployment's own page, where GitLab shows its approvals (17.1+); older GitLab lists it on the environment page. */
export function deploymentWebUrl(
  project: Pick<ProjectSummary, 'web_url'>,
  deployment: Pick<DeploymentListItem, 'iid' | 'environment'>,
): string {
  return `${environmentWebUrl(project, deployment.environment.id)}/deployments/${deployment.iid}`;
}
