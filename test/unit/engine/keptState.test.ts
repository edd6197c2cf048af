// The last known state: kept trimmed, restored to the same rows and count, shown until the first load, never after
// signing out.
import * as assert from 'node:assert/strict';
import { InstanceSession } from '../../../src/core/refresh/instanceSession';
import { keepInstance, restoreInstances, KEPT_STATE_VERSION } from '../../../src/core/refresh/keptState';
import { RefreshEngine } from '../../../src/core/refresh/engine';
import { allDeployments, type InstanceView } from '../../../src/core/refresh/snapshot';
import { coldLoad, instanceView, MEMBERSHIP_WATCH, startEngine, type EngineHarness } from './helpers';

describe('last known state', () => {
  let h: EngineHarness;
  let kept: unknown;
  before(async () => {
    h = await startEngine();
    await coldLoad(h);
    // Through JSON, as VS Code's global state stores it.
    kept = JSON.parse(
      JSON.stringify({ version: KEPT_STATE_VERSION, instances: [keepInstance(instanceView(h), Date.now())] }),
    );
  });
  after(() => h.close());

  const rows = (views: InstanceView[]) =>
    allDeployments({ instances: views, refreshing: false })
      .map((d) => `${d.deployment.id}:${d.state}:${d.awaitingMe}:${d.progress?.totalApproved}`)
      .sort();

  it('restores the same rows, states and "awaiting me" as the live view, marked not yet refreshed', () => {
    const restored = restoreInstances(kept, [h.sim.url]);
    assert.equal(restored.length, 1);
    assert.deepEqual(rows(restored), rows([instanceView(h)]));
    assert.ok(restored[0].restoredFrom);
    assert.equal(restored[0].stale, true);
  });

  it('keeps only what rows need: no e-mail, no avatars, nothing of the token', () => {
    const text = JSON.stringify(kept);
    assert.doesNotMatch(text, /"email"/);
    assert.doesNotMatch(text, /avatar_url":"/);
    assert.ok(!text.includes(h.sim.defaultToken));
  });

  it('ignores other instances, another format and damage', () => {
    assert.deepEqual(restoreInstances(kept, ['https://elsewhere.example']), []);
    assert.deepEqual(restoreInstances({ version: 99, instances: [] }, [h.sim.url]), []);
    assert.deepEqual(restoreInstances('garbage', [h.sim.url]), []);
    assert.deepEqual(
      restoreInstances({ version: KEPT_STATE_VERSION, instances: [{ instanceUrl: h.sim.url }] }, [h.sim.url]),
      [],
    );
  });

  it('the engine shows it before any session, keeps it on a paused session until loaded, and drops it on sign-out', async () => {
    const engine = new RefreshEngine({ intervalMs: () => 60_000 });
    try {
      engine.restore(restoreInstances(kept, [h.sim.url]));
      const count = allDeployments(engine.snapshot()).length;
      assert.ok(count > 0);
      const session = new InstanceSession(h.client, () => MEMBERSHIP_WATCH);
      await engine.setSessions([session]); // paused: nothing is sent
      assert.equal(allDeployments(engine.snapshot()).length, count);
      assert.ok(engine.snapshot().instances[0].restoredFrom);
      engine.resume();
      await engine.refresh('full');
      assert.equal(engine.snapshot().instances[0].restoredFrom, undefined, 'refreshed');
      await engine.setSessions([]);
      assert.deepEqual(engine.snapshot().instances, [], 'signed out: the kept rows are not shown again');
    } finally {
      engine.dispose();
    }
  });
});
