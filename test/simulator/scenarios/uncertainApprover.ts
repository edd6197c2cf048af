// An addition to the demo scenario (issue 18), kept apart so the demo's ids and counts stay: a project where demo is a
// Developer only through a subgroup, so the client cannot place its role rules.
import { AccessLevel, type Project } from '../model';
import type { SimState } from '../state';

export interface UncertainApprover {
  project: Project;
  /** Waiting under the project's own Developers + Maintainers rule: GitLab accepts demo's approval. */
  acceptedId: number;
  /** Waiting under a group-level rule of `partners`, where demo has no role: GitLab refuses. */
  refusedId: number;
}
/**
 * An addition to the demo scenario (issue 18; `npm run demo` adds it): `partners` (demo not a member) › `integrations` (demo a
 * Developer) › `webhooks-relay`. demo cannot read its protected environments and has no role in the top-level group, so
 * whether a role rule counts them is GitLab's to say. production: the project's own Developers + Maintainers rule
 * — GitLab accepts demo's approval. staging: a group-level rule of `partners` — GitLab compares demo's role in
 * `partners` (none) and refuses.
 */
export function addUncertainApprover(state: SimState, now = Date.now()): UncertainApprover {
  const t = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const at = t(-60 * 24 * 30);
  const demo = state.user('demo');
  const alice = state.user('alice');
  const partners = state.addGroup({ name: 'Partners', path: 'partners', members: [[alice, 50]], at });
  const integrations = state.addGroup({
    name: 'Integrations',
    path: 'integrations',
    parent: partners,
    members: [[demo, 30]],
    at,
  });
  const relay = state.addProject({
    name: 'Webhooks Relay',
    path: 'webhooks-relay',
    group: integrations,
    description: 'Delivers partner webhooks',
    at,
  });
  const production = state.addEnvironment({ project: relay, name: 'production', at });
  const staging = state.addEnvironment({ project: relay, name: 'staging', at });
  const developers = [{ accessLevel: AccessLevel.Developer }];
  state.protectEnvironment({
    project: relay,
    name: 'production',
    deployAccessLevels: developers,
    approvalRules: developers,
  });
  state.protectEnvironment({
    group: partners,
    name: 'staging',
    deployAccessLevels: developers,
    approvalRules: developers,
  });
  const accepted = state.addBlockedDeployment({
    project: relay,
    environment: production,
    triggeredBy: alice,
    at: t(-8),
  });
  const refused = state.addBlockedDeployment({ project: relay, environment: staging, triggeredBy: alice, at: t(-6) });
  return { project: relay, acceptedId: accepted.deployment.id, refusedId: refused.deployment.id };
}
