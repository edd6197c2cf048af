// A call's settings (its signal, deadline, lane) ride with that call's own requests — every page and retry — however
// calls interleave at their awaits. They travel with the call's requester, not in an ambient context, so the web
// worker (no AsyncLocalStorage) keeps the guarantee too. No clock: the server holds answers until the test lets them go.
import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isGitLabError } from '../../../src/core/errors';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { json, useLoopbackServer } from '../support/loopbackServer';

describe('transport: each call carries its own settings', () => {
  const held: { request: IncomingMessage; response: ServerResponse }[] = [];
  const ctx = useLoopbackServer((request, response) => held.push({ request, response }));

  /** Page 1 of any list says there is a page 2; page 2 is the last. */
  function answerAll(): void {
    for (const { request, response } of held.splice(0)) {
      const page = new URL(request.url ?? '/', 'http://x').searchParams.get('page') ?? '1';
      json(response, [{ id: Number(page), name: `env-${page}` }], 200, page === '1' ? { 'x-next-page': '2' } : {});
    }
  }

  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((r) => setImmediate(r));
  }

  afterEach(() => answerAll());

  it('cancelling one list mid-way stops its pages and leaves an interleaved list whole', async () => {
    const gitlab = new GitLabClient({
      instanceUrl: ctx.server.origin,
      token: async () => 'tok-abcdef',
      userAgent: 't',
    });
    const cancel = new AbortController();
    const cancelled = gitlab.environments(1, { signal: cancel.signal }).then(
      () => 'finished',
      (error: unknown) => (isGitLabError(error) ? error.kind : String(error)),
    );
    const whole = gitlab.environments(2);
    await until(() => held.length === 2); // both first pages asked for, in flight together
    cancel.abort();
    answerAll();
    // The other list asks for its page 2; answer whatever comes until both calls have settled.
    let settled = false;
    void Promise.allSettled([cancelled, whole]).then(() => (settled = true));
    while (!settled) {
      answerAll();
      await new Promise((r) => setImmediate(r));
    }

    assert.equal(await cancelled, 'cancelled');
    assert.deepEqual(
      (await whole).map((e) => e.id),
      [1, 2],
    );
    const pagesOf = (project: number) =>
      ctx.server.received.filter((r) => r.url.startsWith(`/api/v4/projects/${project}/environments`)).length;
    assert.equal(pagesOf(1), 1, 'the cancelled list asked for no second page');
    assert.equal(pagesOf(2), 2);
  });

  it("a user action's requests take the person's lane while background lists of the same instance wait", async () => {
    const gitlab = new GitLabClient({
      instanceUrl: ctx.server.origin,
      token: async () => 'tok-abcdef',
      userAgent: 't',
      maxConcurrency: 1,
    });
    const background = [gitlab.environments(1), gitlab.environments(3)];
    await until(() => held.length === 1); // the one slot is busy with project 1's first page; project 3's waits
    const person = gitlab.environments(2, { userAction: true });
    await until(() => held.length === 0 || ctx.server.received.length === 1); // nothing else can start
    answerAll(); // the slot frees: it goes to the person's list, queued after project 3's and still ahead of it
    await until(() => held.length === 1);
    assert.match(held[0].request.url ?? '', /projects\/2\/environments/);
    // Let everything end.
    let settled = false;
    void Promise.all([person, ...background]).finally(() => (settled = true));
    while (!settled) {
      answerAll();
      await new Promise((r) => setImmediate(r));
    }
  });
});
