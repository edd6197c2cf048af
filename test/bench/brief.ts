// A measurement, not a test: what opening a deployment's page costs at 50 ms (± 10) latency per request, on the demo.
// The page paints at once from the tree's data (no request); this measures the brief that fills it in: cold, and
// opened again (range cached), plus who can approve. `npm run bench:brief`.
import { briefSummary, buildDeploymentBrief, eligibleApprovers, RangeCache } from '../../src/core/brief';
import { GitLabClient } from '../../src/core/gitlab/client';
import { startSimulator } from '../simulator';

const LATENCY_MS = 50;
const JITTER_MS = 20;
const DEPLOYMENTS = [5, 6, 7, 8, 10];

async function main(): Promise<void> {
  const sim = await startSimulator({ scenario: 'demo' });
  try {
    const client = new GitLabClient({ instanceUrl: sim.url, token: async () => sim.defaultToken, userAgent: 'bench' });
    sim.faults.add({ kind: 'latency', ms: LATENCY_MS - JITTER_MS / 2, jitterMs: JITTER_MS });
    const cache = new RangeCache();
    console.log(`latency ${LATENCY_MS} ± ${JITTER_MS / 2} ms per request; client concurrency 6\n`);
    console.log('deployment  brief cold (ms, requests)  brief again (ms, requests)  approvers (ms, requests)  summary');
    for (const id of DEPLOYMENTS) {
      const projectId = sim.state.deployments.get(id)!.projectId;
      const deployment = await client.deployment(projectId, id);
      const timed = async <T>(run: () => Promise<T>) => {
        sim.clearLog();
        const started = performance.now();
        const result = await run();
        return { ms: Math.round(performance.now() - started), requests: sim.requestLog.length, result };
      };
      const cold = await timed(() => buildDeploymentBrief(client, { projectId, deployment }, { cache }));
      const again = await timed(() => buildDeploymentBrief(client, { projectId, deployment }, { cache }));
      const approvers = await timed(() =>
        eligibleApprovers(client, projectId, deployment.approval_summary?.rules ?? []),
      );
      const summary = briefSummary(cold.result);
      console.log(
        `#${String(id).padEnd(10)} ${`${cold.ms} ms, ${cold.requests}`.padEnd(26)} ${`${again.ms} ms, ${again.requests}`.padEnd(27)} ${`${approvers.ms} ms, ${approvers.requests}`.padEnd(25)} ${summary}`,
      );
    }
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
