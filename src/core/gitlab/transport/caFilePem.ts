import { X509Certificate } from 'node:crypto';

/**
 * The PEM text of a CA file, checked: Node silently ignores a `ca` entry it cannot parse, which would leave the file
 * set but doing nothing, and the user told only that the server's certificate is not trusted. Throws what is wrong.
 * Desktop only: the web build has no CA file (a browser trusts what the browser trusts).
 */
export function usableCaPem(pem: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate in the file');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error('a block in it is not a certificate that can be read');
    }
  }
  return pem;
}
