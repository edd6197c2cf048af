// The deploy freezes the engine reads (docs/polling.md#deploy-freezes): only for projects with something waiting, one
// GraphQL query each, again when a time GitLab gave passes and on the details' spread, never on a steady poll.
import * as assert from 'node:assert/strict';
import type * as sinon from 'sinon';
import { activeFreezeAt, freezeStateAt } from '../../../src/core/freezes/deployFreezes';
import { freezeBadge } from '../../../src/shell/presentation/freezeWords';
import { ENGLISH_L10N } from '../support/englishL10n';
import {
  coldLoad,
  fakePollClock,
  instanceView,
  lastSeq,
  routeCounts,
  startEngine,
  type EngineHarness,
} from './helpers';

const MOBILE = 'acme/mobile-backend';

describe('RefreshEngine: deploy freezes (fake clock)', () => {
  let clock: sinon.SinonFakeTimers;
  let h: EngineHarness;

  async function start(detailRefreshEveryPolls?: number): Promise<void> {
    // Sat 28 Mar 2026, noon UTC: inside a Fri 18:00 – Mon 08:00 Berlin window that spans the spring DST change.
    clock = fakePollClock();
    clock.setSystemTime(Date.parse('2026-03-28T12:00:00Z'));
    h = await startEngine({ detailRefreshEveryPolls });
    h.sim.state.freezePeriods.clear();
    h.sim.state.addFreezePeriod({
      project: h.sim.state.findProject(MOBILE)!,
      start: '0 18 * * 5',
      end: '0 8 * * 1',
      timeZone: 'Europe/Berlin',
    });
    await coldLoad(h);
  }

  afterEach(async () => {
    await h?.close();
    clock?.restore();
  });

  const freezesOf = (path: string) =>
    instanceView(h).projects.find((p) => p.project.path_with_namespace === path)?.freezes;

  it('a cold load reads the freezes of each project with something waiting; the row says until when, in its zone', async () => {
    await start();
    assert.equal(routeCounts(h).graphql, 7, 'the 7 projects with something waiting, not demo/dotfiles');
    const mobile = freezesOf(MOBILE);
    assert.equal(activeFreezeAt(mobile, Date.now())?.until, Date.parse('2026-03-30T06:00:00Z'));
    assert.equal(freezeBadge(mobile, Date.now(), ENGLISH_L10N), '❄ frozen until Mon 08:00 (Europe/Berlin)');
    assert.deepEqual(freezesOf('acme/web/storefront')?.freezes, [], 'read: no freezes');
    assert.equal(freezesOf('demo/dotfiles'), undefined, 'nothing waits there: not read');
  });

  it('a steady poll reads none; once the window ends, the next poll reads that project again and says the next one', async () => {
    await start();
    let seq = lastSeq(h);
    await h.engine.refresh('poll');
    assert.equal(routeCounts(h, seq).graphql, undefined);
    // Mon 30 Mar 08:00:30 CEST: GitLab's end has passed.
    clock.setSystemTime(Date.parse('2026-03-30T06:00:30Z'));
    assert.equal(
      activeFreezeAt(freezesOf(MOBILE), Date.now()),
      undefined,
      'off at the end GitLab gave, before any read',
    );
    seq = lastSeq(h);
    await h.engine.refresh('poll');
    const reads = h.sim.requestLog.since(seq).filter((e) => e.route === 'graphql');
    assert.equal(reads.length, 1, 'only the project whose times passed');
    const next = freezeStateAt(freezesOf(MOBILE), Date.parse('2026-04-03T13:00:00Z'));
    assert.equal(next.upcoming?.startsAt, Date.parse('2026-04-03T16:00:00Z'), 'Fri 18:00 CEST, after the change');
    seq = lastSeq(h);
    await h.engine.refresh('poll');
    assert.equal(routeCounts(h, seq).graphql, undefined, 'read once, not on every poll');
  });

  it('budget: re-read on the details’ spread, each followed project once every N polls; Refresh reads them all', async () => {
    await start(3);
    const seq = lastSeq(h);
    for (let poll = 0; poll < 3; poll++) await h.engine.refresh('poll');
    assert.equal(routeCounts(h, seq).graphql, 7, '7 followed projects over 3 polls: each once');
    const full = lastSeq(h);
    await h.engine.refresh('full');
    assert.equal(routeCounts(h, full).graphql, 7);
    assert.ok((instanceView(h).coverage?.requestsPerMinute ?? 0) > 0);
  });

  it('a project whose waiting deployments are gone is no longer read, and its freezes are dropped', async () => {
    await start();
    for (const deployment of h.sim.state.deployments.values())
      if (deployment.projectId === h.sim.state.findProject(MOBILE)!.id && deployment.jobId !== null)
        h.sim.state.setJobStatus(h.sim.state.jobs.get(deployment.jobId)!, 'success');
    await h.engine.refresh('poll');
    assert.equal(freezesOf(MOBILE), undefined);
    const seq = lastSeq(h);
    await h.engine.refresh('full');
    assert.equal(routeCounts(h, seq).graphql, 6);
  });
});
