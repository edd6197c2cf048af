import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { sleep } from '../../../src/core/util/sleep';

describe('sleep', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('resolves once its time has passed, not before', async () => {
    let done = false;
    const waiting = sleep(1_000).then(() => (done = true));
    await clock.tickAsync(999);
    assert.equal(done, false);
    await clock.tickAsync(1);
    await waiting;
    assert.equal(done, true);
  });

  it("rejects with the signal's reason when it aborts, and leaves no timer behind", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    assert.equal(clock.countTimers(), 0);
  });

  it('rejects at once for a signal that has already aborted', async () => {
    await assert.rejects(sleep(10, AbortSignal.abort()), { name: 'AbortError' });
    assert.equal(clock.countTimers(), 0);
  });
});
