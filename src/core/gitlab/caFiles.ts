// Which CA file (if any) an instance trusts in addition to the public roots, from the `gitlabApprovals.caFile`
// setting: a path for every self-managed instance, or an object from instance URL to path.

/** Instances whose certificates are publicly trusted: a CA file never applies to them. */
const PUBLIC_INSTANCES = new Set(['https://gitlab.com']);

export type CaFileSetting = string | Record<string, unknown> | undefined | null;

export function caFileForInstance(setting: CaFileSetting, instanceUrl: string): string | undefined {
  const instance = comparable(instanceUrl);
  if (instance === undefined) return undefined;
  if (typeof setting === 'string') {
    const path = setting.trim();
    return path && !PUBLIC_INSTANCES.has(instance) ? path : undefined;
  }
  if (setting === null || typeof setting !== 'object') return undefined;
  for (const [key, value] of Object.entries(setting)) {
    if (comparable(key) === instance && typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** `https://Host:443/gitlab/` → `https://host/gitlab`, so a setting written either way matches. */
function comparable(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}
