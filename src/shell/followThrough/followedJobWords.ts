// What a followed job's row, status bar item and notification say. GitLab's text (names, the failure reason) are values
// in the extension's translated sentences; each surface escapes them (plain text in the tree and notifications through
// messageText / ui.ts, Markdown through markdownText).
import * as vscode from 'vscode';
import { phaseOf, runLengthText, runSeconds, type FollowedJob } from '../../core/follow/followedJob';
import { externalWebLink, linkOnInstance } from '../../core/presentation';

/** "running 2m 10s", "succeeded in 3m 2s — now live on production", "failed: script_failure". */
export function stateText(job: FollowedJob, now = Date.now()): string {
  const seconds = runSeconds(job, now);
  const length = seconds === undefined ? '' : runLengthText(seconds);
  const said = ((): string => {
    switch (phaseOf(job)) {
      case 'queued':
        return vscode.l10n.t('queued');
      case 'running':
        return length ? vscode.l10n.t('running {0}', length) : vscode.l10n.t('running');
      case 'succeeded':
        return vscode.l10n.t('succeeded — now live on {0}', job.environmentName);
      case 'failed':
        return vscode.l10n.t('failed: {0}', job.failureReason ?? vscode.l10n.t('no reason given'));
      case 'canceled':
        return vscode.l10n.t('canceled');
      case 'skipped':
        return vscode.l10n.t('skipped');
      case 'waits-again':
        return vscode.l10n.t('waits for approval again');
    }
  })();
  return job.problem ? vscode.l10n.t('{0} (as last read: reading it failed)', said) : said;
}

/** The row's first words: where and what. */
export function jobTitle(job: FollowedJob): string {
  return vscode.l10n.t('{0} to {1} of {2}', job.jobName, job.environmentName, job.projectPath);
}

export type EndedActionId = 'log' | 'environment' | 'retry' | 'job';

/** The environment's page, when its `external_url` is http(s). */
export function environmentLink(job: FollowedJob): string | undefined {
  return externalWebLink(job.externalUrl);
}

/** The job's page, when it is on the instance. */
export function jobLink(job: FollowedJob): string | undefined {
  return linkOnInstance(job.webUrl, job.instanceUrl);
}

/** The notification when a followed job ended while the window was in the background. */
export function endedMessage(job: FollowedJob): {
  severity: 'info' | 'warning';
  message: string;
  actions: { id: EndedActionId; title: string }[];
} {
  const showLog = { id: 'log' as const, title: vscode.l10n.t('Show Log') };
  if (phaseOf(job) === 'succeeded') {
    return {
      severity: 'info',
      message: vscode.l10n.t('Now live on {0}: {1} succeeded.', job.environmentName, jobTitle(job)),
      actions: [
        ...(environmentLink(job) ? [{ id: 'environment' as const, title: vscode.l10n.t('Open Environment') }] : []),
        showLog,
      ],
    };
  }
  return {
    severity: 'warning',
    message: vscode.l10n.t('{0} — {1}.', jobTitle(job), stateText(job)),
    actions: [
      showLog,
      ...(phaseOf(job) === 'failed' ? [{ id: 'retry' as const, title: vscode.l10n.t('Retry…') }] : []),
      ...(jobLink(job) ? [{ id: 'job' as const, title: vscode.l10n.t('Open Job') }] : []),
    ],
  };
}
