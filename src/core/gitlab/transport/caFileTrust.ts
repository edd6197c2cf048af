import type { GitLabError } from '../../errors';

/**
 * Which certificate authorities one instance's requests trust. A CA file adds to the trusted set and never takes trust
 * away: a request carrying its own `ca` (Node's roots plus the file) gets none of the system's certificates from VS
 * Code (docs/transport.md), so a server the file does not vouch for but the system does is tried once more without
 * the file, and from then on this instance goes without it.
 */
export class InstanceTrust {
  private withoutFile = false;
  private readonly withFile?: string;

  /** `caPem`: the CA file's certificates (checked with `usableCaPem`), trusted in addition to Node's roots. */
  constructor(caPem: string | undefined) {
    if (caPem) this.withFile = caPem;
  }

  /** A CA file is set for this instance: a TLS error then speaks of it, not of setting one. */
  get hasFile(): boolean {
    return this.withFile !== undefined;
  }

  /**
   * The CA file's certificates for the next request (Node's exchange adds its root certificates to them); undefined
   * leaves trust to Node and VS Code (the system's certificates).
   */
  get ca(): string | undefined {
    return this.withoutFile ? undefined : this.withFile;
  }

  /** The request failed with the CA file because nobody it trusts vouches for the server: worth one try without it. */
  worthTryingWithoutFile(error: GitLabError): boolean {
    return (
      !this.withoutFile &&
      this.withFile !== undefined &&
      error.kind === 'tls' &&
      (error.problem === 'self-signed' || error.problem === 'untrusted-issuer')
    );
  }

  /** The system's trust worked where the file's did not: this instance goes without the file from now on. */
  keepWithoutFile(): void {
    this.withoutFile = true;
  }
}
