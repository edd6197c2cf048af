import * as assert from 'node:assert/strict';
import { MAX_FOREGROUND_IN_A_ROW, Semaphore } from '../../../src/core/util/semaphore';

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

  it('dispatches a foreground task queued behind background ones next', async () => {
    const semaphore = new Semaphore(2);
    const gates = Array.from({ length: 8 }, deferred);
    const started: string[] = [];
    const task = (name: string, gate: { promise: Promise<void> }) => async () => {
      started.push(name);
      await gate.promise;
    };
    const background = gates.slice(0, 7).map((gate, i) => semaphore.run(task(`b${i}`, gate), undefined, 'background'));
    const foreground = semaphore.run(task('approve', gates[7]), undefined, 'foreground');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, ['b0', 'b1']);
    gates[0].resolve();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, ['b0', 'b1', 'approve'], 'the foreground task went before the five queued earlier');
    gates.forEach((g) => g.resolve());
    await Promise.all([...background, foreground]);
    assert.deepEqual(started.slice(3), ['b2', 'b3', 'b4', 'b5', 'b6'], 'background keeps its own order');
  });

  it('never starves background: after a run of foreground tasks one background task goes', async () => {
    const semaphore = new Semaphore(1);
    const first = deferred();
    const started: string[] = [];
    const holder = semaphore.run(() => first.promise, undefined, 'foreground');
    const background = semaphore.run(async () => void started.push('background'), undefined, 'background');
    // A steady stream of foreground work, each queued before the one running ends.
    const foreground = Array.from({ length: 2 * MAX_FOREGROUND_IN_A_ROW }, (_, i) =>
      semaphore.run(async () => void started.push(`f${i}`), undefined, 'foreground'),
    );
    first.resolve();
    await Promise.all([holder, background, ...foreground]);
    assert.equal(started.indexOf('background'), MAX_FOREGROUND_IN_A_ROW, started.join(' '));
  });

  it('rejects a limit that is not a positive integer', () => {
    assert.throws(() => new Semaphore(0), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
  });
});
