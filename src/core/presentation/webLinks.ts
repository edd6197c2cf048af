// A link the extension offers (Open in GitLab, Copy Link, tooltip links) is built from a value it checked: an http(s)
// URL on the signed-in instance. GitLab hands back `web_url`s; a hostile or broken server could make them `command:`,
// `javascript:` or another host's address.

/** The URL, normalised, when it is http(s) on the instance (same origin, inside its path); otherwise undefined. */
export function linkOnInstance(raw: string | null | undefined, instanceUrl: string): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  let url: URL;
  let instance: URL;
  try {
    url = new URL(raw);
    instance = new URL(instanceUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  if (url.origin !== instance.origin) return undefined;
  const prefix = instance.pathname.replace(/\/+$/, '');
  if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  return url.href;
}

/**
 * An environment's `external_url` (where a deployment went live): any text a Maintainer typed, on any host. Offered
 * only as an http(s) URL without credentials; otherwise undefined.
 */
export function externalWebLink(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}
