// A first load cancelled by losing focus must not make the engine believe it has fresh data.
import * as assert from 'node:assert/strict';
import { deploymentsOf, instanceView, lastSeq, startEngine, waitFor, type EngineHarness } from './helpers';

describe('RefreshEngine after a cancelled first load', () => {
  let h: EngineHarness;
  afterEach(() => h.close());

  it('loads at once on resume, even though the interval has not passed', async () => {
    h = await startEngine({ engine: { intervalMs: () => 60_000 } });
    h.sim.faults.add({ kind: 'hang' });
    h.engine.resume();
    const loading = h.engine.setSessions([h.session]);
    await waitFor(() => lastSeq(h) > 0, 'the first request of the load');
    h.engine.pause();
    await loading;
    assert.equal(instanceView(h).lastSuccessAt, undefined, 'the load was cancelled');
    h.sim.faults.clear();
    h.engine.resume();
    await waitFor(() => instanceView(h).lastSuccessAt !== undefined, 'the load on resume', 5_000);
    assert.equal(deploymentsOf(h).length, 12);
  });
});
