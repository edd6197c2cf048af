// An agent tool's confirmation with hostile GitLab text in every field. Outside a chat VS Code 1.96 hands the message
// to a modal as the dialog's detail — a string as it is, a MarkdownString through its Markdown-to-plaintext renderer
// and HTML sanitiser (docs/agent-tools.md) — and inside a chat it renders the same string as Markdown. So the message
// must be a string in which neither reading finds markup, and every fact must be on its own line, starting with the
// extension's label, whatever GitLab wrote.
import * as assert from 'node:assert/strict';
import type { IneligibilityText } from '../../../src/core/agentTools/availability';
import { locatedDeployments, type LocatedDeployment } from '../../../src/core/refresh/snapshot';
import { planDecision, planRun, withShippingSummary, type WritePlan } from '../../../src/core/agentTools/plans';
import { confirmationText } from '../../../src/core/presentation';
import { coldLoad, startEngine, type EngineHarness } from '../engine/helpers';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, INVISIBLE } from './hostileInputs';

const EXPLAIN = new Proxy({}, { get: (_target, reason) => `reason:${String(reason)}` }) as IneligibilityText;
/** What VS Code 1.96.4 passes to the modal as its detail (`renderStringAsPlaintext`): a string as it is. */
const modalDetail = (message: string) => message;
/** Markdown syntax that could start mid-line: escapes, code, emphasis, strikethrough, links, HTML and entities. */
/** What GitHub-flavoured Markdown (the chat's) turns into a link without any markup: URLs, www. and e-mail addresses. */
const GFM_AUTOLINK = /(https?|ftp):\/\/|www\.|[\w.+-]@[\w-]+\.[\w-]/i;
const INLINE_MARKUP = /[\\`*~<>&[\]]|(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u;

function hostileCopy(located: LocatedDeployment, text: string, iid: unknown): LocatedDeployment {
  const copy = structuredClone(located);
  copy.project.project.path_with_namespace = `acme/${text}`;
  copy.environment.name = `staging ${text}`;
  copy.environment.tier = text as never;
  const deployment = copy.deployment;
  Object.assign(deployment, { ref: `fix/${text}`, sha: `${text}`, iid });
  if (deployment.user) deployment.user.username = text;
  if (deployment.deployable) {
    deployment.deployable.name = `deploy ${text}`;
    deployment.deployable.commit = { ...deployment.deployable.commit, title: text } as never;
  }
  copy.view = { ...copy.view, deployment };
  return copy;
}

describe('hostile text: agent tool confirmations', function () {
  this.timeout(30_000);
  let h: EngineHarness;
  let approvable: LocatedDeployment;
  let runnable: LocatedDeployment;

  before(async () => {
    h = await startEngine();
    await coldLoad(h);
    const all = locatedDeployments(h.engine.snapshot());
    approvable = all.find((l) => planDecision(l, { deployment: '', decision: 'approve' }, EXPLAIN).kind === 'confirm')!;
    runnable = all.find((l) => planRun(l, EXPLAIN).kind === 'confirm')!;
    assert.ok(approvable && runnable);
  });
  after(() => h.close());

  const plans = (located: LocatedDeployment, text: string): [string, WritePlan][] => [
    ['approve', planDecision(located, { deployment: '', decision: 'approve', comment: text }, EXPLAIN)],
    ['reject', planDecision(located, { deployment: '', decision: 'reject', comment: text }, EXPLAIN)],
    ['run', planRun(located, EXPLAIN)],
  ];

  for (const [probe, text] of Object.entries(HOSTILE_STRINGS)) {
    it(`every fact stays visible, on its own line, with ${probe} in every GitLab field`, () => {
      for (const [located, iid] of [
        [approvable, 5],
        [runnable, HOSTILE_NUMBERS[4]],
      ] as const) {
        for (const [kind, plan] of plans(hostileCopy(located, text, iid), text)) {
          if (plan.kind !== 'confirm') continue;
          const confirmation = withShippingSummary(plan.confirmation, '9 commits since live · 3 MRs');
          const shown = modalDetail(confirmationText(confirmation));
          const lines = shown.split('\n').map((line) => line.trimEnd());
          const factLines = lines.slice(0, confirmation.facts.length);
          assert.deepEqual(
            factLines.map((line) => line.slice(0, line.indexOf(':'))),
            confirmation.facts.map((f) => f.label),
            `${kind}: each fact on its own line, in order:\n${shown}`,
          );
          assert.equal(lines[confirmation.facts.length], '', `${kind}: a blank line, then the consequences`);
          assert.deepEqual(lines.slice(confirmation.facts.length + 1), confirmation.consequences);
          for (const label of ['Project', 'Environment', 'Ref', 'Commit', 'Deployment', 'GitLab instance']) {
            assert.ok(
              confirmation.facts.some((f) => f.label === label),
              `${kind}: ${label} is a fact`,
            );
          }
          assert.match(shown, new RegExp(`^GitLab instance: ${located.instance.instanceUrl} *$`, 'm'));
          if (kind !== 'run') assert.match(shown, /^Comment, written by the agent, posted under your name: “/m);
          assert.doesNotMatch(shown, INLINE_MARKUP, `${kind}: no markup for the chat's Markdown:\n${shown}`);
          assert.doesNotMatch(shown, INVISIBLE);
          assert.ok(shown.length < 5_000, `${kind}: GitLab text is cut (${shown.length} characters)`);
          for (const line of factLines) {
            const value = line.slice(line.indexOf(': ') + 2);
            const own = ['GitLab instance', 'Deployment', 'Approvals so far', 'What it ships'];
            if (own.some((label) => line.startsWith(`${label}:`))) continue;
            assert.match(value, /^“[^“”]*”$/, `GitLab text is quoted whole: ${line}`);
            assert.doesNotMatch(value, GFM_AUTOLINK, `no link the chat's Markdown would make: ${line}`);
          }
          assert.match(shown, /^Deployment: #(5|\?) *$/m, `${kind}: the iid is a checked number`);
        }
      }
    });
  }
});
