// Every GitLab-facing surface the core and the page build, run with the hostile table: GitLab's text and numbers put
// into a real deployment from the simulator, then each surface's invariant checked.
import * as assert from 'node:assert/strict';
import type { IneligibilityText } from '../../../src/core/agentTools/availability';
import { briefResult, deploymentSummary } from '../../../src/core/agentTools/results';
import type { DeploymentBrief } from '../../../src/core/brief';
import {
  approvalsFact,
  deploymentFacts,
  deploymentRowDescription,
  deploymentRowLabel,
  deploymentTitle,
  markdownText,
  messageText,
  pickText,
} from '../../../src/core/presentation';
import { locatedDeployments, type LocatedDeployment } from '../../../src/core/refresh/snapshot';
import { renderPage, shippedHtml } from '../../../src/shell/deploymentPage/render';
import { ENGLISH_L10N } from '../support/englishL10n';
import { coldLoad, startEngine, type EngineHarness } from '../engine/helpers';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, INVISIBLE } from './hostileInputs';

const EXPLAIN = new Proxy({}, { get: (_target, reason) => `reason:${String(reason)}` }) as IneligibilityText;
const NOT_READ = { unavailable: 'not read in this test' };

/** What a raw hostile number would look like if it were shown as the server sent it. */
const RAW_NUMBER = /NaN|Infinity|e\+|undefined|null|\[object|-3|15\.5|9007199254740992|<b>|onclick/;

function withNumbers(located: LocatedDeployment, value: unknown): LocatedDeployment {
  const copy = structuredClone(located);
  Object.assign(copy.deployment, { iid: value });
  const progress = copy.view.progress;
  if (progress) {
    Object.assign(progress, { totalApproved: value, totalRequired: value, totalPending: value });
    for (const rule of progress.rules) Object.assign(rule, { approved: value, required: value, pending: value });
  }
  copy.view = { ...copy.view, deployment: copy.deployment };
  return copy;
}

function withText(located: LocatedDeployment, text: string): LocatedDeployment {
  const copy = structuredClone(located);
  Object.assign(copy.deployment, { ref: text });
  copy.deployment.environment.name = text;
  if (copy.deployment.user) copy.deployment.user.username = text;
  copy.project.project.path_with_namespace = text;
  if (copy.deployment.deployable) {
    copy.deployment.deployable.name = text;
    copy.deployment.deployable.commit = { ...copy.deployment.deployable.commit, title: text } as never;
  }
  copy.view = { ...copy.view, deployment: copy.deployment };
  return copy;
}

const pageOf = (located: LocatedDeployment) =>
  renderPage({
    node: { type: 'deployment', ...located },
    actions: ['approve', 'reject'],
    brief: { status: 'loading' },
    approvers: { status: 'loading' },
    now: Date.now(),
    // Overdue after a minute: the page's waited sentence names the (hostile) environment.
    thresholds: { byName: new Map([[located.environment.name, 60_000]]), byTier: new Map() },
    l10n: ENGLISH_L10N,
  }).html;

function briefWith(value: unknown): DeploymentBrief {
  return {
    projectId: 1,
    deploymentId: 5,
    environmentName: 'production',
    sha: 'a'.repeat(40),
    ref: 'main',
    live: { id: 4, iid: value, ref: 'main', sha: 'b'.repeat(40), at: new Date(0).toISOString() },
    newer: [],
    failedJobs: [],
    warnings: [],
    rangeKnown: true,
    problems: [],
    builtAt: 0,
    relation: 'forward',
    commits: { shown: [], total: value },
    dropped: { shown: [], total: 0 },
    mergeRequests: [{ iid: value, title: 'MR', webUrl: undefined }],
    mergeRequestsComplete: true,
    files: { entries: [], count: value, truncated: false },
  } as unknown as DeploymentBrief;
}

describe('hostile text: every surface', function () {
  this.timeout(30_000);
  let h: EngineHarness;
  let located: LocatedDeployment;

  before(async () => {
    h = await startEngine();
    await coldLoad(h);
    located = locatedDeployments(h.engine.snapshot()).find((l) => (l.view.progress?.rules.length ?? 0) > 0)!;
    assert.ok(located);
  });
  after(() => h.close());

  const textSurfaces = (l: LocatedDeployment): Record<string, string> => ({
    title: messageText(deploymentTitle(l.deployment, l.project.project)),
    rowLabel: deploymentRowLabel(l.view),
    rowDescription: messageText(deploymentRowDescription(l.deployment)),
    pickDetail: pickText(deploymentFacts(l.view).join(' · ')),
    approvals: approvalsFact(l.view),
    tooltipLine: markdownText(deploymentTitle(l.deployment)),
  });

  for (const value of HOSTILE_NUMBERS) {
    it(`shows no number from GitLab raw: ${String(value)}`, () => {
      const hostile = withNumbers(located, value);
      for (const [surface, shown] of Object.entries(textSurfaces(hostile))) {
        assert.doesNotMatch(shown, RAW_NUMBER, `${surface}: ${shown}`);
      }
      const page = pageOf(hostile);
      assert.doesNotMatch(page, RAW_NUMBER, 'the deployment page');
      assert.match(page, /<h1 id="title">Deployment #\?:/);
      assert.doesNotMatch(
        shippedHtml(briefWith(value), 0, (_url, label) => label, ENGLISH_L10N),
        RAW_NUMBER,
        'what it ships',
      );
      const summary = deploymentSummary(hostile);
      assert.ok(summary.iid === undefined || Number.isSafeInteger(summary.iid), `tool result iid ${summary.iid}`);
      for (const count of Object.values(summary.approvals ?? {})) {
        assert.ok(Number.isSafeInteger(count) && count >= 0, `tool result count ${count}`);
      }
    });
  }

  it("a freeze's zone is GitLab text: a zone Intl does not know is shown as UTC, never as markup", () => {
    const frozen: LocatedDeployment = {
      ...located,
      project: {
        ...located.project,
        freezes: {
          readAt: Date.now(),
          freezes: [
            {
              activeWhenRead: true,
              startCron: '<img src=x onerror=alert(1)>',
              endCron: '0 8 * * 1',
              timeZone: '<img src=x onerror=alert(1)>',
              start: Date.now() - 3_600_000,
              end: Date.now() + 3_600_000,
            },
          ],
        },
      },
    };
    const page = pageOf(frozen);
    assert.match(page, /❄ frozen until \w{3} \d\d:\d\d \(UTC\)/);
    assert.doesNotMatch(page, /<img/);
  });

  it('a forged button in the iid never reaches the page', () => {
    const page = pageOf(withNumbers(located, '1</h1><button data-action="approve">Approve all</button>'));
    assert.doesNotMatch(page, /Approve all/);
  });

  for (const [probe, text] of Object.entries(HOSTILE_STRINGS)) {
    it(`shows ${probe} on every text surface as text, with nothing invisible`, () => {
      const hostile = withText(located, text);
      for (const [surface, shown] of Object.entries(textSurfaces(hostile))) {
        assert.doesNotMatch(shown, INVISIBLE, `${surface}: ${shown}`);
        // eslint-disable-next-line no-control-regex -- the point
        assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, surface);
        assert.ok(shown.length <= 2_000, `${surface} is cut`);
      }
      const page = pageOf(hostile);
      assert.doesNotMatch(page, INVISIBLE, 'the deployment page');
      const result = JSON.stringify([deploymentSummary(hostile), briefResult(hostile, EXPLAIN, NOT_READ)]);
      assert.doesNotMatch(result, INVISIBLE, 'the agent tools’ results');
      assert.ok(result.length < 20_000, 'the agent tools’ results cut runaway values');
      assert.doesNotMatch(page, /<(style|script|img|b)[\s/>]/i, 'no tag from GitLab on the page');
    });
  }
});
