// The user's explicit project list (a setting): numeric ids or full paths.

export type ProjectEntry = { kind: 'id'; id: number } | { kind: 'path'; path: string };

export interface InvalidProjectEntry {
  entry: string;
  reason: string;
}

/** GitLab path segments: letters, digits, `_`, `-`, `.`; not starting with `-` or `.`, not ending with `.git`/`.atom`. */
const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** One entry of the setting, trimmed; or why it cannot be used, in words a user can act on. */
export function parseProjectEntry(raw: unknown): ProjectEntry | InvalidProjectEntry {
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) && raw > 0
      ? { kind: 'id', id: raw }
      : { entry: String(raw), reason: 'A project id must be a positive whole number.' };
  }
  if (typeof raw !== 'string')
    return {
      entry: JSON.stringify(raw) ?? String(raw),
      reason: 'Each entry must be a project id or a path like "group/project".',
    };
  const entry = raw.trim();
  if (entry === '') return { entry: raw, reason: 'The entry is empty.' };
  if (/^\d+$/.test(entry)) {
    const id = Number(entry);
    return Number.isSafeInteger(id) && id > 0
      ? { kind: 'id', id }
      : { entry, reason: 'A project id must be a positive whole number.' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry))
    return { entry, reason: 'Use the project path ("group/project"), not a URL.' };
  const segments = entry.replace(/^\/+|\/+$/g, '').split('/');
  if (segments.length < 2) return { entry, reason: 'A project path needs its group, like "group/project".' };
  const bad = segments.find((segment) => !PATH_SEGMENT.test(segment) || /\.(git|atom)$/i.test(segment));
  if (bad !== undefined) return { entry, reason: `"${bad}" is not a valid GitLab path segment.` };
  return { kind: 'path', path: segments.join('/') };
}
