// The person's requests (approve, reject, run, set required approvals, the page's reads: calls marked `userAction`)
// go before every queued background read of the same instance: an approval sent during a large refresh waits for one
// slot to free up, not for the hundreds of list reads queued ahead of it. Answers are held by the server and released
// one at a time, so the order GitLab receives is the order the transport chose; no clock is involved.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { decide } from '../../../src/core/actions/deploymentActions';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { json, useLoopbackServer } from '../support/loopbackServer';

const deployment = {
  id: 2,
  iid: 2,
  status: 'blocked',
  pending_approval_count: 1,
  approvals: [],
  deployable: { id: 9, name: 'deploy', status: 'manual' },
  environment: { id: 3, name: 'production' },
};

describe('transport: a lane for the person', () => {
  const held: ServerResponse[] = [];
  const ctx = useLoopbackServer((request, response) => {
    if (request.method === 'POST') return json(response, { status: 'approved', user: { id: 1 } }, 201);
    if (request.url?.endsWith('/version')) return json(response, { version: '18.9.0-ee', revision: 'x' });
    held.push(response); // every read waits until the test lets it go
  });
  const answerOne = () => json(held.shift()!, deployment);

  // Not the shared waitFor: it looks every 20 ms, by when more held reads may have gone out than the step means to see.
  // Each turn of the event loop is looked at instead; mocha's timeout ends a wait that never comes.
  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((r) => setImmediate(r));
  }

  /** A client that has had one answer already, as after sign-in: the poll's reads are not held for a first answer. */
  async function client(): Promise<GitLabClient> {
    const gitlab = new GitLabClient({
      instanceUrl: ctx.server.origin,
      token: async () => 'tok-abcdef',
      userAgent: 't',
    });
    await gitlab.version();
    ctx.server.received.length = 0;
    return gitlab;
  }

  afterEach(async () => {
    while (held.length) answerOne();
  });

  it('an approval queued behind 30 background reads is sent when the first slot frees', async () => {
    const gitlab = await client();
    const background = Array.from({ length: 30 }, () => gitlab.deployment(1, 2));
    await until(() => held.length === 6); // the instance's six slots are busy
    const approval = decide(gitlab, { projectId: 1, deploymentId: 2 }, 'approved', {});
    answerOne();
    await until(() => ctx.server.received.length === 7);
    const methods = ctx.server.received.map((r) => r.method);
    assert.deepEqual(methods, [...Array(6).fill('GET'), 'POST'], 'the seventh request is the approval');
    await approval;
    while (held.length || ctx.server.received.length < 31) {
      await until(() => held.length > 0);
      answerOne();
    }
    await Promise.all(background);
  });

  it("the page's read goes before the queued background reads, and background keeps going after it", async () => {
    const gitlab = await client();
    const background = Array.from({ length: 20 }, () => gitlab.deployment(1, 2));
    await until(() => held.length === 6);
    const pageRead = gitlab.deployment(7, 2, { userAction: true });
    answerOne();
    await until(() => ctx.server.received.length === 7);
    assert.match(ctx.server.received[6].url, /\/projects\/7\/deployments\/2$/, 'the seventh request is the page’s');
    while (held.length || ctx.server.received.length < 21) {
      await until(() => held.length > 0);
      answerOne();
    }
    await Promise.all([pageRead, ...background]);
    assert.equal(ctx.server.received.length, 21);
  });
});
