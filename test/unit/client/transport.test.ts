// The transport over real HTTP: retries (reads only, Retry-After obeyed), typed failures, the origin guard, cancellation.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import * as sinon from 'sinon';
import type { RateLimitedError, RejectedByGitLabError } from '../../../src/core/errors';
import { blockedDeploymentId, clientFor, projectIdOf, rejectsWithKind, requestsTo, useSimulator } from './helpers';

describe('GitLabClient transport (simulator)', () => {
  const ctx = useSimulator({ profile: 'latest' });

  describe('429 and Retry-After', () => {
    it('waits at least Retry-After before the retry, then succeeds', async () => {
      ctx.sim.faults.add({ kind: 'rate-limit', retryAfter: 1, route: 'version', times: 1 });
      const started = Date.now();
      const version = await clientFor(ctx.sim).version();
      const waited = Date.now() - started;
      assert.match(version.version, /^18\./);
      assert.ok(waited >= 900, `waited only ${waited} ms for Retry-After: 1`);
      assert.deepEqual(
        requestsTo(ctx.sim, 'version').map((e) => e.status),
        [429, 200],
      );
    });

    it('a Retry-After beyond the cap → rate-limited with retryAt, and no retry', async () => {
      ctx.sim.faults.add({ kind: 'rate-limit', retryAfter: 120, route: 'version' });
      const before = Date.now();
      const client = clientFor(ctx.sim, { retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 1_000 } });
      const error = (await rejectsWithKind(client.version(), 'rate-limited')) as RateLimitedError;
      assert.ok(error.retryAt, 'retryAt is set from Retry-After');
      assert.ok(
        error.retryAt.getTime() >= before + 119_000,
        `retryAt ${error.retryAt.toISOString()} is not ~120 s ahead`,
      );
      assert.equal(requestsTo(ctx.sim, 'version').length, 1, 'the client gave up at once instead of sleeping');
    });

    it('a write that gets 429 is not retried', async () => {
      ctx.sim.faults.add({ kind: 'rate-limit', retryAfter: 1, method: 'POST' });
      const id = blockedDeploymentId(ctx.sim, 'acme/platform/api-gateway', 'production');
      await rejectsWithKind(
        clientFor(ctx.sim).setApproval(projectIdOf(ctx.sim, 'acme/platform/api-gateway'), id, { status: 'approved' }),
        'rate-limited',
      );
      assert.equal(requestsTo(ctx.sim, 'deployments.approve', 'POST').length, 1);
    });
  });

  describe('5xx', () => {
    it('a GET is retried after 502 and 503 until it succeeds', async () => {
      ctx.sim.faults.add({ kind: 'status', status: 502, route: 'user', times: 1 });
      ctx.sim.faults.add({ kind: 'status', status: 503, route: 'user', times: 1 });
      const user = await clientFor(ctx.sim).currentUser();
      assert.equal(user.username, 'demo');
      assert.deepEqual(
        requestsTo(ctx.sim, 'user').map((e) => e.status),
        [502, 503, 200],
      );
    });

    it('a GET gives up after maxAttempts with the last status', async () => {
      ctx.sim.faults.add({ kind: 'status', status: 504, route: 'user' });
      const error = (await rejectsWithKind(clientFor(ctx.sim).currentUser(), 'rejected')) as RejectedByGitLabError;
      assert.equal(error.status, 504);
      assert.equal(requestsTo(ctx.sim, 'user').length, 4);
    });

    for (const status of [502, 503]) {
      it(`a POST that gets ${status} is sent exactly once`, async () => {
        ctx.sim.faults.add({ kind: 'status', status, method: 'POST', times: 1 });
        const id = blockedDeploymentId(ctx.sim, 'acme/platform/api-gateway', 'production');
        await assert.rejects(
          clientFor(ctx.sim).setApproval(projectIdOf(ctx.sim, 'acme/platform/api-gateway'), id, { status: 'approved' }),
        );
        assert.equal(requestsTo(ctx.sim, 'deployments.approve', 'POST').length, 1);
      });
    }
  });

  describe('network failures', () => {
    it('no answer within timeoutMs → timeout', async () => {
      ctx.sim.faults.add({ kind: 'hang', route: 'version' });
      await rejectsWithKind(clientFor(ctx.sim, { timeoutMs: 200 }).version(), 'timeout');
      assert.equal(requestsTo(ctx.sim, 'version').length, 1);
    });

    it('a per-call timeoutMs overrides the client default', async () => {
      ctx.sim.faults.add({ kind: 'hang', route: 'version' });
      await rejectsWithKind(clientFor(ctx.sim, { timeoutMs: 60_000 }).version({ timeoutMs: 150 }), 'timeout');
    });

    it('a connection reset → network', async () => {
      ctx.sim.faults.add({ kind: 'reset', route: 'version' });
      await rejectsWithKind(clientFor(ctx.sim).version(), 'network');
    });

    it('a cut-off JSON body → not-api, saying the answer is not what the API returns', async () => {
      ctx.sim.faults.add({ kind: 'truncate', route: 'user' });
      const error = await rejectsWithKind(clientFor(ctx.sim).currentUser(), 'not-api');
      assert.match(error.userMessage, /not what its API returns/);
      assert.match(error.detail, /invalid JSON/);
    });

    it('an HTML page labelled as JSON → not-api, a web page', async () => {
      ctx.sim.faults.add({ kind: 'invalid-json', route: 'user' });
      const error = await rejectsWithKind(clientFor(ctx.sim).currentUser(), 'not-api');
      assert.match(error.userMessage, /web page, not the API/);
    });
  });

  describe('authentication and origin', () => {
    it('sends PRIVATE-TOKEN, to the instance origin only', async () => {
      await clientFor(ctx.sim).currentUser();
      const [entry] = ctx.sim.requestLog.all();
      assert.equal(entry.authHeader, 'private-token');
      assert.equal(entry.username, 'demo');
      assert.equal(entry.origin, ctx.sim.origin);
    });

    it('a redirect to another origin is refused and the token never arrives there', async () => {
      ctx.sim.faults.add({ kind: 'redirect', status: 307, route: 'user' });
      const error = await rejectsWithKind(clientFor(ctx.sim).currentUser(), 'invalid-input');
      assert.match(error.userMessage, /redirected to/);
      const log = ctx.sim.requestLog.all();
      assert.deepEqual(
        log.map((e) => [e.otherOrigin, e.status]),
        [[false, 307]],
      );
      assert.equal(log.filter((e) => e.origin === ctx.sim.otherOrigin).length, 0);
    });

    it('a wrong token → unauthorized', async () => {
      await rejectsWithKind(
        clientFor(ctx.sim, { token: async () => 'glpat-not-a-real-token-000' }).currentUser(),
        'unauthorized',
      );
    });
  });

  describe('cancellation', () => {
    it('aborting mid-request → cancelled', async () => {
      ctx.sim.faults.add({ kind: 'hang', route: 'version' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejectsWithKind(clientFor(ctx.sim).version({ signal: controller.signal }), 'cancelled');
    });

    it('aborting while queued behind the concurrency cap → cancelled, and never sent', async () => {
      ctx.sim.faults.add({ kind: 'hang', route: 'version' });
      const client = clientFor(ctx.sim, { maxConcurrency: 1 });
      const first = new AbortController();
      const second = new AbortController();
      const holdingTheSlot = client.version({ signal: first.signal });
      const queued = client.currentUser({ signal: second.signal });
      setTimeout(() => second.abort(), 50);
      await rejectsWithKind(queued, 'cancelled');
      first.abort();
      await rejectsWithKind(holdingTheSlot, 'cancelled');
      assert.equal(requestsTo(ctx.sim, 'user').length, 0, 'the queued call never reached GitLab');
    });

    it('an already aborted signal sends nothing', async () => {
      await rejectsWithKind(clientFor(ctx.sim).version({ signal: AbortSignal.abort() }), 'cancelled');
      assert.equal(ctx.sim.requestLog.length, 0);
    });
  });

  describe('concurrency cap', () => {
    const realRequest = http.request;
    afterEach(() => {
      sinon.restore();
      http.request = realRequest;
    });

    it('never has more than maxConcurrency requests in flight', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      // Counts the transport's own requests: the cap is about what leaves this process.
      http.request = ((...args: Parameters<typeof http.request>) => {
        const request = realRequest(...args);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        request.once('close', () => inFlight--);
        return request;
      }) as typeof http.request;
      // The browser build's exchange (the suite's fetch run): a slot is freed only after the body, so a call that
      // returned its headers has ended as far as the cap is concerned.
      const realFetch = globalThis.fetch;
      sinon.stub(globalThis, 'fetch').callsFake((...args: Parameters<typeof fetch>) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        return realFetch(...args).finally(() => inFlight--);
      });
      ctx.sim.faults.add({ kind: 'latency', ms: 50, jitterMs: 10 });
      const client = clientFor(ctx.sim, { maxConcurrency: 3 });
      await Promise.all(Array.from({ length: 12 }, () => client.version()));
      // Counted, not timed: the requests that left this process at once never exceeded the cap.
      assert.equal(maxInFlight, 3);
      assert.equal(requestsTo(ctx.sim, 'version').length, 12);
    });

    it('one signal shared by many queued calls raises no MaxListenersExceededWarning', async () => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on('warning', onWarning);
      try {
        ctx.sim.faults.add({ kind: 'latency', ms: 5 });
        const client = clientFor(ctx.sim, { maxConcurrency: 1 });
        const controller = new AbortController();
        await Promise.all(Array.from({ length: 25 }, () => client.version({ signal: controller.signal })));
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }
      assert.deepEqual(
        warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
        [],
      );
    });
  });
});
