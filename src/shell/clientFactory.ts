import * as vscode from 'vscode';
import { InvalidInputError } from '../core/errors';
import { caFileForInstance } from '../core/gitlab/caFiles';
import { GitLabClient, type ListCut } from '../core/gitlab/client';
import type { Log } from './log';
import type { Platform } from './platform/platform';
import { caFileSetting } from './settings';

/**
 * Builds the one client per instance: our User-Agent, the CA file meant for that instance (if any), every attempt
 * traced in the log (built only when the log shows traces), every cut list warned about.
 */
export class ClientFactory {
  constructor(
    private readonly extensionVersion: string,
    private readonly log: Log,
    private readonly readCaFileText: Platform['readCaFile'],
  ) {}

  async create(instanceUrl: string, token: () => Promise<string>): Promise<GitLabClient> {
    return new GitLabClient({
      instanceUrl,
      token,
      userAgent: `gitlab-deployment-approvals/${this.extensionVersion} (${vscode.env.appName} ${vscode.version})`,
      caPem: await this.readCaFile(instanceUrl),
      log: this.log.core,
      onListTruncated: (cut) => this.log.warn(describeCut(instanceUrl, cut)),
    });
  }

  private readCaFile(instanceUrl: string): Promise<string | undefined> {
    return readCaFile(caFileForInstance(caFileSetting(), instanceUrl), this.readCaFileText);
  }
}

function describeCut(instanceUrl: string, cut: ListCut): string {
  return `${instanceUrl}: the list ${cut.path} was cut at ${cut.limit} items; GitLab has more`;
}

async function readCaFile(path: string | undefined, read: Platform['readCaFile']): Promise<string | undefined> {
  // No CA file in a browser: the setting is hidden there (package.json) and ignored.
  if (!path || !read) return undefined;
  try {
    return await read(path);
  } catch (error) {
    throw new InvalidInputError(
      'caFile',
      vscode.l10n.t(
        'The CA file "{0}" set in gitlabApprovals.caFile cannot be used: {1}.',
        path,
        (error as Error).message,
      ),
    );
  }
}
