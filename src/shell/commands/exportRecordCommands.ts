// Export Approval Record…: a deployment's (or an environment's, or a pipeline's) approval as evidence, in Markdown for
// people and JSON for tools, where the person chooses. The core reads and builds the record (core/evidence); this
// file asks where, shows progress, writes the two files and says what it wrote. Exporting never writes to GitLab.
import * as vscode from 'vscode';
import { pipelineOf, samePipeline } from '../../core/actions/pipelineApproval';
import {
  approvalRecordJson,
  approvalRecordMarkdown,
  defaultRecordFileName,
  readApprovalRecord,
  recordFileNames,
  type ApprovalRecord,
  type RecordedDeployment,
} from '../../core/evidence';
import { numberText } from '../../core/presentation';
import { deploymentKey, type DeploymentView, type InstanceView, type ProjectView } from '../../core/refresh/snapshot';
import type { Briefs } from '../deploymentPage/briefs';
import { people } from '../fourEyes';
import { askModal, askSavePath, pickOne, showInfo, withNotificationProgress } from '../presentation/ui';
import { TreeShape, type DeploymentNode, type EnvironmentNode, type TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import { reportFailure, signalOf } from './feedback';
import type { CommandTable } from './registerCommands';

/** What one export puts on record: deployments of one project on one instance. */
export interface RecordSubject {
  kind: ApprovalRecord['subject']['kind'];
  title: string;
  fileName: string;
  instance: InstanceView;
  project: ProjectView;
  views: DeploymentView[];
}

export function exportRecordCommands(
  context: CommandContext,
  briefs: Briefs,
): Pick<CommandTable, 'exportApprovalRecord' | 'exportPipelineApprovalRecord'> {
  return {
    exportApprovalRecord: async (clicked?: TreeNode) => {
      const node =
        clicked?.type === 'deployment' || clicked?.type === 'environment' ? clicked : await pickPlace(context);
      if (node)
        await exportApprovalRecord(
          context,
          briefs,
          node.type === 'deployment' ? ofDeployment(node) : ofEnvironment(node),
        );
    },
    exportPipelineApprovalRecord: async (clicked?: TreeNode) => {
      const node = clicked?.type === 'deployment' ? clicked : await pickPipeline(context);
      const subject = node && ofPipeline(context, node);
      if (subject) await exportApprovalRecord(context, briefs, subject);
    },
  };
}

/** Asks where, reads, writes both files; true when both were written. The page's button shares it. */
export async function exportApprovalRecord(
  context: CommandContext,
  briefs: Briefs,
  subject: RecordSubject,
): Promise<boolean> {
  const client = context.instances.client(subject.instance.instanceUrl);
  if (!client) {
    void showInfo(
      vscode.l10n.t(
        'Sign in to {0} to export the approval record of {1}.',
        subject.instance.instanceUrl,
        subject.title,
      ),
    );
    return false;
  }
  if (subject.views.length === 0) {
    void showInfo(vscode.l10n.t('Nothing waits on {0}: there is no deployment to put on record.', subject.title));
    return false;
  }
  const chosen = await askSavePath({
    title: vscode.l10n.t('Export the approval record of {0}', subject.title),
    defaultUri: savedIn(context, subject.fileName),
    filters: { [vscode.l10n.t('Markdown (a JSON file is written beside it)')]: ['md'], JSON: ['json'] },
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!chosen) return false;
  const paths = recordFileNames(chosen.path);
  const files = { markdown: chosen.with({ path: paths.markdown }), json: chosen.with({ path: paths.json }) };
  // The dialog asked about the file chosen; the one beside it is asked about here.
  const beside = chosen.path === paths.json ? files.markdown : files.json;
  if ((await exists(beside)) && !(await replaceBeside(beside))) return false;

  const where = subject.title;
  try {
    const record = await withNotificationProgress(
      vscode.l10n.t('Exporting the approval record of {0}…', where),
      (token) => readRecord(context, briefs, subject, client, signalOf(token)),
    );
    const encoder = new TextEncoder();
    await vscode.workspace.fs.writeFile(files.markdown, encoder.encode(approvalRecordMarkdown(record)));
    try {
      await vscode.workspace.fs.writeFile(files.json, encoder.encode(approvalRecordJson(record)));
    } catch (error) {
      reportFailure(
        context.log,
        vscode.l10n.t('Saved {0}, but not {1}', files.markdown.fsPath, files.json.fsPath),
        error,
      );
      return false;
    }
  } catch (error) {
    reportFailure(context.log, vscode.l10n.t('Exporting the approval record of {0}', where), error);
    return false;
  }
  context.log.info(`exported the approval record of ${subject.kind} ${where}`);
  void showInfo(
    vscode.l10n.t('Saved the approval record of {0} to {1} and {2}.', where, files.markdown.fsPath, files.json.fsPath),
  );
  return true;
}

function readRecord(
  context: CommandContext,
  briefs: Briefs,
  subject: RecordSubject,
  client: NonNullable<ReturnType<CommandContext['instances']['client']>>,
  signal: AbortSignal,
): Promise<ApprovalRecord> {
  const { instance, project } = subject;
  const byId = new Map(subject.views.map((view) => [view.deployment.id, view]));
  const recorded: RecordedDeployment[] = subject.views.map((view) => ({
    project: { id: project.project.id, path: project.project.path_with_namespace, accessLevel: project.accessLevel },
    environment: environmentOf(project, view),
    deployment: view.deployment,
  }));
  const followed = context.followedJobs?.all() ?? [];
  return readApprovalRecord(
    { kind: subject.kind, title: subject.title },
    recorded,
    {
      instanceUrl: instance.instanceUrl,
      client,
      brief: async (_projectId, detail) => {
        const view = { ...byId.get(detail.id)!, deployment: detail, detail };
        return briefs.known(view) ?? briefs.build(client, view, signal);
      },
      exporter: instance.user,
      me: () => people.me(instance.instanceUrl, client, signal),
      followed: (projectId, deploymentId) =>
        // The newest job the person started on this deployment (a retry's is followed in place of the first).
        followed
          .filter(
            (job) =>
              job.deploymentKey ===
              deploymentKey({ instanceUrl: instance.instanceUrl, projectId, deployment: { id: deploymentId } }),
          )
          .sort((a, b) => b.followedAt - a.followedAt)[0],
      now: () => Date.now(),
    },
    { signal, userAction: true },
  );
}

function ofDeployment(node: DeploymentNode): RecordSubject {
  const { deployment, environment, project } = node;
  return {
    kind: 'deployment',
    title: vscode.l10n.t(
      '#{0} of {1} ({2})',
      numberText(deployment.iid),
      environment.name,
      project.project.path_with_namespace,
    ),
    fileName: defaultRecordFileName({
      project: project.project.path,
      environment: environment.name,
      iid: deployment.iid,
    }),
    instance: node.instance,
    project,
    views: [node.view],
  };
}

function ofEnvironment(node: EnvironmentNode): RecordSubject {
  const { environment, project } = node;
  return {
    kind: 'environment',
    title: vscode.l10n.t('{0} ({1})', environment.name, project.project.path_with_namespace),
    fileName: defaultRecordFileName({ project: project.project.path, environment: environment.name }),
    instance: node.instance,
    project,
    views: environment.deployments,
  };
}

/** The pipeline of the deployment: every deployment of it the view shows. */
function ofPipeline(context: CommandContext, node: DeploymentNode): RecordSubject | undefined {
  const pipeline = pipelineOf(node);
  if (!pipeline) {
    void showInfo(vscode.l10n.t('This deployment has no pipeline.'));
    return undefined;
  }
  const views = allDeployments(context)
    .filter((other) => samePipeline(pipeline, pipelineOf(other)))
    .map((other) => other.view);
  return {
    kind: 'pipeline',
    title: vscode.l10n.t(
      'pipeline {0} of {1}',
      numberText(pipeline.pipelineId),
      node.project.project.path_with_namespace,
    ),
    fileName: defaultRecordFileName({ project: node.project.project.path, pipelineId: pipeline.pipelineId }),
    instance: node.instance,
    project: node.project,
    views,
  };
}

function environmentOf(project: ProjectView, view: DeploymentView): RecordedDeployment['environment'] {
  const environment = project.environments.find((e) => e.id === view.deployment.environment.id);
  return {
    id: view.deployment.environment.id,
    name: view.deployment.environment.name,
    ...(environment?.tier ? { tier: environment.tier } : {}),
  };
}

function allDeployments(context: CommandContext): DeploymentNode[] {
  return new TreeShape(context.engine.snapshot(), 'allBlocked').visibleDeployments();
}

/** From the palette: a deployment or an environment. */
async function pickPlace(context: CommandContext): Promise<DeploymentNode | EnvironmentNode | undefined> {
  const deployments = allDeployments(context);
  const environments = new Map<string, EnvironmentNode>();
  for (const d of deployments)
    environments.set(`${d.instance.instanceUrl}#${d.project.project.id}#${d.environment.id}`, {
      type: 'environment',
      instance: d.instance,
      project: d.project,
      environment: d.environment,
    });
  const items = [
    ...deployments.map((node) => ({
      icon: 'file-text',
      label: `#${numberText(node.deployment.iid)} ${node.environment.name}`,
      description: node.project.project.path_with_namespace,
      node: node as DeploymentNode | EnvironmentNode,
    })),
    ...[...environments.values()].map((node) => ({
      icon: 'server-environment',
      label: node.environment.name,
      description: node.project.project.path_with_namespace,
      detail: vscode.l10n.t('Every deployment of this environment the view shows'),
      node: node as DeploymentNode | EnvironmentNode,
    })),
  ];
  if (items.length === 0) {
    void showInfo(vscode.l10n.t('No deployment to put on record: none waits now.'));
    return undefined;
  }
  const chosen = await pickOne(items, {
    title: vscode.l10n.t('Export the approval record of which deployment or environment?'),
    matchOnDescription: true,
  });
  return chosen?.node;
}

/** From the palette: one deployment of each pipeline stands for it. */
async function pickPipeline(context: CommandContext): Promise<DeploymentNode | undefined> {
  const byPipeline = new Map<string, DeploymentNode>();
  for (const node of allDeployments(context)) {
    const pipeline = pipelineOf(node);
    if (pipeline) byPipeline.set(`${pipeline.instanceUrl}#${pipeline.projectId}#${pipeline.pipelineId}`, node);
  }
  if (byPipeline.size === 0) {
    void showInfo(vscode.l10n.t('No pipeline to put on record: no deployment waits now.'));
    return undefined;
  }
  const chosen = await pickOne(
    [...byPipeline.values()].map((node) => ({
      icon: 'git-commit',
      label: vscode.l10n.t('pipeline {0}', numberText(node.deployment.deployable?.pipeline.id)),
      description: node.project.project.path_with_namespace,
      detail: node.deployment.ref,
      node,
    })),
    { title: vscode.l10n.t('Export the approval record of which pipeline?'), matchOnDescription: true },
  );
  return chosen?.node;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function replaceBeside(uri: vscode.Uri): Promise<boolean> {
  const replace = vscode.l10n.t('Replace');
  const chosen = await askModal(
    vscode.l10n.t('{0} already exists. Replace it too?', uri.fsPath),
    vscode.l10n.t('The approval record is written as Markdown and as JSON beside it, under one name.'),
    replace,
    vscode.l10n.t('Cancel'),
  );
  return chosen === replace;
}

/** The file in the open folder, else in the desktop's home; in a browser with no folder open, the dialog's choice. */
function savedIn(context: CommandContext, fileName: string): vscode.Uri | undefined {
  const folder =
    vscode.workspace.workspaceFolders?.[0]?.uri ??
    (context.homeFolder ? vscode.Uri.file(context.homeFolder) : undefined);
  return folder && vscode.Uri.joinPath(folder, fileName);
}
