import * as assert from 'node:assert/strict';
import { ConfirmedCalls, callKey } from '../../../src/core/agentTools/confirmedCalls';
import { parseDecideInput, parseDeploymentInput, parseListInput } from '../../../src/core/agentTools/input';
import { locateDeployment } from '../../../src/core/agentTools/locate';
import { InvalidInputError } from '../../../src/core/errors';

const ID = 'https://gitlab.example.com#12#345';

function rejectsField(field: string, parse: () => unknown): void {
  assert.throws(parse, (error: unknown) => error instanceof InvalidInputError && error.field === field);
}

describe('agent tools: input validation', () => {
  it('list: defaults to the deployments awaiting the user, 50 at most', () => {
    assert.deepEqual(parseListInput({}), { scope: 'awaitingMe', limit: 50 });
    assert.deepEqual(parseListInput(undefined), { scope: 'awaitingMe', limit: 50 });
    assert.deepEqual(parseListInput({ scope: 'allBlocked', limit: 200, extra: 'ignored' }), {
      scope: 'allBlocked',
      limit: 200,
    });
  });

  it('list: refuses an unknown scope and a limit out of range or not whole', () => {
    rejectsField('scope', () => parseListInput({ scope: 'everything' }));
    for (const limit of [0, 201, 1.5, -3, '10', Number.NaN]) rejectsField('limit', () => parseListInput({ limit }));
  });

  it('refuses input that is not an object', () => {
    for (const raw of ['list', 42, [ID]]) rejectsField('input', () => parseDeploymentInput(raw));
  });

  it('accepts only deployment ids of the form the list tool returns', () => {
    assert.deepEqual(parseDeploymentInput({ deployment: ID }), { deployment: ID });
    assert.deepEqual(parseDeploymentInput({ deployment: 'http://127.0.0.1:9/gitlab#1#2' }), {
      deployment: 'http://127.0.0.1:9/gitlab#1#2',
    });
    for (const deployment of [
      undefined,
      345,
      '',
      '345',
      'acme/api-gateway → production',
      'javascript:alert(1)#1#2',
      `${ID} `,
      `${ID}#9`,
      `https://${'a'.repeat(700)}#1#2`,
    ]) {
      rejectsField('deployment', () => parseDeploymentInput({ deployment }));
    }
  });

  it('decide: needs approve or reject, trims the comment and drops an empty one', () => {
    assert.deepEqual(parseDecideInput({ deployment: ID, decision: 'approve', comment: '  LGTM ' }), {
      deployment: ID,
      decision: 'approve',
      comment: 'LGTM',
      rule: undefined,
    });
    assert.equal(parseDecideInput({ deployment: ID, decision: 'reject', comment: '   ' }).comment, undefined);
    for (const decision of [undefined, 'approved', 'APPROVE', true]) {
      rejectsField('decision', () => parseDecideInput({ deployment: ID, decision }));
    }
  });

  it('decide: a comment GitLab would refuse (over 255 code points, or not a string) is refused before anything', () => {
    assert.equal(
      parseDecideInput({ deployment: ID, decision: 'approve', comment: '😀'.repeat(255) }).comment?.length,
      510,
    );
    rejectsField('comment', () => parseDecideInput({ deployment: ID, decision: 'approve', comment: 'x'.repeat(256) }));
    rejectsField('comment', () => parseDecideInput({ deployment: ID, decision: 'approve', comment: ['LGTM'] }));
  });

  it('decide: a rule only with an approval, and of a sane length', () => {
    assert.equal(parseDecideInput({ deployment: ID, decision: 'approve', rule: ' Security ' }).rule, 'Security');
    rejectsField('rule', () => parseDecideInput({ deployment: ID, decision: 'reject', rule: 'Security' }));
    rejectsField('rule', () => parseDecideInput({ deployment: ID, decision: 'approve', rule: 'x'.repeat(301) }));
    rejectsField('rule', () => parseDecideInput({ deployment: ID, decision: 'approve', rule: 7 }));
  });

  it('an id the snapshot does not hold is an error that names no GitLab data', () => {
    rejectsField('deployment', () => locateDeployment({ instances: [], refreshing: false }, ID));
  });
});

describe('agent tools: confirmed calls', () => {
  it('lets a prepared call act once, with exactly what was shown', () => {
    const calls = new ConfirmedCalls();
    const key = callKey('decide', { deployment: ID, decision: 'approve' });
    calls.remember(key, 'shown');
    assert.equal(calls.take(key, 'shown'), true);
    assert.equal(calls.take(key, 'shown'), false, 'a second invoke needs a second confirmation');
  });

  it('refuses a call that was never prepared, or whose plan changed since', () => {
    const calls = new ConfirmedCalls();
    assert.equal(calls.take(callKey('run', { deployment: ID }), 'plan'), false);
    const key = callKey('run', { deployment: ID });
    calls.remember(key, 'one approval of two');
    assert.equal(calls.take(key, 'two approvals of two'), false);
  });

  it('forgets confirmations older than its time limit', () => {
    let now = 0;
    const calls = new ConfirmedCalls(1_000, () => now);
    calls.remember('k', 'f');
    now = 1_001;
    assert.equal(calls.take('k', 'f'), false);
  });
});
