import { InvalidInputError } from '../errors';
import { hasControlCharacter } from './token';

// Ids, paths and names that go into a request path come from GitLab or from settings: each becomes exactly one path
// segment. URL parsing treats "." and ".." (also percent-encoded) as steps up, so those are refused outright.

/** A numeric id (project, deployment, job, group, user): a positive integer, nothing else. */
export function idSegment(value: unknown, what: string): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9]\d{0,15}$/.test(text)) throw invalid(what, value);
  return text;
}

/** A project id, or a `group/sub/project` path encoded as one segment (`group%2Fsub%2Fproject`). */
export function projectSegment(ref: number | string): string {
  if (typeof ref === 'number' || /^\d+$/.test(ref)) return idSegment(ref, 'project id');
  return nameSegment(ref, 'project path');
}

/** Any other name (an environment's) as one segment. */
export function nameSegment(name: string, what: string): string {
  const text = String(name);
  if (text === '' || /^\.{1,2}$/.test(text) || hasControlCharacter(text)) throw invalid(what, name);
  return encodeURIComponent(text);
}

function invalid(what: string, value: unknown): InvalidInputError {
  const shown = [...String(value).slice(0, 60)].map((c) => (hasControlCharacter(c) ? '?' : c)).join('');
  return new InvalidInputError(what, `GitLab gave a ${what} that cannot be used in a request: "${shown}".`);
}
