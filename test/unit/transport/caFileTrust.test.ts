// A CA file adds to what is trusted; it never takes trust away. A path in `gitlabApprovals.caFile` applies to every
// self-managed instance, so a second instance that only the operating system trusts must keep working with it. A CA
// file that cannot be used is refused when it is read (Node would ignore it without a word, and the user be told to set
// the CA file they had set), and a certificate the file does not vouch for is said as that.
// VS Code adds the system's certificates only to a request without a `ca` of its own (docs/transport.md); here a stub
// of `https.request` does the same with the second simulator's certificate (its stand-in for the system's store).
import * as assert from 'node:assert/strict';
import https from 'node:https';
import * as sinon from 'sinon';
import { usableCaPem } from '../../../src/core/gitlab/transport/caFilePem';
import { startSimulator, type Simulator } from '../../simulator';
import { clientFor, rejectsWithKind } from '../client/helpers';

describe('transport: a CA file never takes trust away', () => {
  let corporate: Simulator; // trusted through the CA file
  let systemTrusted: Simulator; // trusted only by the "operating system"
  const sandbox = sinon.createSandbox();
  let requestsWithoutCa = 0;

  before(async () => {
    corporate = await startSimulator({ scenario: 'demo', https: true });
    systemTrusted = await startSimulator({ scenario: 'demo', https: true });
  });
  after(async () => {
    await corporate.close();
    await systemTrusted.close();
  });
  beforeEach(() => {
    requestsWithoutCa = 0;
    systemTrusted.clearLog();
    const request = https.request;
    sandbox.stub(https, 'request').callsFake(((url: URL, options: https.RequestOptions) => {
      if (options.ca !== undefined) return request(url, options);
      requestsWithoutCa++;
      return request(url, { ...options, ca: [systemTrusted.caPem!] });
    }) as typeof https.request);
  });
  afterEach(() => sandbox.restore());

  it('an instance the system trusts works with another instance’s CA file set for it', async () => {
    const client = clientFor(systemTrusted, { caPem: corporate.caPem });
    assert.match((await client.version()).version, /^\d+\./);
    // Once the system's trust is known to be the one that works, later requests go straight to it.
    await client.currentUser();
    assert.equal(requestsWithoutCa, 2);
    assert.deepEqual(
      systemTrusted.requestLog.all().map((e) => e.route),
      ['version', 'user'],
    );
  });

  it('the sign-in check of an instance the system trusts works with another instance’s CA file set for it', async () => {
    const probe = await clientFor(systemTrusted, { caPem: corporate.caPem }).probe();
    assert.equal(probe.kind, 'gitlab');
    assert.equal(requestsWithoutCa, 1);
  });

  it('the instance the CA file is for still uses it', async () => {
    const client = clientFor(corporate, { caPem: corporate.caPem });
    assert.match((await client.version()).version, /^\d+\./);
    assert.equal(requestsWithoutCa, 0);
  });

  it('trusted neither by the CA file nor by the system: says the CA file does not vouch for it', async () => {
    sandbox.restore();
    const error = await rejectsWithKind(clientFor(systemTrusted, { caPem: corporate.caPem }).version(), 'tls');
    assert.match(error.userMessage, /gitlabApprovals\.caFile/);
    assert.doesNotMatch(error.userMessage, /point .* at its CA file/);
    assert.match(error.userMessage, /CA file .* does not/);
  });

  describe('usableCaPem', () => {
    it('keeps a file of PEM certificates', () => {
      assert.equal(usableCaPem(corporate.caPem!), corporate.caPem);
    });
    it('refuses text that only looks like one: Node would ignore it without a word', () => {
      assert.throws(
        () => usableCaPem('-----BEGIN CERTIFICATE-----\nAAAA garbage\n-----END CERTIFICATE-----\n'),
        /not a certificate that can be read/,
      );
      assert.throws(() => usableCaPem('hello'), /no PEM certificate/);
    });
  });
});
