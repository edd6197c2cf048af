import { InvalidInputError, redactSecrets } from '../../errors';

/**
 * Where the token may go: below the instance's API prefix (`https://host/gitlab/api/v4/`) and to its GraphQL endpoint
 * (`https://host/gitlab/api/graphql`, exactly), never elsewhere on the same origin (`https://host/sso/login` is not
 * GitLab's API) and never to another origin. Checked before every send, so
 * neither an endpoint built from a hostile id nor a server-provided URL (a `Link` header) can take the token out.
 */
export class InstanceScope {
  readonly instance: URL;
  readonly apiPrefix: URL;
  readonly graphql: URL;

  constructor(instanceUrl: string) {
    this.instance = new URL(instanceUrl.replace(/\/+$/, ''));
    this.apiPrefix = new URL(`${this.instance.href.replace(/\/+$/, '')}/api/v4/`);
    this.graphql = new URL('../graphql', this.apiPrefix);
  }

  contains(url: URL): boolean {
    return (
      url.origin === this.apiPrefix.origin &&
      (url.pathname.startsWith(this.apiPrefix.pathname) || this.isGraphql(url)) &&
      url.username === '' &&
      url.password === ''
    );
  }

  /** GitLab's GraphQL endpoint itself, without a query string. */
  isGraphql(url: URL): boolean {
    return url.origin === this.graphql.origin && url.pathname === this.graphql.pathname && url.search === '';
  }

  /** Throws unless the request stays below the API prefix. */
  confine(url: URL): void {
    if (!this.contains(url)) {
      throw new InvalidInputError(
        'instanceUrl',
        `A request to ${this.describe(url)} was stopped: the token is only ever sent to ${this.apiPrefix.href}.`,
        `refused to send a request outside ${this.apiPrefix.href}: ${describeUrl(url)}`,
      );
    }
  }

  /**
   * A redirect is never followed: the token would go with it, and GitLab's API does not redirect. A same-origin one is
   * typically a sign-on page in front of GitLab; another origin, a moved instance.
   */
  redirectRefused(from: URL, location: string | null): InvalidInputError {
    const target = location ? safeUrl(location, from) : undefined;
    const where = target ? this.describe(target) : 'an address it did not name';
    const hint =
      target && target.origin === this.instance.origin
        ? 'a sign-on page or a proxy may be in front of GitLab.'
        : 'if your GitLab has moved, sign in again with its new URL.';
    return new InvalidInputError(
      'instanceUrl',
      `GitLab at ${this.instance.origin} redirected to ${where}. Redirects are not followed, so the token stays with ${this.apiPrefix.href}; ${hint}`,
      `refused to follow a redirect from ${describeUrl(from)} to ${target ? describeUrl(target) : '(no usable Location header)'}`,
    );
  }

  /** Another origin by its origin; the same origin by its path, without the query (which could carry a secret). */
  private describe(url: URL): string {
    return url.origin === this.instance.origin ? url.pathname : url.origin;
  }
}

/** The URL as it may appear in a log: no user info, no query values that look like secrets, no known token. */
export function describeUrl(url: URL): string {
  const safe = new URL(url.href);
  safe.username = '';
  safe.password = '';
  for (const key of [...safe.searchParams.keys()]) {
    if (/token|password|secret|^t$|key|auth|code|sig/i.test(key)) safe.searchParams.set(key, '[REDACTED]');
  }
  return redactSecrets(safe.href);
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
