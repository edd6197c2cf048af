// Every path that starts a deployment job asks the one run question first (issue 19): Run Deployment Job, Run Now
// after the last approval, Approve and Run, the deployment page's buttons and the agent's run tool. These checks list
// the places that build a write which starts a job — a `run`, or an approval with `andRun` — and the callers of those
// places, and fail when a new one appears or one stops asking (src/shell/commands/confirmRun.ts, or the agent's
// confirmation planned from core/actions/runConfirmation.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
/** The runner and the actions it sends: they carry the writes, the paths above build them. */
const ACTIONS_DIR = 'src/core/actions/';
/** A write that starts a job: `{ kind: 'run' }`, or an approval whose `andRun` is not the literal `false`. */
const STARTS_A_JOB = /kind: 'run'|kind: 'approve'[^}]*\bandRun\b(?!: false)/;

function sources(): string[] {
  return (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `src/${file.split('\\').join('/')}`);
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** A file's functions and methods, each from its declaration to the next one: `{ name, body }`. */
function functionsOf(file: string): { name: string; body: string }[] {
  const text = read(file);
  const starts = [
    ...text.matchAll(/^(?:export )?(?:async )?function (\w+)|^ {2}(?:(?:private|protected|public|async) )*(\w+)\(/gm),
  ];
  return starts.map((start, i) => ({
    name: start[1] ?? start[2],
    body: text.slice(start.index, starts[i + 1]?.index ?? text.length),
  }));
}

/** `file: function` for every function outside core/actions whose body builds a write that starts a job. */
function jobStartingFunctions(): string[] {
  return sources()
    .filter((file) => !file.startsWith(ACTIONS_DIR))
    .flatMap((file) =>
      functionsOf(file)
        .filter((fn) => STARTS_A_JOB.test(fn.body))
        .map((fn) => `${file}: ${fn.name}`),
    );
}

/** `file: function` for every call of `callee(` outside its own declaration. */
function callersOf(callee: string): string[] {
  const call = new RegExp(`(?<!function )\\b${callee}\\(`);
  return sources().flatMap((file) =>
    functionsOf(file)
      .filter((fn) => fn.name !== callee && call.test(fn.body))
      .map((fn) => `${file}: ${fn.name}`),
  );
}

const COMMANDS = 'src/shell/commands/deploymentCommands.ts';
const PAGE = 'src/shell/deploymentPage/deploymentPages.ts';
const AGENT = 'src/shell/agentTools/writeTools.ts';

describe('every path that starts a deployment job asks the run question first', () => {
  it('lists the places that build a write which starts a job', () => {
    assert.deepEqual(jobStartingFunctions().sort(), [
      // The agent's plan of a run, confirmed in the chat before the tool acts on it (below).
      'src/core/agentTools/plans.ts: planRun',
      `${AGENT}: act`,
      `${COMMANDS}: runOne`,
      `${COMMANDS}: sendApproval`,
    ]);
  });

  it("the commands' and the page's paths ask confirmRun before they send", () => {
    for (const name of ['runOne', 'sendApproval']) {
      const fn = functionsOf(COMMANDS).find((f) => f.name === name)!;
      const asked = fn.body.indexOf('confirmRun(');
      assert.ok(asked >= 0, `${name} asks the run question`);
      assert.ok(asked < fn.body.search(/\bact\(/), `${name} asks before it sends`);
    }
  });

  it('lists who reaches them: Run, Run Now, Approve and Run, the page, Approve Pipeline (never runs)', () => {
    assert.deepEqual(callersOf('runOne').sort(), [`${COMMANDS}: approveUnder`, `${COMMANDS}: run`, `${PAGE}: act`]);
    assert.deepEqual(callersOf('sendApproval').sort(), [
      `${COMMANDS}: approveUnder`,
      'src/shell/commands/pipelineCommands.ts: approvePipeline',
    ]);
    assert.match(read('src/shell/commands/pipelineCommands.ts'), /sendApproval\([^\n]*, false, title\)/);
  });

  it("the agent's run tool acts only on a confirmation planned from the run question", () => {
    const agent = read(AGENT);
    assert.match(agent, /planRun\(/);
    assert.match(agent, /confirmed\.take\(/);
    assert.match(agent, /runBriefWarnings\(/, 'with the brief’s warnings, as the modal');
    assert.match(read('src/core/agentTools/plans.ts'), /runQuestion\(/);
  });

  it('Retry of a followed job that ended asks the same run question before it sends (issue 21)', () => {
    assert.deepEqual(callersOf('retryFollowedJob').sort(), ['src/shell/commands/followCommands.ts: retryOne']);
    const fn = functionsOf('src/shell/commands/followCommands.ts').find((f) => f.name === 'retryOne')!;
    const asked = fn.body.indexOf('confirmRetry(');
    assert.ok(asked >= 0 && asked < fn.body.indexOf('retryFollowedJob('), 'asks before it sends');
    const confirm = functionsOf('src/shell/commands/confirmRun.ts').find((f) => f.name === 'confirmRetry')!;
    assert.match(confirm.body, /titleOf\(question, 'run'\),\s*detailOf\(question, 'run'\)/, "Run's own words");
    // Every path that starts a job asks the same questions: during a deploy freeze, the freeze question too.
    assert.match(confirm.body, /askFreezeQuestion\(/, 'the run question is followed by the freeze question');
  });

  it("during a deploy freeze the agent's run tool asks the freeze question in a modal before it acts", () => {
    const act = functionsOf(AGENT).find((f) => f.name === 'act')!;
    const asked = act.body.indexOf('confirmRunDuringFreeze(');
    assert.ok(asked >= 0, 'the agent asks the freeze question');
    assert.ok(asked < act.body.indexOf('actOnDeployment('), 'before it sends');
    const confirmRun = functionsOf('src/shell/commands/confirmRun.ts').find((f) => f.name === 'confirmRun')!;
    assert.match(confirmRun.body, /confirmRunDuringFreeze\(/, 'the run question is followed by the freeze question');
  });

  it('no other file asks its own run question: the modal is built in one place', () => {
    const askers = sources().filter((file) => /runQuestion\(|runFreeze\(/.test(read(file)));
    assert.deepEqual(askers.sort(), [
      'src/core/actions/runConfirmation.ts',
      'src/core/agentTools/plans.ts',
      'src/shell/commands/confirmRun.ts',
    ]);
  });
});
