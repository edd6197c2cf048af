// The one home for reading a GitLab instance URL as a person types or pastes it: the instance's own address (with a
// sub-path when GitLab is served under one), never its API URL, never a trailing slash.

export type ParsedInstanceUrl = { url: string } | { problem: string };

/** `/api/v4` and anything after it: a pasted API URL (or an API request's URL) names the instance before it. */
const API_SUFFIX = /\/api\/v4(?:\/.*)?$/i;

/**
 * `https://Host:443/gitlab/api/v4/` → `https://host/gitlab`. A bare host name gets `https://`. Refused, with a reason a
 * person can act on: other schemes, user names or passwords, queries and fragments (the reason never repeats the URL,
 * which may carry a password).
 */
export function parseInstanceUrl(raw: string): ParsedInstanceUrl {
  const text = raw.trim();
  if (text === '') return { problem: 'Enter the address of your GitLab, e.g. https://gitlab.example.com.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d+(\/|$)/.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: 'This is not a valid URL; enter it like https://gitlab.example.com.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: 'The address must start with http:// or https://.' };
  if (url.hostname === '') return { problem: 'This is not a valid URL; enter it like https://gitlab.example.com.' };
  if (url.username || url.password)
    return { problem: 'Leave the user name or password out of the address; the token is asked for next.' };
  if (url.search) return { problem: 'Leave the query (the part from "?") out of the address.' };
  if (url.hash) return { problem: 'Leave the fragment (the part from "#") out of the address.' };
  const path = url.pathname.replace(API_SUFFIX, '').replace(/\/+$/, '');
  return { url: `${url.origin}${path}` };
}

/** The normalized URL, or undefined when `parseInstanceUrl` refuses it. */
export function normalizeInstanceUrl(raw: string): string | undefined {
  const parsed = parseInstanceUrl(raw);
  return 'url' in parsed ? parsed.url : undefined;
}

/** Over http:// the token crosses the network readable by anyone on the way. */
export function isClearText(instanceUrl: string): boolean {
  return instanceUrl.startsWith('http://');
}

/** How an instance is named to a person: its host, and its sub-path when it has one (`example.com/gitlab`). */
export function instanceLabel(instanceUrl: string): string {
  const url = new URL(instanceUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
