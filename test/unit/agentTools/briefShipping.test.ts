// The brief tool's "what it ships" on a real engine snapshot and real briefs, read over HTTP from the simulator's demo
// histories (test/simulator/scenarios/demoHistory.ts): 5 ships 9 commits and 3 merge requests since live, 6 is
// superseded, 7 has a failed job, 10 would roll back.
import * as assert from 'node:assert/strict';
import type { IneligibilityText } from '../../../src/core/agentTools/availability';
import { locatedDeployments, type LocatedDeployment } from '../../../src/core/refresh/snapshot';
import { planDecision, planFingerprint, withShippingSummary, type WritePlan } from '../../../src/core/agentTools/plans';
import { briefResult, type BriefResult } from '../../../src/core/agentTools/results';
import { readShipped, type Shipped } from '../../../src/core/agentTools/shipping';
import {
  BRIEF_LIMITS,
  buildDeploymentBrief,
  eligibleApprovers,
  RangeCache,
  type BriefLimits,
} from '../../../src/core/brief';
import { NetworkError } from '../../../src/core/errors';
import { coldLoad, startEngine, type EngineHarness } from '../engine/helpers';

const EXPLAIN = new Proxy({}, { get: (_target, reason) => `reason:${String(reason)}` }) as IneligibilityText;

describe('the brief tool: what a deployment ships', function () {
  this.timeout(30_000);
  let h: EngineHarness;
  let cache: RangeCache;

  before(async () => {
    h = await startEngine();
    await coldLoad(h);
  });
  beforeEach(() => {
    cache = new RangeCache();
    h.sim.faults.clear();
  });
  after(() => h.close());

  const located = (deploymentId: number): LocatedDeployment => {
    const found = locatedDeployments(h.engine.snapshot()).find((l) => l.deployment.id === deploymentId);
    assert.ok(found, `deployment ${deploymentId} is blocked`);
    return found;
  };
  const shipped = (target: LocatedDeployment, limits: BriefLimits = BRIEF_LIMITS): Promise<Shipped> =>
    readShipped(
      () =>
        buildDeploymentBrief(
          h.client,
          { projectId: target.view.projectId, deployment: target.deployment },
          {
            cache,
            limits,
          },
        ),
      () => eligibleApprovers(h.client, target.view.projectId, target.view.detail?.approval_summary?.rules ?? []),
    );
  const brief = async (deploymentId: number, limits?: BriefLimits): Promise<BriefResult> => {
    const target = located(deploymentId);
    return briefResult(target, EXPLAIN, await shipped(target, limits));
  };
  /** The result with every `gitlab` key taken out: what is left is the extension's own words and numbers. */
  const withoutGitLabText = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (key, v) => (key === 'gitlab' ? undefined : v)));

  it('lists the commits and merge requests since what is live, the files changed, and who can approve', async () => {
    const result = await brief(5);
    const ships = result.whatItShips;
    assert.equal(ships.known, true);
    assert.equal(ships.relation, 'forward');
    assert.equal(ships.live?.iid, 1);
    assert.equal(ships.live?.gitlab.deployedBy, 'bob');
    assert.equal(ships.commitsSinceLive?.total, 9);
    assert.equal(ships.commitsSinceLive?.andMore, 0);
    assert.equal(ships.commitsSinceLive?.list[0].gitlab.title, "Merge branch 'healthz' into 'main'");
    assert.equal(ships.commitsSinceLive?.list[8].gitlab.title, 'Add a token bucket per client IP');
    assert.deepEqual(
      ships.mergeRequests?.list.map((mr) => [mr.iid, mr.gitlab.title, mr.gitlab.author]),
      [
        [4, 'Add a /healthz endpoint', 'dave'],
        [3, 'Refresh the logo and regenerate the route table', 'carol'],
        [2, 'Rate limit anonymous clients', 'bob'],
      ],
    );
    assert.equal(ships.mergeRequests?.complete, true);
    assert.equal(ships.filesChanged?.count, 7);
    const logo = ships.filesChanged?.list.find((f) => f.gitlab.path === 'assets/logo.png');
    assert.deepEqual([logo?.change, logo?.binary], ['modified', true]);
    assert.deepEqual(ships.warnings, []);
    assert.equal(ships.gitlab?.summary, '9 commits since live · 3 MRs');
    const security = result.rules.find((r) => r.gitlab.rule === 'Security');
    assert.ok(security?.whoCanApprove, 'the Security rule says who can approve');
    assert.ok(security.whoCanApprove.gitlab.people.some((p) => p.username === 'carol'));
  });

  it('keeps GitLab text under "gitlab" keys and returns no GitLab URL', async () => {
    const result = await brief(5);
    const ours = JSON.stringify(withoutGitLabText(result.whatItShips));
    assert.doesNotMatch(ours, /healthz|token bucket|logo|Carol|bob|main/);
    const all = JSON.stringify(result);
    assert.doesNotMatch(all, /\/-\/|compare|commit\/|merge_requests/);
    assert.deepEqual(
      [...all.matchAll(/https?:\/\/[^"#]*/g)].map((m) => m[0]).filter((url) => url !== h.sim.url),
      [],
      'the only URL is the instance’s, naming it',
    );
    // A first deployment's summary names its environment: GitLab text too.
    const first = (await brief(6)).whatItShips;
    assert.equal(first.gitlab?.summary, 'first deployment to staging · 1 warning');
    assert.doesNotMatch(JSON.stringify(withoutGitLabText(first)), /staging|main/);
  });

  it('bounds the commits it lists and says how many more there are', async () => {
    const result = await brief(5, { ...BRIEF_LIMITS, commitsShown: 3 });
    assert.equal(result.whatItShips.commitsSinceLive?.total, 9);
    assert.equal(result.whatItShips.commitsSinceLive?.list.length, 3);
    assert.equal(result.whatItShips.commitsSinceLive?.andMore, 6);
  });

  it('carries the warnings: rollback with the commits it drops, failed jobs, superseded', async () => {
    const rollback = (await brief(10)).whatItShips;
    assert.equal(rollback.relation, 'rollback');
    assert.equal(rollback.commitsLiveHasThisLacks?.total, 2);
    assert.equal(
      rollback.commitsLiveHasThisLacks?.list[0].gitlab.title,
      "Merge branch 'checkout-redesign' into 'main'",
    );
    assert.deepEqual(
      rollback.warnings.map((w) => w.kind),
      ['rollback'],
    );
    assert.match(rollback.warnings[0].gitlab.message, /running it would roll production back/);

    const failed = (await brief(7)).whatItShips;
    assert.deepEqual(
      failed.warnings.map((w) => [w.kind, w.gitlab.message]),
      [['failed-jobs', 'The pipeline has 1 failed job: dependency_scanning (allowed to fail).']],
    );
    assert.equal(failed.commitsSinceLive?.total, 3);

    const superseded = (await brief(6)).whatItShips;
    assert.deepEqual(
      superseded.warnings.map((w) => w.kind),
      ['superseded'],
    );
    assert.equal(superseded.relation, 'first-deployment');
  });

  it('when GitLab cannot be read, returns the facts and rules with a plain note instead of failing', async () => {
    h.sim.faults.add({ kind: 'status', status: 503, route: 'environments.get' });
    h.sim.faults.add({ kind: 'status', status: 503, route: 'repository.compare' });
    const result = await brief(5);
    assert.equal(result.whatItShips.known, false);
    assert.equal(result.whatItShips.relation, undefined, 'no claim that nothing is live');
    assert.equal(result.whatItShips.commitsSinceLive, undefined);
    assert.match(result.whatItShips.note ?? '', /could not be read from GitLab/);
    assert.ok((result.whatItShips.gitlab?.problems?.length ?? 0) > 0);
    assert.ok(result.rules.length >= 2, 'the approval rules still stand');
    assert.equal(result.deployment.gitlab.project, 'acme/platform/api-gateway');

    const failing = await readShipped(
      () => Promise.reject(new NetworkError('gitlab.example.com', 'connect ECONNREFUSED')),
      () => Promise.resolve([]),
    );
    const withNote = briefResult(located(5), EXPLAIN, failing);
    assert.equal(withNote.whatItShips.known, false);
    assert.match(withNote.whatItShips.note ?? '', /could not be read from GitLab/);
    assert.ok(withNote.rules.length >= 2);
  });

  it('a decision’s confirmation may say what the deployment ships; the action stays bound to the same plan', () => {
    const target = located(5);
    const plan = planDecision(target, { deployment: '', decision: 'reject' }, EXPLAIN) as Extract<
      WritePlan,
      { kind: 'confirm' }
    >;
    const before = planFingerprint(plan);
    const shown = withShippingSummary(plan.confirmation, '9 commits since live · 3 MRs');
    const labels = shown.facts.map((f) => f.label);
    assert.equal(labels[labels.indexOf('Commit') + 1], 'What it ships');
    assert.equal(shown.facts.find((f) => f.label === 'What it ships')?.value, '9 commits since live · 3 MRs');
    assert.equal(withShippingSummary(plan.confirmation, undefined), plan.confirmation);
    assert.equal(planFingerprint(plan), before);
  });
});
