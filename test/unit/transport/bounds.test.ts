// Lists are bounded whatever the pagination headers say, and a list cut at the bound says so.
import * as assert from 'node:assert/strict';
import { GitLabClient, type ListCut } from '../../../src/core/gitlab/client';
import { json, useLoopbackServer } from '../support/loopbackServer';

const items = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, iid: from + i }));

describe('transport: bounded lists', () => {
  const ctx = useLoopbackServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const page = Number(url.searchParams.get('page') ?? 1);
    if (url.pathname.endsWith('/deployments')) {
      // Endless pages, and a Link header that drops per_page (as some proxies rewrite it).
      return json(response, items(page * 100, 100), 200, {
        'x-next-page': String(page + 1),
        link: `<${ctx.server.origin}${url.pathname}?page=${page + 1}>; rel="next"`,
      });
    }
    if (url.pathname.endsWith('/environments')) return json(response, items(1, 5_000)); // ignores per_page
    if (url.pathname.endsWith('/projects')) {
      const after = Number(url.searchParams.get('id_after') ?? 0);
      return json(response, items(after + 1, 100), 200, {
        link: `<${ctx.server.origin}/api/v4/projects?id_after=${after + 100}&pagination=keyset>; rel="next"`,
      });
    }
    json(response, [], 200);
  });

  const clientWith = (cuts: ListCut[]) =>
    new GitLabClient({
      instanceUrl: ctx.server.origin,
      token: async () => 'tok-abcdef',
      userAgent: 't',
      maxPages: 3,
      maxProjectPages: 3,
      onListTruncated: (cut) => cuts.push(cut),
    });

  it('endless offset pages stop at maxPages, and the list says it was cut', async () => {
    const cuts: ListCut[] = [];
    const list = await clientWith(cuts).blockedDeployments(1);
    assert.equal(list.length, 300);
    assert.equal(ctx.server.received.length, 3);
    assert.deepEqual(list.truncated, { path: 'projects/1/deployments', limit: 300 });
    assert.deepEqual(cuts, [list.truncated]);
  });

  it('endless keyset pages stop at maxPages too', async () => {
    const list = await clientWith([]).memberProjects(30);
    assert.equal(list.length, 300);
    assert.equal(ctx.server.received.length, 3);
    assert.ok(list.truncated);
  });

  it('a page far larger than asked for is cut to the bound and says so', async () => {
    const list = await clientWith([]).environments(1);
    assert.equal(list.length, 300);
    assert.ok(list.truncated);
  });

  it('a list that fits is not marked', async () => {
    const list = await clientWith([]).protectedEnvironments(1);
    assert.deepEqual([...list], []);
    assert.equal(list.truncated, undefined);
  });
});
