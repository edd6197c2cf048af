import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { debounce } from '../../../src/core/util/debounce';

describe('debounce', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('runs once, the wait after the last call of a burst', () => {
    let runs = 0;
    const soon = debounce(() => runs++, 100);
    soon();
    clock.tick(60);
    soon();
    clock.tick(99);
    assert.equal(runs, 0);
    clock.tick(1);
    assert.equal(runs, 1);
    soon();
    clock.tick(100);
    assert.equal(runs, 2);
  });

  it('cancel drops a waiting call', () => {
    let runs = 0;
    const soon = debounce(() => runs++, 100);
    soon();
    soon.cancel();
    clock.tick(1_000);
    assert.equal(runs, 0);
  });
});
