// A followed job's log tail as a read-only editor document (a virtual document: VS Code offers no way to save it),
// read while the document is open and given again as it grows. The text stays in the editor: it can hold a secret a CI
// variable failed to mask, so it is never written to the log channel.
import * as vscode from 'vscode';
import { hasEnded, type FollowedJob } from '../../core/follow/followedJob';
import type { JobFollower } from '../../core/follow/jobFollower';
import { TAIL_LINES } from '../../core/follow/logTail';
import { Disposable } from '../disposable';
import { jobTitle, stateText } from './followedJobWords';

export const JOB_LOG_SCHEME = 'gitlab-approvals-job-log';

export class JobLogDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  /** Open documents by job key, each with the follower's watch of its log. */
  private readonly open = new Map<string, { uri: vscode.Uri; watch: vscode.Disposable }>();

  constructor(private readonly follower: JobFollower) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, this));
    this.register(follower.onDidChangeTail((key) => this.refresh(key)));
    this.register(follower.onDidChange(() => this.open.forEach((_, key) => this.refresh(key))));
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc.uri)));
    this.register({ dispose: () => this.open.forEach(({ watch }) => watch.dispose()) });
  }

  /** Opens (or shows again) the job's log in an editor beside the current one. */
  async show(job: FollowedJob): Promise<vscode.TextEditor> {
    const uri = uriOf(job);
    if (!this.open.has(job.key)) this.open.set(job.key, { uri, watch: this.follower.watchLog(job.key) });
    const document = await vscode.workspace.openTextDocument(uri);
    // VS Code drops a change for a document it has not opened yet: a tail read while it opened is given again now.
    if (document.getText() !== (await Promise.resolve(this.provideTextDocumentContent(uri)))) this.changed.fire(uri);
    return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = keyOf(uri);
    const job = key ? this.follower.get(key) : undefined;
    if (!job) return vscode.l10n.t('This job is no longer followed.');
    const tail = this.follower.tail(job.key);
    const header = [`${jobTitle(job)} — ${stateText(job)}`];
    if (tail?.earlierLinesLeftOut)
      header.push(vscode.l10n.t('(the last {0} lines of the log; open the job for all of it)', TAIL_LINES));
    header.push('');
    const body = tail
      ? tail.lines
      : [hasEnded(job) ? vscode.l10n.t('Reading the log…') : vscode.l10n.t('Waiting for the log…')];
    return [...header, ...body, ''].join('\n');
  }

  private refresh(key: string): void {
    const open = this.open.get(key);
    if (open) this.changed.fire(open.uri);
  }

  private closed(uri: vscode.Uri): void {
    if (uri.scheme !== JOB_LOG_SCHEME) return;
    const key = keyOf(uri);
    const open = key ? this.open.get(key) : undefined;
    if (!key || !open) return;
    open.watch.dispose();
    this.open.delete(key);
  }
}

/** `gitlab-approvals-job-log:/<job id> <job name>.log?<key>`: the title names the job; the query finds it. */
function uriOf(job: FollowedJob): vscode.Uri {
  const name = `${job.jobId} ${job.jobName}`.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 80);
  return vscode.Uri.from({ scheme: JOB_LOG_SCHEME, path: `/${name}.log`, query: encodeURIComponent(job.key) });
}

function keyOf(uri: vscode.Uri): string | undefined {
  try {
    return decodeURIComponent(uri.query) || undefined;
  } catch {
    return undefined;
  }
}
