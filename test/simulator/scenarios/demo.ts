// `demo`: a believable small instance. Fixed ids (creation order) and timestamps relative to a fixed clock, so every run is
// identical. Main user `demo`. The blocked deployments cover every kind (see README "Demo scenario").
import { AccessLevel } from '../model';
import type { SimState } from '../state';
import { deployScript } from '../jobRunner';
import { seedDemoHistory } from './demoHistory';

const BASE = Date.parse('2026-02-10T09:00:00.000Z');

/**
 * `now` is fixed by default so tests see the same timestamps every run; `npm run demo` passes the real time so a person
 * sees deployments from minutes ago, not months.
 */
export function seedDemo(state: SimState, now = BASE): void {
  /** Minutes after the scenario's "now". */
  const t = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const at = t(-60 * 24 * 30);
  const root = state.addUser({ username: 'root', name: 'Administrator', admin: true, at });
  const demo = state.addUser({ username: 'demo', name: 'Demo User', at });
  const alice = state.addUser({ username: 'alice', name: 'Alice Anders', at });
  const bob = state.addUser({ username: 'bob', name: 'Bob Brown', at });
  const carol = state.addUser({ username: 'carol', name: 'Carol Chen', at });
  const dave = state.addUser({ username: 'dave', name: 'Dave Diaz', at });
  const erin = state.addUser({ username: 'erin', name: 'Erin Evans', at });
  const gina = state.addUser({ username: 'gina', name: 'Gina Guest', at });
  state.mainUsername = 'demo';
  for (const user of [root, demo, alice, bob, carol, dave, erin, gina]) state.tokenFor(user.username);

  const acme = state.addGroup({
    name: 'Acme',
    path: 'acme',
    members: [
      [alice, 50],
      [demo, 30],
    ],
    at,
  });
  const platform = state.addGroup({
    name: 'Platform',
    path: 'platform',
    parent: acme,
    members: [
      [demo, 40],
      [bob, 30],
    ],
    at,
  });
  const web = state.addGroup({
    name: 'Web',
    path: 'web',
    parent: acme,
    members: [
      [bob, 40],
      [carol, 30],
      [erin, 20],
      [gina, 10],
    ],
    at,
  });
  const security = state.addGroup({
    name: 'Security',
    path: 'security',
    members: [
      [carol, 40],
      [demo, 30],
    ],
    at,
  });
  const appsec = state.addGroup({ name: 'AppSec', path: 'appsec', parent: security, members: [[dave, 30]], at });
  const qa = state.addGroup({
    name: 'QA',
    path: 'qa',
    members: [
      [dave, 50],
      [alice, 30],
    ],
    at,
  });

  const apiGateway = state.addProject({
    name: 'API Gateway',
    path: 'api-gateway',
    group: platform,
    description: 'Edge routing for all public APIs',
    sharedWith: [[security, 30]],
    at,
  });
  const billing = state.addProject({
    name: 'Billing Service',
    path: 'billing-service',
    group: platform,
    description: 'Invoices and payments',
    sharedWith: [[security, 30]],
    at,
  });
  const auth = state.addProject({
    name: 'Auth Service',
    path: 'auth-service',
    group: platform,
    description: 'Login, sessions and tokens',
    sharedWith: [[appsec, 30]],
    at,
  });
  const storefront = state.addProject({
    name: 'Storefront',
    path: 'storefront',
    group: web,
    description: 'The public shop',
    sharedWith: [
      [security, 30],
      [qa, 30],
    ],
    at,
  });
  const adminPortal = state.addProject({
    name: 'Admin Portal',
    path: 'admin-portal',
    group: web,
    description: 'Back office',
    sharedWith: [[security, 30]],
    at,
  });
  const docs = state.addProject({
    name: 'Docs Site',
    path: 'docs-site',
    group: web,
    description: 'Product documentation',
    members: [[demo, 40]],
    allowPipelineTriggerApproveDeployment: true,
    at,
  });
  const mobile = state.addProject({
    name: 'Mobile Backend',
    path: 'mobile-backend',
    group: acme,
    description: 'APIs for the mobile apps',
    members: [[bob, 30]],
    sharedWith: [[qa, 30]],
    at,
  });
  state.addProject({
    name: 'Dotfiles',
    path: 'dotfiles',
    owner: demo,
    description: 'My editor settings',
    visibility: 'public',
    at,
  });

  const env = (
    project: typeof apiGateway,
    name: string,
    tier?: 'production' | 'staging' | 'testing' | 'development' | 'other',
  ) =>
    state.addEnvironment({
      project,
      name,
      tier,
      externalUrl: `https://${name.replace(/\//g, '-')}.${project.path}.example.com`,
      at,
    });
  const gwProd = env(apiGateway, 'production');
  const gwStaging = env(apiGateway, 'staging');
  env(apiGateway, 'review/feature-x', 'development');
  const billingProd = env(billing, 'production');
  const billingStaging = env(billing, 'staging');
  const authProd = env(auth, 'production');
  const authStaging = env(auth, 'staging');
  env(auth, 'development');
  const shopProd = env(storefront, 'production');
  const shopStaging = env(storefront, 'staging');
  const shopCanary = env(storefront, 'canary', 'production');
  env(storefront, 'review/checkout-redesign', 'development');
  const adminProd = env(adminPortal, 'production');
  env(adminPortal, 'staging');
  const docsProd = env(docs, 'production');
  env(docs, 'staging');
  const mobileProd = env(mobile, 'production');
  const mobileStaging = env(mobile, 'staging');
  env(mobile, 'testing');

  // Group-level PE: every production-tier environment under acme/platform also needs a Maintainer (rules add up).
  state.protectEnvironment({
    group: platform,
    name: 'production',
    deployAccessLevels: [{ accessLevel: AccessLevel.Maintainer }],
    approvalRules: [{ accessLevel: AccessLevel.Maintainer }],
  });
  state.protectEnvironment({ project: apiGateway, name: 'production', approvalRules: [{ group: security }] });
  state.protectEnvironment({
    project: apiGateway,
    name: 'staging',
    deployAccessLevels: [{ accessLevel: AccessLevel.Developer }],
    approvalRules: [{ accessLevel: AccessLevel.Developer }],
  });
  const billingPe = state.protectEnvironment({
    project: billing,
    name: 'production',
    approvalRules: [{ accessLevel: AccessLevel.Maintainer, requiredApprovals: 2 }],
  });
  const authPe = state.protectEnvironment({
    project: auth,
    name: 'production',
    approvalRules: [{ user: demo }, { group: appsec, groupInheritanceType: 1 }],
  });
  const authStagingPe = state.protectEnvironment({
    project: auth,
    name: 'staging',
    deployAccessLevels: [{ accessLevel: AccessLevel.Developer }],
    approvalRules: [{ accessLevel: AccessLevel.Developer }],
  });
  state.protectEnvironment({
    project: storefront,
    name: 'production',
    approvalRules: [{ group: security }, { group: qa }, { accessLevel: AccessLevel.Maintainer }],
  });
  state.protectEnvironment({
    project: storefront,
    name: 'canary',
    deployAccessLevels: [{ accessLevel: AccessLevel.Developer }],
    approvalRules: [{ accessLevel: AccessLevel.Reporter }],
  });
  state.protectEnvironment({
    project: adminPortal,
    name: 'production',
    approvalRules: [{ accessLevel: AccessLevel.Developer }],
  });
  state.protectEnvironment({
    project: docs,
    name: 'production',
    approvalRules: [{ accessLevel: AccessLevel.Maintainer }],
  });
  state.protectEnvironment({ project: mobile, name: 'production', approvalRules: [{ user: alice }] });
  const groupRule = [...state.protectedEnvironments.values()][0].approvalRules[0];

  // History: successful deployments (an environment's `last_deployment`), and a rejected one.
  state.addDeployment({
    project: apiGateway,
    environment: gwProd,
    triggeredBy: bob,
    jobStatus: 'success',
    at: t(-60 * 24 * 3),
  });
  state.addDeployment({
    project: billing,
    environment: billingProd,
    triggeredBy: bob,
    jobStatus: 'success',
    at: t(-60 * 24 * 2),
  });
  state.addDeployment({
    project: storefront,
    environment: shopProd,
    triggeredBy: bob,
    jobStatus: 'success',
    at: t(-60 * 24),
  });
  const rejected = state.addDeployment({
    project: auth,
    environment: authStaging,
    triggeredBy: bob,
    jobStatus: 'failed',
    failureReason: 'deployment_rejected',
    at: t(-60 * 5),
  });
  state.addApprovalRecord({
    deployment: rejected.deployment,
    user: alice,
    status: 'rejected',
    rule: authStagingPe.approvalRules[0],
    comment: 'Broken migration, see the pipeline',
    at: t(-60 * 5 + 10),
  });

  // 1. Waiting, several rules from two PEs (security group + group-level Maintainers); demo can approve both via represented_as.
  state.addBlockedDeployment({ project: apiGateway, environment: gwProd, triggeredBy: bob, at: t(-120) });
  // 2. Waiting, one role rule (Developers + Maintainers).
  state.addBlockedDeployment({ project: apiGateway, environment: gwStaging, triggeredBy: bob, at: t(-110) });
  // 3. Partly approved: Maintainers ×2 has one approval (alice); the group-level rule still needs one.
  const partly = state.addBlockedDeployment({
    project: billing,
    environment: billingProd,
    triggeredBy: bob,
    at: t(-100),
  });
  state.addApprovalRecord({
    deployment: partly.deployment,
    user: alice,
    status: 'approved',
    rule: billingPe.approvalRules[0],
    comment: 'LGTM',
    at: t(-90),
  });
  // 4. Approved, not run: every rule satisfied (user rule, inherited-group rule, group-level rule); still blocked until played.
  const approved = state.addBlockedDeployment({ project: auth, environment: authProd, triggeredBy: bob, at: t(-80) });
  state.addApprovalRecord({
    deployment: approved.deployment,
    user: demo,
    status: 'approved',
    rule: authPe.approvalRules[0],
    at: t(-75),
  });
  state.addApprovalRecord({
    deployment: approved.deployment,
    user: carol,
    status: 'approved',
    rule: authPe.approvalRules[1],
    comment: 'Security review done',
    at: t(-70),
  });
  state.addApprovalRecord({
    deployment: approved.deployment,
    user: alice,
    status: 'approved',
    rule: groupRule,
    at: t(-65),
  });
  approved.job.script = deployScript('production', 'success', 5); // once run: a log that grows, then live
  // 5. Plain manual: no protected environment, so no rules; blocked until someone runs it.
  // Once run, its job fails (a health check), and Retry is offered.
  const failing = state.addBlockedDeployment({
    project: storefront,
    environment: shopStaging,
    triggeredBy: carol,
    at: t(-60),
  });
  failing.job.script = deployScript('staging', 'failed', 4);
  // 6. Several rules on one PE (security, QA, Maintainers); demo matches only the security rule.
  state.addBlockedDeployment({ project: storefront, environment: shopProd, triggeredBy: bob, at: t(-50) });
  // 7. A Reporter role rule (humanize is nil: represented_as makes GitLab answer 500).
  state.addBlockedDeployment({ project: storefront, environment: shopCanary, triggeredBy: carol, at: t(-45) });
  // 8. Self-triggered by demo; the project forbids self-approval.
  state.addBlockedDeployment({ project: adminPortal, environment: adminProd, triggeredBy: demo, at: t(-40) });
  // 9. Self-triggered by demo; the project allows the triggerer to approve.
  state.addBlockedDeployment({ project: docs, environment: docsProd, triggeredBy: demo, at: t(-30) });
  // 10. Only alice may approve (user rule); demo gets "You don't have permission…".
  state.addBlockedDeployment({ project: mobile, environment: mobileProd, triggeredBy: bob, at: t(-20) });
  // 11. Plain manual, self-triggered.
  state.addBlockedDeployment({ project: mobile, environment: mobileStaging, triggeredBy: demo, at: t(-10) });
  // mobile-backend has a deploy freeze on, from yesterday 18:00 until the day after tomorrow 08:00 (Berlin), by the
  // simulator's clock (a fixed scenario time would not be "now" for GitLab's computed times): its rows show the badge.
  state.addFreezePeriod({ project: mobile, ...freezeAroundNow(state.clock().getTime()), timeZone: 'Europe/Berlin' });
  // Newer than 6 on the same environment and already running, so 6 is superseded (not blocked: not in the inbox).
  state.addDeployment({
    project: apiGateway,
    environment: gwStaging,
    triggeredBy: alice,
    jobStatus: 'running',
    at: t(-15),
  });
  // 12. Approved, not run, but older than what is live since (forward-deployment protection is on, GitLab's default):
  // GitLab refuses to run it (403), so it offers no Run and says why.
  const billingStagingPe = state.protectEnvironment({
    project: billing,
    name: 'staging',
    deployAccessLevels: [{ accessLevel: AccessLevel.Maintainer }],
    approvalRules: [{ accessLevel: AccessLevel.Maintainer }],
  });
  const outdated = state.addBlockedDeployment({
    project: billing,
    environment: billingStaging,
    triggeredBy: bob,
    at: t(-50),
  });
  state.addApprovalRecord({
    deployment: outdated.deployment,
    user: alice,
    status: 'approved',
    rule: billingStagingPe.approvalRules[0],
    at: t(-45),
  });
  state.addDeployment({
    project: billing,
    environment: billingStaging,
    triggeredBy: alice,
    jobStatus: 'success',
    at: t(-25),
  });
  // Every deployment gets a real commit history.

  seedDemoHistory(state, now);
  // GitLab (17.1+) audits each approval and rejection: Maintainers read them all, a Developer only their own.
  for (const approval of state.approvals.values()) {
    const deployment = state.deployments.get(approval.deploymentId)!;
    state.auditApproval(deployment, state.users.get(approval.userId)!, approval, approval.createdAt);
  }
}

/** Weekly cron lines whose window holds `now`: it began yesterday at 18:00 and ends the day after tomorrow at 08:00. */
function freezeAroundNow(now: number): { start: string; end: string } {
  const weekday = (days: number) =>
    ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'short' }).format(now + days * 86_400_000),
    );
  return { start: `0 18 * * ${weekday(-1)}`, end: `0 8 * * ${weekday(2)}` };
}
