// The user's explicit project list (a setting): numeric ids or full paths.

export type ProjectEntry = { kind: 'id'; id: number } | { kind: 'path'; path: string };

export interface InvalidProjectEntry {
  entry: string;
  reason: string;
}

export interface ParsedProjectList {
  projects: ProjectEntry[];
  invalid: InvalidProjectEntry[];
}

/** GitLab path segments: letters, digits, `_`, `-`, `.`; not starting with `-` or `.`, not ending with `.git`/`.atom`. */
const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Trims each entry, keeps the first of duplicates (paths compared case-insensitively, as GitLab resolves them) and
 * reports every entry it cannot use with a reason a user can act on.
 */
export function parseProjectList(entries: readonly unknown[]): ParsedProjectList {
  const projects: ProjectEntry[] = [];
  const invalid: InvalidProjectEntry[] = [];
  const seen = new Set<string>();
  for (const raw of entries) {
    const parsed = parseProjectEntry(raw);
    if ('reason' in parsed) {
      invalid.push(parsed);
      continue;
    }
    const key = parsed.kind === 'id' ? `id:${parsed.id}` : `path:${parsed.path.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    projects.push(parsed);
  }
  return { projects, invalid };
}

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
