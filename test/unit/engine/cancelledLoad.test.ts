// A first load cancelled by losing focus must not make the engine believe it has fresh data.
import * as assert from 'node:assert/strict';
import { deploymentsOf, instanceView, sleep, startEngine, waitFor, type EngineHarness } from './helpers';

describe('RefreshEngine after a cancelled first load', () => {
  let h: EngineHarness;
  afterEach(() => h.close());

  it('loads at once on resume, even though the interval has not passed', async () => {
    h = await startEngine({ engine: { intervalMs: () => 60_000 } });
    h.sim.faults.add({ kind: 'latency', ms: 200 });
    h.engine.resume();
    const loading = h.engine.setSessions([h.session]);
    await sleep(50);
    h.engine.pause();
    await loading;
    assert.equal(instanceView(h).lastSuccessAt, undefined, 'the load was cancelled');
    h.sim.faults.clear();
    h.engine.resume();
    await waitFor(() => instanceView(h).lastSuccessAt !== undefined, 5_000, 'the load on resume');
    assert.equal(deploymentsOf(h).length, 11);
  });
});
