// Reads the simulator's state the way the steps check it: by project path and environment name, never by guessed ids.
import type { Simulator } from '../simulator';
import type { Deployment, DeploymentApproval, Environment, Project, ProtectedEnvironment } from '../simulator';

export interface BlockedTarget {
  project: Project;
  environment: Environment;
  deployment: Deployment;
  /** The short sha the tree row shows in its description; unique per deployment in the demo scenario. */
  shortSha: string;
}

/**
 * The blocked (manual-job) deployment of one environment: the demo scenario has one per environment; where there are
 * several (the release desk's production), the oldest.
 */
export function blockedDeployment(sim: Simulator, projectPath: string, environmentName: string): BlockedTarget {
  const project = sim.state.findProject(projectPath);
  if (!project) throw new Error(`the simulator has no project ${projectPath}`);
  const environment = sim.state.findEnvironment(project, environmentName);
  if (!environment) throw new Error(`${projectPath} has no environment ${environmentName}`);
  const deployment = sim.state
    .deploymentsOf(project)
    .filter((d) => d.environmentId === environment.id && sim.state.jobOf(d)?.status === 'manual')
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0];
  if (!deployment) throw new Error(`${projectPath} ${environmentName} has no blocked deployment`);
  return { project, environment, deployment, shortSha: deployment.sha.slice(0, 8) };
}

/** The main user's approval records on a deployment (approved or rejected). */
export function mainUserDecisions(sim: Simulator, deployment: Deployment): DeploymentApproval[] {
  const user = sim.state.user(sim.state.mainUsername ?? 'demo');
  return sim.state.approvalsOf(deployment).filter((a) => a.userId === user.id);
}

export function projectProtection(sim: Simulator, projectPath: string, environmentName: string): ProtectedEnvironment {
  const project = sim.state.findProject(projectPath);
  const pe = project && sim.state.findProtectedEnvironment({ projectId: project.id }, environmentName);
  if (!pe) throw new Error(`${projectPath} ${environmentName} is not protected at project level`);
  return pe;
}

/** The blocked deployment a tree row's text names by its short sha (the demo's shas are unique), or undefined. */
export function deploymentShown(sim: Simulator, rowText: string): BlockedTarget | undefined {
  for (const project of sim.state.projects.values()) {
    for (const deployment of sim.state.deploymentsOf(project)) {
      const shortSha = deployment.sha.slice(0, 8);
      if (!rowText.includes(shortSha) || sim.state.jobOf(deployment)?.status !== 'manual') continue;
      const environment = [...sim.state.environments.values()].find((e) => e.id === deployment.environmentId);
      if (environment) return { project, environment, deployment, shortSha };
    }
  }
  return undefined;
}
