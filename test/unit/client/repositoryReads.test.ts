// The client's reads for deployment briefs: a raw file is text (not JSON), a web page instead of a file is an error,
// and every server-provided path or sha goes as one URL segment.
import * as assert from 'node:assert/strict';
import { clientFor, rejectsWithKind, useSimulator } from './helpers';

describe('GitLabClient: repository reads', () => {
  const holder = useSimulator();
  const sha = (deploymentId: number) => holder.sim.state.deployments.get(deploymentId)!.sha;

  it('reads a file at a sha as text, its path sent as one encoded segment', async () => {
    const text = await clientFor(holder.sim).rawFile(1, 'src/health.ts', sha(5));
    assert.equal(text, "export function health() {\n  return { status: 'ok' };\n}\n");
    const [entry] = holder.sim.requestLog.all();
    assert.match(entry.path, /\/repository\/files\/src%2Fhealth\.ts\/raw$/);
  });

  it('refuses a web page answering 200 in place of a file', async () => {
    holder.sim.faults.add({ kind: 'invalid-json', route: 'repository.files.raw' });
    const client = clientFor(holder.sim);
    // The fault answers a web page typed application/json: neither GitLab's text/plain file nor JSON.
    await rejectsWithKind(client.rawFile(1, 'README.md', sha(5)), 'not-api');
  });

  it('answers 404 as not-found for a file missing at that sha', async () => {
    await rejectsWithKind(clientFor(holder.sim).rawFile(1, 'src/health.ts', sha(1)), 'not-found');
  });

  it('refuses a path that would be a step up instead of a file', async () => {
    await rejectsWithKind(clientFor(holder.sim).rawFile(1, '..', sha(5)), 'invalid-input');
    assert.equal(holder.sim.requestLog.length, 0);
  });

  it('reads a compare, a commit’s merge requests, a pipeline’s failed jobs and counted member pages', async () => {
    const client = clientFor(holder.sim);
    const comparison = await client.compare(1, sha(1), sha(5), { straight: true });
    assert.equal(comparison.commits.length, 9);
    const mrs = await client.commitMergeRequests(1, comparison.commits[8].id);
    assert.equal(mrs[0].iid, 4);
    const job = holder.sim.state.jobOf(holder.sim.state.deployments.get(7)!)!;
    const failed = await client.pipelineJobs(2, job.pipelineId, { scope: ['failed'] });
    assert.deepEqual(
      failed.map((j) => j.name),
      ['dependency_scanning'],
    );
    const members = await client.projectMembers(1, { perPage: 2 });
    assert.equal(members.items.length, 2);
    assert.ok(members.total! > 2);
  });
});
