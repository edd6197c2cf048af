// The user's own actions (approve, reject, run, set required approvals, and the reads they make) never wait behind the
// background rate-limit budget; a 429 GitLab gives to an action says so with the wait.
import * as assert from 'node:assert/strict';
import { decide, runDeploymentJob } from '../../../src/core/actions/deploymentActions';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { rejectsWithKind } from '../client/helpers';
import { json, useLoopbackServer } from '../support/loopbackServer';

const blockedDeployment = {
  id: 2,
  iid: 2,
  status: 'blocked',
  pending_approval_count: 0,
  approvals: [],
  deployable: { id: 9, name: 'deploy', status: 'manual' },
  environment: { id: 3, name: 'production' },
};

describe('transport: user actions first', () => {
  let mode: 'budget-spent' | 'action-limited' = 'budget-spent';
  const ctx = useLoopbackServer((request, response) => {
    const limited = {
      'ratelimit-remaining': '0',
      'ratelimit-limit': '100',
      'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    };
    if (mode === 'action-limited' && request.method !== 'GET')
      return json(response, { message: 'Retry later' }, 429, { ...limited, 'retry-after': '120' });
    if (request.url?.endsWith('/version')) return json(response, { version: '18.9.0-ee', revision: 'x' }, 200, limited);
    if (request.url?.includes('/approval'))
      return json(response, { status: 'approved', user: { id: 1 } }, 201, limited);
    if (request.url?.includes('/play')) return json(response, { id: 9, status: 'pending' }, 200, limited);
    json(response, blockedDeployment, 200, limited);
  });

  function clientWithWaits(waits: number[]): GitLabClient {
    return new GitLabClient({
      instanceUrl: ctx.server.origin,
      token: async () => 'tok-abcdef',
      userAgent: 't',
      sleep: async (ms) => void waits.push(ms),
    });
  }

  it('approve and run do not wait when the background budget is spent', async () => {
    mode = 'budget-spent';
    const waits: number[] = [];
    const client = clientWithWaits(waits);
    await client.version(); // the budget is now spent for an hour
    await decide(client, { projectId: 1, deploymentId: 2 }, 'approved', {});
    await runDeploymentJob(client, { projectId: 1, jobId: 3 });
    assert.deepEqual(waits, [], 'an action waited for the background budget');
    // A background read is not sent into the spent budget: it says how long the wait is (the engine shows it).
    const error = await rejectsWithKind(client.version(), 'rate-limited');
    assert.match(error.userMessage, /rate limit is used up .* waits 1 h/);
    assert.deepEqual(waits, []);
  });

  it('a 429 to an action says GitLab is rate limiting, with the wait', async () => {
    mode = 'action-limited';
    const client = clientWithWaits([]);
    const error = await rejectsWithKind(
      decide(client, { projectId: 1, deploymentId: 2 }, 'approved', {}),
      'rate-limited',
    );
    assert.equal(error.userMessage, 'GitLab is rate limiting requests; try again in 120 s.');
  });
});
