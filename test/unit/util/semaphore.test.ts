import * as assert from 'node:assert/strict';
import { Semaphore } from '../../../src/core/util/semaphore';

describe('Semaphore', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('never runs more tasks at once than its limit, and runs the waiting ones in order', async () => {
    const semaphore = new Semaphore(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const runs = gates.map((gate, i) =>
      semaphore.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await gate.promise;
        running--;
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    gates[1].resolve();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2]);
    gates.forEach((g) => g.resolve());
    await Promise.all(runs);
    assert.deepEqual(started, [0, 1, 2, 3]);
    assert.equal(peak, 2);
    assert.equal(await semaphore.run(async () => 'free again'), 'free again');
  });

  it('releases its place when a task throws', async () => {
    const semaphore = new Semaphore(1);
    await assert.rejects(
      semaphore.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await semaphore.run(async () => 'next'), 'next');
  });

  it('drops a queued caller whose signal aborts, without taking a place', async () => {
    const semaphore = new Semaphore(1);
    const gate = deferred();
    const first = semaphore.run(() => gate.promise);
    const controller = new AbortController();
    const queued = semaphore.run(async () => 'should not run', controller.signal);
    controller.abort(new Error('cancelled by user'));
    await assert.rejects(queued, /cancelled by user/);
    gate.resolve();
    await first;
    assert.equal(await semaphore.run(async () => 'free'), 'free');
  });

  it('rejects a limit that is not a positive integer', () => {
    assert.throws(() => new Semaphore(0), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
  });
});
