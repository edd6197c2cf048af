// The record's two files: Markdown for people, JSON for tools (the same record, GitLab text as GitLab sent it: JSON
// escapes every character that could end a string). One name for both, chosen once in the save dialog.
import type { ApprovalRecord } from './approvalRecord';

export function approvalRecordJson(record: ApprovalRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * The name the save dialog offers: `approval-record-<project>-<environment>-<iid>.md` for a deployment,
 * `…-<environment>.md` for an environment, `…-pipeline-<id>.md` for a pipeline. GitLab's names are reduced to
 * letters, digits and dashes, so no name can climb out of the folder or hide an extension.
 */
export function defaultRecordFileName(parts: {
  project: string;
  environment?: string;
  iid?: number;
  pipelineId?: number;
}): string {
  const words = [
    'approval-record',
    fileWord(parts.project.split('/').at(-1) ?? ''),
    parts.environment !== undefined ? fileWord(parts.environment) : undefined,
    parts.iid !== undefined ? String(parts.iid) : undefined,
    parts.pipelineId !== undefined ? `pipeline-${parts.pipelineId}` : undefined,
  ];
  return `${words.filter((w) => w !== undefined && w !== '').join('-')}.md`;
}

/** The Markdown and JSON paths for the path the person chose: `.md` or `.json` (or none) replaced by both. */
export function recordFileNames(chosenPath: string): { markdown: string; json: string } {
  const base = chosenPath.replace(/\.(md|markdown|json)$/i, '');
  return { markdown: `${base}.md`, json: `${base}.json` };
}

function fileWord(value: string): string {
  return value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
