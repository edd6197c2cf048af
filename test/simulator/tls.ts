// A self-signed certificate for 127.0.0.1/localhost/::1 (and gitlab-simulator.test), generated per run with `selfsigned`. Clients trust it by passing
// `caPem` as their CA (it is its own issuer).
import { generate } from 'selfsigned';

/** Also in the certificate, for tests that must go through a proxy (loopback names bypass VS Code's). */
export const SIMULATOR_TEST_HOSTNAME = 'gitlab-simulator.test';

export interface TlsMaterial {
  key: string;
  cert: string;
}

export async function generateCertificate(): Promise<TlsMaterial> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'gitlab-simulator.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          // A name no resolver knows (.test is reserved): only a proxy that maps it can reach the simulator.
          { type: 2, value: SIMULATOR_TEST_HOSTNAME },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
