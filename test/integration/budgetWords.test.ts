import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { periodText, waitText } from '../../src/core/util/duration';
import { signedInSimulator, viewNotices, waitFor } from './support/harness';
import type { ExtensionInternals } from '../../src/extension';
import type { Simulator } from '../simulator';

// The words a large account's plan puts in the view, in the real host: an instance whose RateLimit-Limit is small
// for the account at a 15 s interval, so the interval stretches, and quiet projects read in turn.
describe('the view says when the budget stretches the interval, how quiet projects are read and how old approvals may be', () => {
  const config = () => vscode.workspace.getConfiguration('gitlabApprovals');
  let sim: Simulator;
  let api: ExtensionInternals;
  let signOut: () => Promise<void>;

  before(async function () {
    this.timeout(90_000);
    await config().update('pollIntervalSeconds', 15, vscode.ConfigurationTarget.Global);
    // 30 projects, 15 with recent activity: a cold load of ~33 reads fits half of 100 a minute, but reading the 15
    // active ones every 15 s (60 a minute) does not.
    ({ sim, api, signOut } = await signedInSimulator({
      scenario: { projects: 30, environmentsPerProject: 1, blockedPerProject: 0, activeRatio: 0.5 },
      rateLimitPerMinute: 100,
    }));
  });

  after(async () => {
    await signOut?.();
    await config().update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('names the stretched interval, the set one and the limit GitLab said, the quiet projects left and the approval lag', async () => {
    await waitFor(
      () => api.engine.snapshot().instances[0]?.coverage?.stretchedIntervalMs !== undefined,
      'a stretched plan',
    );
    const coverage = api.engine.snapshot().instances[0].coverage!;
    assert.equal(coverage.rateLimit?.perMinute, 100, 'the limit is the one GitLab’s headers said');
    assert.ok(coverage.stretchedIntervalMs! > 15_000, `stretched to ${coverage.stretchedIntervalMs} ms`);
    assert.equal(sim.requestLog.all().filter((entry) => entry.status === 429).length, 0, 'no 429 on the way');
    await waitFor(() => viewNotices(api).includes('instead of every 15 s'), 'the stretch notice');
    const notices = viewNotices(api);
    assert.ok(
      notices.includes(
        `30 projects: checking every ${periodText(coverage.stretchedIntervalMs!)} instead of every 15 s to stay within half of GitLab's rate limit here: 100 requests a minute (its RateLimit-Limit header).`,
      ),
      notices,
    );
    // The first load leaves the quiet projects it cannot afford for the next polls, and says so while it does.
    assert.ok(coverage.notYetRead > 0 && coverage.notYetRead <= 15, `${coverage.notYetRead} quiet projects left`);
    assert.ok(
      notices.includes(
        `${coverage.notYetRead} quiet projects not checked yet; each is checked within ${waitText(coverage.quietDelayMs)}.`,
      ),
      notices,
    );
    assert.ok(
      notices.includes(
        `Approvals by others may be up to ${periodText(coverage.approvalLagMs)} old: each waiting deployment is re-read every ${coverage.detailRereadPolls} polls to stay within the rate limit. Refresh reads them all now.`,
      ),
      notices,
    );
    assert.ok(coverage.approvalLagMs <= 10 * 60_000, 'within the 10 min bound');
  });
});
