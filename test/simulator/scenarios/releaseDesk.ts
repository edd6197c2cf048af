// An addition to the demo scenario (issue 22, the release manager's desk; `npm run demo` adds it), kept apart so the
// demo's ids and counts stay. `acme/release-train`, where demo and alice are Maintainers:
// - production: what is live (4 days old), then three blocked deployments of ages 3 days, 1 day and 6 hours that the
//   newest (30 minutes old) supersedes — Reject Superseded's set; one Maintainer approval each.
// - staging: a blocked deployment (by alice) shipping a merge request demo wrote and merged (one commit from demo's
//   primary address, one from the secondary one GET /user/emails lists), and a commit whose author has demo's name but
//   an address that is not one of demo's (a laptop's git config): "may be yours".
import type { FileChange } from '../repository';
import { AccessLevel, type Project, type User } from '../model';
import type { CreatedDeployment, SimState } from '../state';

export interface ReleaseDesk {
  project: Project;
  /** production's three superseded deployments, oldest first, and the newest, which supersedes them. */
  superseded: CreatedDeployment[];
  newest: CreatedDeployment;
  /** staging's deployment that ships demo's own commits. */
  ownCommits: CreatedDeployment;
}

export function addReleaseDesk(state: SimState, now = Date.now()): ReleaseDesk {
  const t = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const at = t(-60 * 24 * 30);
  const [demo, alice, bob] = ['demo', 'alice', 'bob'].map((name) => state.user(name));
  // demo's second address (GET /user/emails), which one of the merge request's commits carries.
  const noreply = 'demo@users.noreply.example.com';
  demo.secondaryEmails = [{ email: noreply, confirmedAt: at }];
  const acme = state.findGroupByPath('acme')!;
  const project = state.addProject({
    name: 'Release Train',
    path: 'release-train',
    group: acme,
    description: 'The monthly release',
    members: [
      [demo, 40],
      [alice, 40],
      [bob, 30],
    ],
    at,
  });
  const production = state.addEnvironment({ project, name: 'production', at });
  const staging = state.addEnvironment({ project, name: 'staging', at });
  for (const name of ['production', 'staging'])
    state.protectEnvironment({
      project,
      name,
      deployAccessLevels: [{ accessLevel: AccessLevel.Maintainer }],
      approvalRules: [{ accessLevel: AccessLevel.Maintainer }],
    });

  const commit = (title: string, author: User, minutes: number, files: Record<string, FileChange>) =>
    state.repository.commit({ project, title, author, at: t(minutes), files });
  const deploy = (environment: typeof production, by: User, sha: string, minutes: number, live = false) =>
    state.addDeployment({
      project,
      environment,
      triggeredBy: by,
      ref: 'main',
      sha,
      at: t(minutes),
      jobStatus: live ? 'success' : 'manual',
    });

  commit('Initial commit', alice, -60 * 24 * 30, { VERSION: '2026.10\n', 'README.md': '# Release Train\n' });
  const live = commit('Release 2026.11', bob, -60 * 24 * 5, { VERSION: '2026.11\n' });
  deploy(production, bob, live.sha, -60 * 24 * 4, true);
  deploy(staging, bob, live.sha, -60 * 24 * 4, true);
  const steps: [string, User, number][] = [
    ['Bump the payment SDK', alice, -60 * 24 * 3],
    ['Translate the checkout', bob, -60 * 24],
    ['Fix the invoice rounding', bob, -60 * 6],
    ['Release 2026.12', alice, -30],
  ];
  const [first, second, third, fourth] = steps.map(([title, by, minutes], i) => {
    const c = commit(title, by, minutes - 5, { [`changes/${i}.md`]: `${title}\n` });
    return deploy(production, by, c.sha, minutes);
  });

  // staging: demo's own merge request (written and merged by demo), and a commit under demo's name from another address.
  state.repository.mergedMergeRequest({
    project,
    projectPath: 'acme/release-train',
    sourceBranch: 'faster-invoices',
    title: 'Render invoices in the background',
    author: demo,
    mergedBy: demo,
    createdAt: t(-60 * 3),
    mergedAt: t(-60 * 2),
    commits: [
      { title: 'Queue invoice rendering', at: t(-60 * 3), files: { 'src/invoices.ts': 'queue()\n' } },
      {
        title: 'Test the invoice queue',
        at: t(-60 * 3 + 20),
        author: { ...demo, email: noreply },
        files: { 'test/invoices.test.ts': 'test()\n' },
      },
    ],
  });
  const laptop: User = { ...demo, email: 'demo@laptop.local' };
  const head = commit('Tidy the invoice template', laptop, -90, { 'templates/invoice.html': '<p>Invoice</p>\n' });
  const ownCommits = deploy(staging, alice, head.sha, -60);
  // Every push is an event, and GitLab moves the project's last_activity_at to an event's time (Event#update_project,
  // at most hourly): the newest push here was 90 minutes ago, so the project counts as active for the extension's poll.
  project.lastActivityAt = t(-90);
  return { project, superseded: [first, second, third], newest: fourth, ownCommits };
}
