// Every write to GitLab goes through the action runner (src/core/actions/runner.ts): claimed, re-read and compared.
// These checks list the writers — the client's methods that send a POST, PUT or DELETE, and every place that calls
// them — and fail when a new one bypasses the runner.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLIENT = 'src/core/gitlab/client.ts';
/** The actions that hold the client's write calls; only the runner and the actions call them. */
const ACTIONS_DIR = 'src/core/actions/';
const WRITE_ACTIONS = ['decide', 'runDeploymentJob', 'retryDeploymentJob', 'approveUnderRules', 'setRequiredApprovals'];
/** How the client sends a write: gitbeaker's writing resources, or the raw requester's POST, PUT and DELETE. */
const SENDS_A_WRITE = /\.(setApproval|play|retry|create|edit|remove)\(|\.raw\.(post|put|delete)\(/;
/** The GraphQL read: a POST that carries a query, never a mutation (checked below). */
const READS_SENT_AS_POST = ['deployFreezes'];

function sources(): string[] {
  return (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `src/${file.split('\\').join('/')}`);
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The client's methods whose body sends a write (a method runs from its signature to the next one). */
function clientWriteMethods(): string[] {
  const text = read(CLIENT);
  const methods = [...text.matchAll(/^ {2}(?:async )?([a-zA-Z]+)\(/gm)];
  return methods
    .filter((method, i) => SENDS_A_WRITE.test(text.slice(method.index, methods[i + 1]?.index ?? text.length)))
    .map((method) => method[1])
    .filter((name) => !READS_SENT_AS_POST.includes(name));
}

/** `file: name` for each call of one of these client methods outside the files allowed to make it. */
function methodCallsOutside(names: string[], allowed: (file: string) => boolean): string[] {
  const call = new RegExp(`\\.\\s*(${names.join('|')})\\(`, 'g');
  return sources()
    .filter((file) => !allowed(file))
    .flatMap((file) => [...read(file).matchAll(call)].map((match) => `${file}: ${match[1]}`));
}

/** `file: name` for each file outside core/actions that imports one of the write actions from core/actions. */
function actionImportsOutside(names: string[]): string[] {
  const imports = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'[^']*core\/actions\/[^']*'/g;
  return sources()
    .filter((file) => !file.startsWith(ACTIONS_DIR))
    .flatMap((file) =>
      [...read(file).matchAll(imports)].flatMap((match) =>
        match[1]
          .split(',')
          .map((name) => name.replace(/\btype\b/, '').trim())
          .filter((name) => names.includes(name))
          .map((name) => `${file}: ${name}`),
      ),
    );
}

describe('the writers (every write goes through the action runner)', () => {
  it("lists the client's write methods", () => {
    assert.deepEqual(clientWriteMethods().sort(), [
      'playJob',
      'protectEnvironment',
      'retryJob',
      'setApproval',
      'unprotectEnvironment',
      'updateProtectedEnvironment',
    ]);
  });

  it('the GraphQL request is a read: the one query the client sends, and no mutation anywhere', () => {
    const client = read(CLIENT);
    assert.match(client, /const DEPLOY_FREEZES_QUERY =\s*'query\(/);
    assert.equal((client.match(/GRAPHQL_ENDPOINT/g) ?? []).length, 2, 'declared once, sent from deployFreezes only');
    assert.doesNotMatch(client, /['`"]\s*mutation\b/, 'no string that starts a mutation');
  });

  it('only the actions the runner sends call a client write method', () => {
    const calls = methodCallsOutside(clientWriteMethods(), (file) => file === CLIENT);
    assert.deepEqual(calls.sort(), [
      `${ACTIONS_DIR}deploymentActions.ts: playJob`,
      `${ACTIONS_DIR}deploymentActions.ts: retryJob`,
      `${ACTIONS_DIR}deploymentActions.ts: setApproval`,
      `${ACTIONS_DIR}requiredApprovalsAction.ts: protectEnvironment`,
      `${ACTIONS_DIR}requiredApprovalsAction.ts: unprotectEnvironment`,
      `${ACTIONS_DIR}requiredApprovalsAction.ts: updateProtectedEnvironment`,
    ]);
  });

  it('nothing outside core/actions takes those actions: the commands, the page and the tools go through the runner', () => {
    assert.deepEqual(actionImportsOutside(WRITE_ACTIONS), []);
  });
});
