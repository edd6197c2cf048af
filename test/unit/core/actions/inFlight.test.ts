import * as assert from 'node:assert/strict';
import { ActionsInFlight } from '../../../../src/core/actions/inFlight';

describe('ActionsInFlight', () => {
  it('refuses a second claim on a deployment until the first is released, and keeps deployments apart', () => {
    const inFlight = new ActionsInFlight();
    const release = inFlight.claim('a#1#2');
    assert.ok(release);
    assert.equal(inFlight.claim('a#1#2'), undefined);
    assert.ok(inFlight.claim('a#1#3'), 'another deployment is not held up');
    release();
    release(); // a second release does not free a later claim
    const again = inFlight.claim('a#1#2');
    assert.ok(again);
    release();
    assert.equal(inFlight.claim('a#1#2'), undefined);
  });
});
