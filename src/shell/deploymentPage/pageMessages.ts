// What the deployment page's webview may ask of the extension. A webview is another trust domain: every message is
// checked here, field by field, before anything acts on it; anything else is dropped (and logged by the caller).
import { commentLength, MAX_APPROVAL_COMMENT_LENGTH } from '../../core/approvals/validation';

export type PageMessage =
  | { type: 'ready' }
  | { type: 'approve' | 'approveAndRun'; comment: string; rule?: string }
  | { type: 'reject'; comment: string }
  | {
      type:
        'run' | 'rejectSuperseded' | 'openInGitLab' | 'copyLink' | 'refresh' | 'reviewChanges' | 'exportApprovalRecord';
    }
  | { type: 'openLink'; url: string };

const PLAIN = new Set([
  'ready',
  'run',
  'rejectSuperseded',
  'openInGitLab',
  'copyLink',
  'refresh',
  'reviewChanges',
  'exportApprovalRecord',
]);
const MAX_URL_LENGTH = 2048;

/** The message, if it is one the page sends and every field is within bounds; otherwise undefined. */
export function parsePageMessage(raw: unknown): PageMessage | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const message = raw as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string') return undefined;
  if (PLAIN.has(type)) return { type } as PageMessage;
  if (type === 'approve' || type === 'approveAndRun' || type === 'reject') {
    const comment = message.comment ?? '';
    if (typeof comment !== 'string' || commentLength(comment.trim()) > MAX_APPROVAL_COMMENT_LENGTH) return undefined;
    if (type === 'reject') return { type, comment: comment.trim() };
    const rule = message.rule;
    if (rule !== undefined && (typeof rule !== 'string' || rule.length === 0 || rule.length > 255)) return undefined;
    return { type, comment: comment.trim(), ...(rule === undefined ? {} : { rule }) };
  }
  if (type === 'openLink') {
    const url = message.url;
    return typeof url === 'string' && url.length <= MAX_URL_LENGTH ? { type, url } : undefined;
  }
  return undefined;
}
