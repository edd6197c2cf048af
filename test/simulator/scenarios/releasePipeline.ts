// An addition to the demo scenario (issue 19), kept apart so the demo's ids and counts stay: one release pipeline that
// deploys to three regions, what Approve Pipeline is for. Two jobs are blocked; the third is in a later stage that has
// not started (`created`), which GitLab lets people approve already (docs/gitlab-behaviour.md).
import type { SimState } from '../state';

export function addReleasePipeline(state: SimState, now = Date.now()): void {
  const t = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const at = t(-60 * 24 * 30);
  const platform = state.findGroupByPath('acme/platform');
  if (!platform) throw new Error('the release pipeline goes beside the demo scenario: seed it first');
  const bob = state.user('bob');
  const project = state.addProject({
    name: 'Search Service',
    path: 'search-service',
    group: platform,
    description: 'Search across the catalogue',
    at,
  });
  // Production tier: acme/platform's group-level rule (a Maintainer) protects each region.
  const region = (name: string) =>
    state.addEnvironment({ project, name, tier: 'production', externalUrl: `https://${name}.search.example.com`, at });
  const first = state.addBlockedDeployment({
    project,
    environment: region('eu-production'),
    triggeredBy: bob,
    ref: 'v3.1.0',
    at: t(-35),
  });
  state.addBlockedDeployment({
    project,
    environment: region('us-production'),
    triggeredBy: bob,
    pipeline: first.pipeline,
    at: t(-35),
  });
  state.addDeployment({
    project,
    environment: region('apac-production'),
    triggeredBy: bob,
    pipeline: first.pipeline,
    jobStatus: 'created',
    stage: 'deploy-apac',
    at: t(-35),
  });
}
