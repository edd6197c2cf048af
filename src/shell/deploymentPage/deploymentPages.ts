// The deployment page: one webview panel per deployment, reused when it is opened again. It paints at once from the
// tree's data, fills in the brief when it arrives, follows the engine's snapshot (so it updates in place after an
// action or a poll), and acts only on messages that pass `parsePageMessage` and the tree's availability rules.
import * as vscode from 'vscode';
import { availableDeploymentActions } from '../../core/actions/availableActions';
import type { DeploymentBrief, RuleApprovers } from '../../core/brief';
import { isGitLabError } from '../../core/errors';
import { deploymentTitle, htmlText, messageText } from '../../core/presentation';
import { deploymentKey, findDeployment } from '../../core/refresh/snapshot';
import { phaseOf } from '../../core/follow/followedJob';
import { stateText } from '../followThrough/followedJobWords';
import type { CommandContext } from '../commands/commandContext';
import { COMMANDS } from '../commands/commandIds';
import { approveOne, rejectOne, runOne } from '../commands/deploymentCommands';
import { Disposable } from '../disposable';
import { showWarning } from '../presentation/ui';
import { deploymentNode, type DeploymentNode } from '../tree/nodes';
import type { Briefs } from './briefs';
import { parsePageMessage, type PageMessage } from './pageMessages';
import { overdueThresholds } from '../overdue';
import { knownFourEyesSentences, people } from '../fourEyes';
import { hasSupersededToReject, rejectSuperseded } from '../commands/supersededCommands';
import { knownWarnings } from '../../core/presentation';
import { renderPage, type Loadable, type PageState, type RenderedPage } from './render';

export const DEPLOYMENT_PAGE_VIEW_TYPE = 'gitlabApprovals.deploymentPage';

export interface PageContext extends CommandContext {
  extensionUri: vscode.Uri;
  briefs: Briefs;
  reviewChanges: (node: DeploymentNode, brief: DeploymentBrief) => Promise<void>;
}

/** Every open deployment page, by deployment. */
export class DeploymentPages extends Disposable {
  private readonly pages = new Map<string, DeploymentPage>();

  constructor(private readonly context: PageContext) {
    super();
    this.register({ dispose: () => [...this.pages.values()].forEach((page) => page.dispose()) });
  }

  /** Opens the deployment's page, or brings its open page to the front. */
  show(node: DeploymentNode): DeploymentPage {
    const key = deploymentKey(node.view);
    const open = this.pages.get(key);
    if (open) {
      open.reveal();
      return open;
    }
    const page = new DeploymentPage(this.context, node);
    this.pages.set(key, page);
    page.onDidDispose(() => this.pages.delete(key));
    return page;
  }

  /** For tests: the open page of a deployment. */
  page(node: Pick<DeploymentNode, 'view'>): DeploymentPage | undefined {
    return this.pages.get(deploymentKey(node.view));
  }

  get openPages(): DeploymentPage[] {
    return [...this.pages.values()];
  }
}

export class DeploymentPage extends Disposable {
  readonly key: string;
  private readonly panel: vscode.WebviewPanel;
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.closed.event;
  private readonly rendered = this.register(new vscode.EventEmitter<string>());
  /** Fires with the page's HTML after every render (for tests). */
  readonly onDidRender = this.rendered.event;
  private readonly abort = new AbortController();
  private node: DeploymentNode;
  private gone?: string;
  private brief: Loadable<DeploymentBrief> = { status: 'loading' };
  private approvers: Loadable<RuleApprovers[]> = { status: 'loading' };
  private busy?: string;
  private last: RenderedPage;
  private ready = false;
  /** The action the comment was for went through: the next render empties the comment box. */
  private clearComment = false;
  /** Drops the results of a load that a newer one (Refresh) replaced. */
  private generation = 0;

  constructor(
    private readonly context: PageContext,
    node: DeploymentNode,
  ) {
    super();
    this.node = node;
    this.key = deploymentKey(node.view);
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    const codicons = vscode.Uri.joinPath(context.extensionUri, 'dist', 'codicons');
    // The focus stays where the click was (the tree): its keys and arrows keep working; the page is a click away.
    const showOptions = { viewColumn: vscode.ViewColumn.Active, preserveFocus: true };
    this.panel = vscode.window.createWebviewPanel(DEPLOYMENT_PAGE_VIEW_TYPE, this.title(), showOptions, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media, codicons],
      enableFindWidget: true,
    });
    this.panel.iconPath = vscode.Uri.joinPath(media, 'activity-bar.svg');
    this.last = renderPage(this.state());
    this.panel.webview.html = skeleton(this.panel.webview, media, codicons, this.last.html);
    this.register(this.panel.webview.onDidReceiveMessage((message) => void this.receive(message)));
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.register(context.engine.onDidChange(() => this.follow()));
    if (context.followedJobs) this.register(context.followedJobs.onDidChange(() => this.update()));
    this.register({ dispose: () => this.abort.abort() });
    void this.load();
  }

  /** The page's current HTML (the part inside `<main>`), for tests. */
  get html(): string {
    return this.last.html;
  }

  /** The whole document, content-security policy included (for tests). */
  get documentHtml(): string {
    return this.panel.webview.html;
  }

  get webviewOptions(): vscode.WebviewOptions {
    return this.panel.webview.options;
  }

  /** The webview's own resource origin: the only source the policy allows besides the nonce. */
  get cspSource(): string {
    return this.panel.webview.cspSource;
  }

  get deploymentNode(): DeploymentNode {
    return this.node;
  }

  /** Brings the page to the front, the focus staying where it is. */
  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Handles one message from the webview (also the way tests act on the page). */
  async receive(raw: unknown): Promise<void> {
    const message = parsePageMessage(raw);
    if (!message) {
      this.context.log.warn('deployment page: dropped a message the page does not send');
      return;
    }
    try {
      await this.act(message);
    } catch (error) {
      this.context.log.error(`deployment page: ${message.type}`, error);
    }
  }

  override dispose(): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.closed.fire();
    super.dispose();
    this.panel.dispose();
  }

  private async act(message: PageMessage): Promise<void> {
    const node = this.node;
    const allowed = (action: 'approve' | 'approveAndRun' | 'reject' | 'run') =>
      !this.gone && !this.busy && this.actions().includes(action);
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        return;
      case 'approve':
      case 'approveAndRun': {
        if (!allowed(message.type)) return this.refuse(message.type);
        // As the command does: one choice is named (so GitLab cannot count it for another rule), several are chosen.
        const choices = node.view.eligibility?.representedAsChoices ?? [];
        const rule = choices.length === 1 ? choices[0] : choices.length > 1 ? message.rule : undefined;
        if (choices.length > 1 && (rule === undefined || !choices.includes(rule))) return this.refuse(message.type);
        const input = { comment: message.comment || undefined, representedAs: rule };
        const andRun = message.type === 'approveAndRun';
        return this.whileBusy(andRun ? vscode.l10n.t('Approving and running…') : vscode.l10n.t('Approving…'), () =>
          approveOne(this.context, node, input, andRun),
        );
      }
      case 'reject':
        if (!allowed('reject')) return this.refuse('reject');
        return this.whileBusy(vscode.l10n.t('Rejecting…'), () =>
          rejectOne(this.context, node, message.comment || undefined),
        );
      case 'run':
        if (!allowed('run')) return this.refuse('run');
        return this.whileBusy(vscode.l10n.t('Starting the job…'), () => runOne(this.context, node));
      case 'rejectSuperseded':
        if (this.gone || this.busy || !this.canRejectSuperseded()) return this.refuse('rejectSuperseded');
        return this.whileBusy(vscode.l10n.t('Rejecting superseded deployments…'), () =>
          rejectSuperseded(this.context, node),
        );
      case 'openInGitLab':
        await vscode.commands.executeCommand(COMMANDS.openInGitLab, node);
        return;
      case 'copyLink':
        await vscode.commands.executeCommand(COMMANDS.copyLink, node);
        return;
      case 'exportApprovalRecord':
        await vscode.commands.executeCommand(COMMANDS.exportApprovalRecord, node);
        return;
      case 'refresh':
        await this.context.engine.refreshDeployment(node.view);
        await this.load();
        return;
      case 'reviewChanges':
        if (this.brief.status === 'ready' && this.brief.value.files.count > 0)
          await this.context.reviewChanges(node, this.brief.value);
        return;
      case 'openLink':
        if (!this.last.links.has(message.url)) {
          this.context.log.warn('deployment page: refused to open a link the page did not show');
          return;
        }
        await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
        return;
    }
  }

  private refuse(action: string): void {
    this.context.log.warn(`deployment page: ${action} is not available for ${this.key} now`);
    void showWarning(
      vscode.l10n.t('That action is not available for this deployment any more. The page shows what you can do now.'),
    );
    this.update();
  }

  private async whileBusy(words: string, run: () => Promise<boolean>): Promise<void> {
    this.busy = words;
    this.update();
    try {
      this.clearComment = await run();
    } finally {
      this.busy = undefined;
      this.follow();
    }
  }

  /** Reads the brief and who can approve, in parallel; each shows when it arrives. */
  private async load(): Promise<void> {
    const generation = ++this.generation;
    const client = this.context.instances.client(this.node.view.instanceUrl);
    if (!client) {
      const message = vscode.l10n.t('Not signed in to {0}.', this.node.view.instanceUrl);
      this.brief = this.approvers = { status: 'failed', message };
      return this.update();
    }
    this.brief = { status: 'loading' };
    this.approvers = { status: 'loading' };
    this.update();
    const view = this.node.view;
    const signal = this.abort.signal;
    await Promise.all([
      this.context.briefs.build(client, view, signal).then(
        (value) => this.settle(generation, () => (this.brief = { status: 'ready', value })),
        (error) => this.settle(generation, () => (this.brief = failed('brief', error))),
      ),
      this.context.briefs.approvers(client, view, signal).then(
        (value) => this.settle(generation, () => (this.approvers = { status: 'ready', value })),
        (error) => this.settle(generation, () => (this.approvers = failed('approvers', error))),
      ),
      // Who the person is (their addresses), for the four-eyes note once the brief is in; a failure is logged only.
      people.me(view.instanceUrl, client, signal).then(
        () => this.settle(generation, () => undefined),
        (error) => this.context.log.warn(`deployment page: could not read your addresses: ${String(error)}`),
      ),
    ]);
  }

  private settle(generation: number, apply: () => void): void {
    if (generation !== this.generation || this.abort.signal.aborted) return;
    apply();
    this.update();
  }

  /** Takes the deployment's latest data from the snapshot; says so when it left the inbox. */
  private follow(): void {
    const current = findDeployment(this.context.engine.snapshot(), this.key);
    if (current) {
      this.node = deploymentNode(current);
      this.gone = undefined;
    } else if (!this.gone) {
      this.gone = vscode.l10n.t('No longer waiting');
      void this.explainGone();
    }
    this.update();
  }

  /** What became of a deployment that left the inbox: its status now, in words. */
  private async explainGone(): Promise<void> {
    const client = this.context.instances.client(this.node.view.instanceUrl);
    if (!client) return;
    try {
      // The page's read: the person is looking at it, so it goes before queued background reads.
      const detail = await client.deployment(this.node.view.projectId, this.node.deployment.id, {
        signal: this.abort.signal,
        userAction: true,
      });
      if (this.gone) this.gone = vscode.l10n.t('No longer waiting: its status is now “{0}”', detail.status);
    } catch (error) {
      this.context.log.warn(`deployment page: could not read what became of ${this.key}: ${String(error)}`);
    }
    this.update();
  }

  /** The job started from this deployment, as followed: the newest one (a Retry's replaces it). */
  private jobRun(): PageState['jobRun'] {
    const job = this.context.followedJobs?.all().find((j) => j.deploymentKey === this.key);
    if (!job) return undefined;
    return {
      words: vscode.l10n.t('Its job {0}: {1}', job.jobName, stateText(job)),
      live: phaseOf(job) === 'succeeded',
    };
  }

  private actions() {
    return availableDeploymentActions(this.node.view, this.node.project.accessLevel);
  }

  /** This deployment is superseded, and its environment has superseded deployments the user may reject. */
  private canRejectSuperseded(): boolean {
    const superseded = knownWarnings(this.node).some((warning) => warning.kind === 'superseded');
    return superseded && hasSupersededToReject(this.node);
  }

  private state(): PageState {
    return {
      node: this.node,
      gone: this.gone,
      jobRun: this.jobRun(),
      actions: this.actions(),
      canRejectSuperseded: this.canRejectSuperseded(),
      fourEyes: knownFourEyesSentences(this.node, this.context.briefs, people),
      brief: this.brief,
      approvers: this.approvers,
      busy: this.busy,
      now: Date.now(),
      thresholds: overdueThresholds(),
      l10n: vscode.l10n,
    };
  }

  private update(): void {
    if (this.abort.signal.aborted) return;
    this.last = renderPage(this.state());
    this.panel.title = this.title();
    this.post();
  }

  private post(): void {
    if (this.ready) {
      void this.panel.webview.postMessage({ type: 'render', html: this.last.html, clearComment: this.clearComment });
      this.clearComment = false;
    }
    this.rendered.fire(this.last.html);
  }

  private title(): string {
    // The tab names project and environment: two pages of one environment in different projects are told apart.
    return messageText(deploymentTitle(this.node.deployment, this.node.project.project));
  }
}

function failed(what: 'brief' | 'approvers', error: unknown): Loadable<never> {
  const reason = isGitLabError(error) ? error.userMessage : String((error as Error)?.message ?? error);
  const message =
    what === 'brief'
      ? vscode.l10n.t('What is being shipped could not be read: {0}', reason)
      : vscode.l10n.t('Who can approve could not be read: {0}', reason);
  return { status: 'failed', message };
}

/**
 * The page's document: a strict content-security policy (no remote content, scripts only with this page's nonce,
 * styles and fonts only from the extension's media folder, no inline styles), the theme's codicons, and the first
 * render inline so the page paints before its script runs.
 */
function skeleton(webview: vscode.Webview, media: vscode.Uri, codicons: vscode.Uri, body: string): string {
  const nonce = [...crypto.getRandomValues(new Uint8Array(18))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(media, ...path)).toString();
  const codiconCss = webview.asWebviewUri(vscode.Uri.joinPath(codicons, 'codicon.css')).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${htmlText(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codiconCss}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${uri('deploymentPage', 'page.css')}">
<title>${htmlText(vscode.l10n.t('Deployment'))}</title>
</head>
<body>
<main id="root" aria-labelledby="title">
${body}
</main>
<script nonce="${nonce}" src="${uri('deploymentPage', 'page.js')}"></script>
</body>
</html>`;
}
