// The web pages behind the `web_url`s the simulator hands out (and the environment and deployment pages the extension
// builds from them), so Open in GitLab in the demo lands on a page that says what it stands for. Minimal HTML, not
// GitLab's UI: a title, the facts that identify the record, and links up to its project. Everything from the model is
// HTML-escaped (scenarios may hold hostile names).
import type { SimContext } from '../context';
import { deploymentStatus } from '../approvalRules';
import type { Project } from '../model';

export interface WebPage {
  status: number;
  html: string;
}

/**
 * The page for a path below the instance URL (base path removed), or undefined when no such page exists (the caller
 * answers GitLab's 404 page). Paths: `/<project>`, `/<project>/-/environments/:id[/deployments/:iid]`,
 * `/<project>/-/pipelines/:id`, `/<project>/-/jobs/:id`, `/<project>/-/commit/:sha`.
 */
export function webPage(ctx: SimContext, path: string): WebPage | undefined {
  const [projectPart, rest = ''] = path.replace(/^\/+|\/+$/g, '').split('/-/', 2);
  let projectPath: string;
  try {
    projectPath = decodeURIComponent(projectPart);
  } catch {
    return undefined;
  }
  const project = projectPath ? ctx.state.findProject(projectPath) : undefined;
  if (!project || /^\d+$/.test(projectPath)) return undefined;
  const page = new PageFor(ctx, project);
  if (rest === '') return page.project();
  const match =
    /^environments\/(?<environment>\d+)(?:\/deployments\/(?<deployment>\d+))?$/.exec(rest) ??
    /^pipelines\/(?<pipeline>\d+)$/.exec(rest) ??
    /^jobs\/(?<job>\d+)$/.exec(rest) ??
    /^commit\/(?<sha>[0-9a-f]{7,40})$/.exec(rest);
  const groups = match?.groups ?? {};
  if (groups.deployment) return page.deployment(Number(groups.environment), Number(groups.deployment));
  if (groups.environment) return page.environment(Number(groups.environment));
  if (groups.pipeline) return page.pipeline(Number(groups.pipeline));
  if (groups.job) return page.job(Number(groups.job));
  if (groups.sha) return page.commit(groups.sha);
  return undefined;
}

class PageFor {
  private readonly projectPath: string;
  private readonly projectUrl: string;

  constructor(
    private readonly ctx: SimContext,
    private readonly projectRecord: Project,
  ) {
    this.projectPath = ctx.state.projectFullPath(projectRecord);
    this.projectUrl = `${ctx.webUrl}/${this.projectPath}`;
  }

  project(): WebPage {
    const environments = [...this.ctx.state.environments.values()].filter((e) => e.projectId === this.projectRecord.id);
    return this.render(`Project ${this.projectPath}`, [
      ['Project', this.projectPath],
      ['Project id', String(this.projectRecord.id)],
      ['Environments', environments.map((e) => e.name).join(', ') || 'none'],
    ]);
  }

  environment(environmentId: number): WebPage | undefined {
    const environment = this.ctx.state.environments.get(environmentId);
    if (!environment || environment.projectId !== this.projectRecord.id) return undefined;
    return this.render(`Environment ${environment.name}`, [
      ['Project', this.projectPath],
      ['Environment', environment.name],
      ['Environment id', String(environment.id)],
      ['Tier', environment.tier],
    ]);
  }

  deployment(environmentId: number, iid: number): WebPage | undefined {
    const deployment = [...this.ctx.state.deployments.values()].find(
      (d) => d.projectId === this.projectRecord.id && d.iid === iid && d.environmentId === environmentId,
    );
    if (!deployment) return undefined;
    const environment = this.ctx.state.environments.get(environmentId)!;
    return this.render(`Deployment #${iid} to ${environment.name}`, [
      ['Project', this.projectPath],
      ['Environment', environment.name],
      ['Deployment', `#${iid} (id ${deployment.id})`],
      ['Status', deploymentStatus(this.ctx, deployment)],
      ['Ref', deployment.ref],
      ['Commit', deployment.sha],
      ['Triggered by', this.ctx.state.users.get(deployment.userId)?.username ?? 'unknown'],
    ]);
  }

  pipeline(pipelineId: number): WebPage | undefined {
    const pipeline = this.ctx.state.pipelines.get(pipelineId);
    if (!pipeline || pipeline.projectId !== this.projectRecord.id) return undefined;
    return this.render(`Pipeline #${pipeline.id}`, [
      ['Project', this.projectPath],
      ['Pipeline', `#${pipeline.id}`],
      ['Status', pipeline.status],
      ['Ref', pipeline.ref],
      ['Commit', pipeline.sha],
    ]);
  }

  job(jobId: number): WebPage | undefined {
    const job = this.ctx.state.jobs.get(jobId);
    if (!job || job.projectId !== this.projectRecord.id) return undefined;
    return this.render(`Job ${job.name} #${job.id}`, [
      ['Project', this.projectPath],
      ['Job', `${job.name} #${job.id}`],
      ['Stage', job.stage],
      ['Status', job.status],
      ['Pipeline', `#${job.pipelineId}`],
    ]);
  }

  commit(sha: string): WebPage | undefined {
    const known = [...this.ctx.state.pipelines.values()].some(
      (p) => p.projectId === this.projectRecord.id && p.sha.startsWith(sha),
    );
    if (!known) return undefined;
    return this.render(`Commit ${sha.slice(0, 8)}`, [
      ['Project', this.projectPath],
      ['Commit', sha],
    ]);
  }

  private render(title: string, facts: [string, string][]): WebPage {
    const rows = facts.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`);
    const html = [
      '<!doctype html>',
      '<html lang="en"><head><meta charset="utf-8">',
      `<title>${escapeHtml(title)} · GitLab simulator</title>`,
      '<style>body{font:15px system-ui,sans-serif;margin:2em;max-width:48em}th{text-align:left;padding-right:1em}</style>',
      '</head><body>',
      `<p>GitLab simulator — this page stands for GitLab's page of:</p>`,
      `<h1>${escapeHtml(title)}</h1>`,
      `<table>${rows.join('')}</table>`,
      `<p><a href="${escapeHtml(this.projectUrl)}">${escapeHtml(this.projectPath)}</a></p>`,
      '</body></html>',
      '',
    ].join('\n');
    return { status: 200, html };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
