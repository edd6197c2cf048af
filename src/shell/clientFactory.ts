import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { InvalidInputError } from '../core/errors';
import { GitLabClient } from '../core/gitlab/client';
import type { AttemptRecord } from '../core/gitlab/transport/requestHandler';
import type { Log } from './log';
import { caFile } from './settings';

/** Builds the one client per instance: our User-Agent, the CA file if set, every attempt traced in the log. */
export class ClientFactory {
  constructor(
    private readonly extensionVersion: string,
    private readonly log: Log,
  ) {}

  async create(instanceUrl: string, token: () => Promise<string>): Promise<GitLabClient> {
    return new GitLabClient({
      instanceUrl,
      token,
      userAgent: `gitlab-deployment-approvals/${this.extensionVersion} (${vscode.env.appName} ${vscode.version})`,
      caPem: await readCaFile(),
      onAttempt: (a) => this.log.trace(describeAttempt(a)),
    });
  }
}

function describeAttempt(a: AttemptRecord): string {
  const head = `${a.method} ${a.url}`;
  if (a.status === undefined && a.error === undefined)
    return `${head}: waiting ${a.retryInMs} ms for GitLab's rate-limit window`;
  const retry = a.retryInMs !== undefined ? `, retrying in ${a.retryInMs} ms` : '';
  return `${head} → ${a.status ?? a.error?.kind} in ${a.durationMs} ms${a.attempt > 1 ? ` (attempt ${a.attempt})` : ''}${retry}`;
}

async function readCaFile(): Promise<string | undefined> {
  const path = caFile();
  if (!path) return undefined;
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
    return pem;
  } catch (error) {
    throw new InvalidInputError(
      'caFile',
      `The CA file "${path}" set in gitlabApprovals.caFile cannot be used: ${(error as Error).message}.`,
    );
  }
}
