// Which GitLab project a git remote points at, if it is on the configured instance.

/** The parts of the configured instance URL a remote is compared with. */
interface Instance {
  /** Lower-case host with a non-default port (`URL.host`). */
  host: string;
  hostname: string;
  /** The path GitLab is served under (`/gitlab`), or '' at the root. */
  basePath: string;
}

/**
 * The project path (`group/sub/project`) of a git remote on `instanceUrl`, or undefined when the remote is not on that
 * instance or is not a project URL. Accepts http(s) (compared by host and port, below the instance's sub-path), ssh://
 * and scp-like `git@host:path` remotes (compared by host name only: SSH ports and paths never include the web port or
 * sub-path).
 */
export function projectPathFromRemote(remoteUrl: string, instanceUrl: string): string | undefined {
  const instance = parseInstance(instanceUrl);
  const remote = remoteUrl.trim();
  if (!instance || remote === '') return undefined;
  const urlMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote);
  if (urlMatch) {
    const scheme = (urlMatch[1] ?? '').toLowerCase();
    if (scheme === 'http' || scheme === 'https') return fromHttpRemote(remote, instance);
    if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') return fromSshUrlRemote(remote, instance);
    return undefined;
  }
  return fromScpLikeRemote(remote, instance);
}

/**
 * The web address a remote most likely belongs to, to suggest at sign-in: an http(s) remote's origin; for ssh and
 * scp-like remotes, https on the same host name (usual, not certain). Undefined for anything else.
 */
export function likelyInstanceOrigin(remoteUrl: string): string | undefined {
  const remote = remoteUrl.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return tryParseUrl(remote)?.origin;
  if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') {
    const host = tryParseUrl(remote.replace(/^[^:]+:/, 'ssh:'))?.hostname;
    return host ? `https://${host.toLowerCase()}` : undefined;
  }
  if (scheme) return undefined;
  const host = SCP_LIKE.exec(remote)?.[1];
  return host ? `https://${host.toLowerCase()}` : undefined;
}

function parseInstance(instanceUrl: string): Instance | undefined {
  const url = tryParseUrl(instanceUrl.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  return {
    host: url.host,
    hostname: url.hostname,
    basePath: trimSlashes(url.pathname) ? `/${trimSlashes(url.pathname)}` : '',
  };
}

function fromHttpRemote(remote: string, instance: Instance): string | undefined {
  const url = tryParseUrl(remote);
  if (!url || url.host !== instance.host) return undefined;
  const path = decodePath(url.pathname);
  if (path === undefined) return undefined;
  if (instance.basePath === '') return projectPath(path);
  const prefix = `${instance.basePath}/`;
  return path.startsWith(prefix) ? projectPath(path.slice(prefix.length)) : undefined;
}

function fromSshUrlRemote(remote: string, instance: Instance): string | undefined {
  const url = tryParseUrl(remote.replace(/^[^:]+:/, 'ssh:'));
  if (!url || url.hostname.toLowerCase() !== instance.hostname) return undefined;
  const path = decodePath(url.pathname);
  return path === undefined ? undefined : projectPath(path);
}

/** `[user@]host:path`; a one-letter "host" is a Windows drive (`C:\repo`), not a remote. */
const SCP_LIKE = /^(?:[^@/\s]+@)?(\[[^\]]+\]|[^:/\s]{2,}):(?!\/\/)(.+)$/;

function fromScpLikeRemote(remote: string, instance: Instance): string | undefined {
  const match = SCP_LIKE.exec(remote);
  if (!match) return undefined;
  const host = (match[1] ?? '').toLowerCase();
  if (host !== instance.hostname) return undefined;
  return projectPath(match[2] ?? '');
}

/** `group/sub/project` from a repository path: no `.git`, no surrounding slashes, at least namespace and project. */
function projectPath(rawPath: string): string | undefined {
  const path = trimSlashes(rawPath).replace(/\.git$/i, '');
  const segments = trimSlashes(path).split('/');
  if (segments.length < 2 || segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    return undefined;
  return segments.join('/');
}

function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function tryParseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
