// A CA file adds to the trusted set (Node's roots stay), goes only to the instances it is for, and requests without
// one carry no `ca` of their own, so VS Code's system-certificate support adds the operating system's.
import * as assert from 'node:assert/strict';
import https from 'node:https';
import * as tls from 'node:tls';
import * as sinon from 'sinon';
import { caFileForInstance } from '../../../src/core/gitlab/caFiles';
import { clientFor, useSimulator } from '../client/helpers';

describe('transport: certificate authorities', () => {
  const ctx = useSimulator({ https: true });

  it('a CA file adds to Node’s root certificates instead of replacing them', async () => {
    const spy = sinon.spy(https, 'request');
    try {
      await clientFor(ctx.sim).version();
      const options = spy.firstCall.args.find(
        (a) => a && typeof a === 'object' && !(a instanceof URL),
      ) as https.RequestOptions;
      const ca = [options.ca].flat() as string[];
      assert.ok(ca.includes(ctx.sim.caPem!), 'the file is trusted');
      for (const root of tls.rootCertificates) assert.ok(ca.includes(root), 'a public root was dropped');
    } finally {
      spy.restore();
    }
  });

  it('without a CA file the request carries no ca option (VS Code adds the system certificates)', async () => {
    const spy = sinon.spy(https, 'request');
    try {
      await clientFor(ctx.sim, { caPem: undefined })
        .version()
        .catch(() => undefined);
      assert.ok(spy.called, 'requests go through node:https');
      const options = spy.firstCall.args.find(
        (a) => a && typeof a === 'object' && !(a instanceof URL),
      ) as https.RequestOptions;
      assert.equal(options.ca, undefined);
      assert.equal(options.agent, undefined, 'a private agent would bypass VS Code’s proxy support');
    } finally {
      spy.restore();
    }
  });

  describe('which instances a CA file is for', () => {
    it('a path applies to self-managed instances, not gitlab.com', () => {
      assert.equal(caFileForInstance('/etc/ca.pem', 'https://git.corp.example'), '/etc/ca.pem');
      assert.equal(caFileForInstance('/etc/ca.pem', 'https://git.corp.example/gitlab'), '/etc/ca.pem');
      assert.equal(caFileForInstance('/etc/ca.pem', 'https://gitlab.com'), undefined);
      assert.equal(caFileForInstance('  ', 'https://git.corp.example'), undefined);
    });

    it('an object maps instance URLs (or origins) to their own files', () => {
      const setting = {
        'https://git.corp.example': '/etc/corp.pem',
        'https://other.example/gitlab/': '/etc/other.pem',
      };
      assert.equal(caFileForInstance(setting, 'https://git.corp.example'), '/etc/corp.pem');
      assert.equal(caFileForInstance(setting, 'https://GIT.corp.example:443'), '/etc/corp.pem');
      assert.equal(caFileForInstance(setting, 'https://other.example/gitlab'), '/etc/other.pem');
      assert.equal(caFileForInstance(setting, 'https://third.example'), undefined);
      assert.equal(caFileForInstance(setting, 'https://gitlab.com'), undefined);
    });
  });
});
