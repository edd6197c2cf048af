// The list tool reports the jobs the user started (issue 21): their state, never their log.
import * as assert from 'node:assert/strict';
import { listResult } from '../../../src/core/agentTools/results';
import type { FollowedJob } from '../../../src/core/follow/followedJob';
import { followedJob } from '../builders';
import type { Snapshot } from '../../../src/core/refresh/snapshot';

const EMPTY = { instances: [] } as unknown as Snapshot;

/** A job that ran for 2 min 10 s (or still runs), in an environment whose name carries a bidi override. */
function job(jobId: number, status: string, extra: Partial<FollowedJob> = {}): FollowedJob {
  return followedJob(jobId, status, {
    environmentName: 'production\u202e',
    startedAt: '2026-12-06T10:00:00.000Z',
    finishedAt: status === 'running' ? null : '2026-12-06T10:02:10.000Z',
    followedAt: jobId,
    ...extra,
  });
}

describe('agent tools: the jobs you started (issue 21)', () => {
  it('lists each followed job with its state, how long it ran and where it went live; GitLab text escaped', () => {
    const result = listResult(
      EMPTY,
      { scope: 'awaitingMe', limit: 50 },
      [
        job(2, 'failed', { failureReason: 'script_failure' }),
        job(1, 'success', { externalUrl: 'https://app.example.com' }),
        job(3, 'success', { externalUrl: 'javascript:alert(1)' }),
      ],
      Date.parse('2026-12-06T10:05:00.000Z'),
    );
    const [failed, live, notHttp] = result.jobsYouStarted!;
    assert.equal(failed.state, 'failed');
    assert.equal(failed.gitlab.failureReason, 'script_failure');
    assert.equal(failed.ranSeconds, 130);
    assert.equal(live.state, 'succeeded');
    assert.equal(live.liveAt, 'https://app.example.com/');
    assert.equal(notHttp.liveAt, undefined, 'only an http(s) address');
    assert.equal(failed.gitlab.environment, 'production⟨U+202E⟩', 'invisible characters shown');
    assert.ok(!JSON.stringify(result).includes('log'), 'no log, nor a field for one');
  });

  it('says nothing of followed jobs when there are none', () => {
    assert.equal(listResult(EMPTY, { scope: 'awaitingMe', limit: 50 }).jobsYouStarted, undefined);
  });
});
