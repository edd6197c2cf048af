import type { DeploymentDetail, DeploymentListItem } from './types';

// GitLab's ids are bigint columns, and Ruby writes them exactly; JSON.parse reads every number as a double, which holds
// an integer exactly only up to 2^53 − 1. A larger id arrives already rounded to a neighbour (2^53 + 1 becomes 2^53),
// and a request made with it would read, or approve, another record. Every rounded value is 2^53 or more, so
// `Number.isSafeInteger` on the parsed value catches each one without the raw text (which stays in the transport);
// see docs/polling.md#ids-that-cannot-be-used.

/** An id that can be sent back to GitLab: a positive integer a JavaScript number holds exactly. */
export function isUsableId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Where in a record an id cannot be used, and what it was. */
export interface UnusableId {
  /** The key's path in the record, e.g. `id` or `deployable.pipeline.id`. */
  field: string;
  value: unknown;
}

/**
 * The first id of a deployment (list item or detail) that cannot be used, or undefined: its own, its environment's,
 * job's, pipeline's and user's, and in a detail its rules' and approvers'. A key GitLab may leave null may be null.
 */
export function unusableDeploymentId(record: DeploymentListItem | DeploymentDetail): UnusableId | undefined {
  const detail = record as Partial<DeploymentDetail>;
  const ids: [string, unknown, 'required' | 'nullable'][] = [
    ['id', record.id, 'required'],
    ['iid', record.iid, 'required'],
    ['environment.id', record.environment?.id, 'required'],
    ['deployable.id', record.deployable?.id, record.deployable ? 'required' : 'nullable'],
    ['deployable.pipeline.id', record.deployable?.pipeline?.id, record.deployable?.pipeline ? 'required' : 'nullable'],
    ['user.id', record.user?.id, record.user ? 'required' : 'nullable'],
    ...(detail.approval_summary?.rules ?? []).flatMap((rule, i): [string, unknown, 'required' | 'nullable'][] => [
      [`approval_summary.rules[${i}].id`, rule.id, 'required'],
      [`approval_summary.rules[${i}].user_id`, rule.user_id, 'nullable'],
      [`approval_summary.rules[${i}].group_id`, rule.group_id, 'nullable'],
    ]),
    ...(detail.approvals ?? []).map((approval, i): [string, unknown, 'required' | 'nullable'] => [
      `approvals[${i}].user.id`,
      approval.user?.id,
      'required',
    ]),
  ];
  for (const [field, value, presence] of ids) {
    if (presence === 'nullable' && (value === null || value === undefined)) continue;
    if (!isUsableId(value)) return { field, value };
  }
  return undefined;
}

/**
 * An unusable id in words, without GitLab's text: a number as read (and, past 2^53 − 1, that it was rounded), or what
 * kind of value stood there.
 */
export function describeUnusableId(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
    return `${value}, beyond 2^53 − 1, so rounded when read`;
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  return value === undefined ? 'missing' : `a ${typeof value}`;
}
