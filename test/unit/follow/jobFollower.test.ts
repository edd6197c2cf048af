// The job follower against fake timers (when it reads) and against the simulator (what it reads and shows).
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { followedJobKey, type FollowedJob } from '../../../src/core/follow/followedJob';
import { followedJob, FOLLOWED_INSTANCE } from '../builders';
import {
  FOLLOW_INTERVAL_MS,
  JobFollower,
  type FollowClient,
  type JobEnded,
} from '../../../src/core/follow/jobFollower';
import type { JobSummary } from '../../../src/core/gitlab/types';
import { LevelledLog } from '../../../src/core/util/log';
import { deployScript, LEAKED_SECRET_LINE } from '../../simulator';
import { clientFor, projectIdOf, rejectsWithKind, requestsTo, useSimulator } from '../client/helpers';

const INSTANCE = FOLLOWED_INSTANCE;

function record(status = 'pending', jobId = 7): FollowedJob {
  return followedJob(jobId, status);
}

function jobAnswer(status: string, extra: Partial<JobSummary> = {}): JobSummary {
  return {
    id: 7,
    name: 'deploy',
    status,
    web_url: `${INSTANCE}/acme/app/-/jobs/7`,
    pipeline: { id: 1 } as JobSummary['pipeline'],
    started_at: status === 'pending' ? null : '2026-12-06T10:00:00.000Z',
    finished_at: ['success', 'failed'].includes(status) ? '2026-12-06T10:02:10.000Z' : null,
    ...(status === 'failed' ? { failure_reason: 'script_failure' } : {}),
    ...extra,
  };
}

/** The log lines written, whatever their level. */
function capturingLog(): { log: LevelledLog; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: new LevelledLog({ level: () => 'trace', write: (_level, line) => lines.push(line) }) };
}

describe('the job follower (core/follow/jobFollower.ts)', () => {
  describe('when it reads (fake timers)', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => (clock = sinon.useFakeTimers()));
    afterEach(() => clock.restore());

    function follower(statuses: string[]) {
      const job = sinon.stub<[number | string, number], Promise<JobSummary>>();
      statuses.forEach((status, i) => job.onCall(i).resolves(jobAnswer(status)));
      job.resolves(jobAnswer(statuses.at(-1)!));
      const client = {
        job,
        jobLogEnd: sinon.stub().resolves({ text: 'deploying\n', cut: false }),
        environment: sinon.stub().resolves({ external_url: 'https://app.example.com' }),
      } as unknown as FollowClient & { job: typeof job };
      const { log, lines } = capturingLog();
      const jobs = new JobFollower({ client: () => client, log });
      const ended: JobEnded[] = [];
      jobs.onDidEnd((e) => ended.push(e));
      return { jobs, client, ended, lines };
    }

    it('reads a followed job every few seconds while the window has focus, and stops at its end', async () => {
      const { jobs, client, ended } = follower(['running', 'running', 'success']);
      jobs.resume();
      jobs.follow(record());
      await clock.tickAsync(0);
      assert.equal(client.job.callCount, 1);
      assert.equal(jobs.all()[0].status, 'running');
      await clock.tickAsync(FOLLOW_INTERVAL_MS);
      assert.equal(client.job.callCount, 2);
      await clock.tickAsync(FOLLOW_INTERVAL_MS);
      assert.equal(client.job.callCount, 3);
      assert.equal(jobs.all()[0].status, 'success');
      assert.equal(jobs.all()[0].externalUrl, 'https://app.example.com', 'where it went live, read at its end');
      assert.deepEqual(
        ended.map((e) => [e.job.status, e.whileAway]),
        [['success', false]],
      );
      await clock.tickAsync(FOLLOW_INTERVAL_MS * 10);
      assert.equal(client.job.callCount, 3, 'nothing is read after the job ended');
    });

    it('reads nothing while the window is in the background; a job that ended meanwhile ended "while away"', async () => {
      const { jobs, client, ended } = follower(['running', 'failed']);
      jobs.resume();
      jobs.follow(record());
      await clock.tickAsync(0);
      jobs.pause();
      await clock.tickAsync(FOLLOW_INTERVAL_MS * 20);
      assert.equal(client.job.callCount, 1, 'no request in the background');
      jobs.resume();
      await clock.tickAsync(0);
      assert.equal(client.job.callCount, 2);
      assert.deepEqual(
        ended.map((e) => [e.job.status, e.job.failureReason, e.whileAway]),
        [['failed', 'script_failure', true]],
      );
    });

    it('a read while paused (a test, or one under way) does not forget that the window was away', async () => {
      const { jobs, ended } = follower(['running', 'running', 'success']);
      jobs.resume();
      jobs.follow(record());
      await clock.tickAsync(0);
      jobs.pause();
      await jobs.poll(); // still running
      jobs.resume();
      await clock.tickAsync(0); // ended meanwhile: seen at the first read after focus returned
      assert.deepEqual(
        ended.map((e) => [e.job.status, e.whileAway]),
        [['success', true]],
      );
    });

    it('opening the log of a job that ended reads it even while the window seems away: the person asked for it', async () => {
      const { jobs, client } = follower(['failed']);
      jobs.resume();
      jobs.follow(record());
      await clock.tickAsync(0);
      assert.equal(jobs.all()[0].status, 'failed');
      // A click into an editor or a webview can blur the window for a moment, just as the person opens the log.
      jobs.pause();
      jobs.watchLog(record().key);
      await clock.tickAsync(0);
      assert.equal((client.jobLogEnd as sinon.SinonStub).callCount, 1, 'the log is read once');
      assert.deepEqual(jobs.tail(record().key)?.lines, ['deploying']);
      await clock.tickAsync(FOLLOW_INTERVAL_MS * 10);
      assert.equal(client.job.callCount, 1, 'and nothing is polled in the background');
    });

    it("reads the log only while it is watched, and once more at the job's end", async () => {
      const { jobs, client } = follower(['running', 'running', 'running', 'failed']);
      jobs.resume();
      jobs.follow(record());
      await clock.tickAsync(0);
      assert.equal((client.jobLogEnd as sinon.SinonStub).callCount, 0, 'no log read nobody looks at');
      const watch = jobs.watchLog(record().key);
      await clock.tickAsync(0);
      assert.equal((client.jobLogEnd as sinon.SinonStub).callCount, 1);
      assert.deepEqual(jobs.tail(record().key)?.lines, ['deploying']);
      await clock.tickAsync(FOLLOW_INTERVAL_MS);
      assert.equal((client.jobLogEnd as sinon.SinonStub).callCount, 2);
      watch.dispose();
      await clock.tickAsync(FOLLOW_INTERVAL_MS);
      assert.equal((client.jobLogEnd as sinon.SinonStub).callCount, 2, 'closed: not read');
      await clock.tickAsync(FOLLOW_INTERVAL_MS);
      assert.equal(jobs.all()[0].status, 'failed');
      assert.equal((client.jobLogEnd as sinon.SinonStub).callCount, 3, 'the final log of a tail already read');
    });

    it('keeps the last known state, marked, when a read fails; a kept job that still runs is read again', async () => {
      const { jobs, client } = follower(['running']);
      client.job.onCall(0).rejects(new Error('connect ECONNREFUSED'));
      jobs.restore([record('running')]);
      jobs.resume();
      await clock.tickAsync(0);
      assert.equal(jobs.all()[0].status, 'running');
      assert.match(jobs.all()[0].problem ?? '', /ECONNREFUSED/);
      await clock.tickAsync(FOLLOW_INTERVAL_MS);
      assert.equal(jobs.all()[0].problem, undefined);
    });

    it("a failed log read is logged without the error's text (a body that is not the API is quoted in it)", async () => {
      const { jobs, client, lines } = follower(['running']);
      (client.jobLogEnd as sinon.SinonStub).rejects(
        new Error(`GET …/trace → 200: application/octet-stream, not JSON; first bytes: ${LEAKED_SECRET_LINE}`),
      );
      jobs.resume();
      jobs.follow(record());
      jobs.watchLog(record().key);
      await clock.tickAsync(0);
      assert.ok(
        lines.some((line) => /reading the log of job 7/.test(line)),
        lines.join('\n'),
      );
      assert.ok(
        lines.every((line) => !line.includes('wJalrXUtnFEMI')),
        `the log channel got the job's log:\n${lines.join('\n')}`,
      );
    });

    it('drops an ended job kept for more than a day at restore', () => {
      const { jobs } = follower(['success']);
      clock.setSystemTime(3 * 24 * 60 * 60 * 1000);
      jobs.restore([record('success', 1), { ...record('running', 2), followedAt: 1 }]);
      assert.deepEqual(
        jobs.all().map((j) => j.jobId),
        [2],
      );
    });
  });

  describe('against the simulator', () => {
    const holder = useSimulator();

    it('follows a job queued → running → failed, with a tail in the editor and never in the log channel', async () => {
      const sim = holder.sim;
      const projectId = projectIdOf(sim, 'acme/mobile-backend');
      const created = sim.createBlockedDeployment({ project: projectId, environment: 'qa', jobName: 'deploy_qa' });
      created.job.script = deployScript('qa', 'failed', 4);
      const client = clientFor(sim);
      await client.playJob(projectId, created.job.id);
      const { log, lines } = capturingLog();
      const jobs = new JobFollower({ client: () => client, log });
      const key = followedJobKey(sim.url, projectId, created.job.id);
      jobs.follow({ ...record('pending'), key, instanceUrl: sim.url, projectId, jobId: created.job.id });
      const watch = jobs.watchLog(key);
      const seen: string[] = [];
      for (let step = 0; step < 8 && seen.at(-1) !== 'failed'; step++) {
        await jobs.poll();
        seen.push(jobs.get(key)!.status);
        sim.stepJobs();
      }
      watch.dispose();
      assert.deepEqual([...new Set(seen)], ['pending', 'running', 'failed']);
      assert.equal(jobs.get(key)!.failureReason, 'script_failure');
      assert.ok(jobs.tail(key)!.lines.includes(LEAKED_SECRET_LINE));
      assert.equal(jobs.tail(key)!.lines.at(-1), 'ERROR: Job failed: exit code 1');
      assert.ok(requestsTo(sim, 'jobs.trace').length > 0);
      assert.ok(lines.length > 0);
      assert.ok(
        lines.every((line) => !line.includes('wJalrXUtnFEMI') && !line.includes('health check')),
        `the log channel got the job's log:\n${lines.join('\n')}`,
      );
    });

    it('keeps only the end of a long log (the bytes read are capped in the transport)', async () => {
      const sim = holder.sim;
      const projectId = projectIdOf(sim, 'acme/mobile-backend');
      const created = sim.createBlockedDeployment({ project: projectId, environment: 'qa2' });
      created.job.log = `${'x'.repeat(200_000)}\nlast line\n`;
      const end = await clientFor(sim).jobLogEnd(projectId, created.job.id, 1024);
      assert.equal(end.cut, true);
      assert.ok(end.text.length <= 1024);
      assert.ok(end.text.endsWith('last line\n'));
      const whole = await clientFor(sim).jobLogEnd(projectId, created.job.id, 1_000_000);
      assert.equal(whole.cut, false);
    });

    it('retries a failed job: GitLab answers a new job; one waiting for approval again is manual', async () => {
      const sim = holder.sim;
      const client = clientFor(sim);
      const projectId = projectIdOf(sim, 'acme/mobile-backend');
      const created = sim.createBlockedDeployment({ project: projectId, environment: 'qa3' });
      const manual = await rejectsWithKind(client.retryJob(projectId, created.job.id), 'forbidden');
      assert.match(manual.detail, /Job is not retryable/);
      sim.state.setJobStatus(created.job, 'failed');
      const retried = await client.retryJob(projectId, created.job.id);
      assert.notEqual(retried.id, created.job.id);
      assert.equal(retried.status, 'pending', 'qa3 needs no approval');
      const again = await rejectsWithKind(client.retryJob(projectId, created.job.id), 'forbidden');
      assert.match(again.detail, /Job is not retryable/, 'retried once already');
      const approvalEnvironment = [...sim.state.projects.values()].find((p) => p.path === 'auth-service')!;
      const prod = sim.state.findEnvironment(approvalEnvironment, 'production')!;
      const ran = sim.state.addDeployment({
        project: approvalEnvironment,
        environment: prod,
        triggeredBy: sim.state.user('bob')!,
        jobStatus: 'failed',
      });
      const waits = await client.retryJob(approvalEnvironment.id, ran.job.id);
      assert.equal(waits.status, 'manual', 'production needs approvals: the new job waits for them');
    });
  });
});
