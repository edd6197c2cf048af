import { strict as assert } from 'node:assert';
import { VirtualClock } from '../../bench/virtualClock';

// The bench's clock: waits of the transport move it instead of the wall, but only while nothing is on the wire.
describe('the bench: virtual clock', () => {
  const realMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function clockWith(inFlight: { n: number }) {
    const offsets: number[] = [];
    const clock = new VirtualClock({
      busy: () => inFlight.n > 0,
      moved: async (offsetMs) => void offsets.push(offsetMs),
    });
    return { clock, offsets };
  }

  it('a wait moves the clock to its end at once when nothing is on the wire', async () => {
    const { clock, offsets } = clockWith({ n: 0 });
    const start = clock.now();
    await clock.sleep(60_000);
    assert.ok(clock.now() - start >= 60_000, `the clock moved ${clock.now() - start} ms`);
    assert.equal(offsets.length, 1, 'the simulator is told once');
  });

  it('a request on the wire is answered at the time it took, not at the end of a wait asked meanwhile', async () => {
    const inFlight = { n: 1 };
    const { clock } = clockWith(inFlight);
    const start = clock.now();
    const answered = realMs(30).then(() => {
      inFlight.n--;
      return clock.now() - start;
    });
    const slept = clock.sleep(60_000).then(() => clock.now() - start);
    const answeredAfter = await answered;
    assert.ok(answeredAfter < 5_000, `the answer came ${answeredAfter} ms into the wait: the clock ran ahead of it`);
    assert.ok((await slept) >= 60_000);
  });

  it('waits asked in turn while a request is out each end at their own time, and none before it', async () => {
    const inFlight = { n: 1 };
    const { clock } = clockWith(inFlight);
    const start = clock.now();
    const ends: number[] = [];
    const waits = [20_000, 10_000, 30_000].map((ms) => clock.sleep(ms).then(() => ends.push(clock.now() - start)));
    await realMs(20);
    assert.deepEqual(ends, [], 'no wait ended while the request was out');
    inFlight.n = 0;
    await Promise.all(waits);
    assert.deepEqual(
      ends.map((ms) => Math.round(ms / 1_000)),
      [10, 20, 30],
    );
  });

  it('many waits on the same end are woken together, in one move', async () => {
    const { clock, offsets } = clockWith({ n: 0 });
    await Promise.all(Array.from({ length: 2_000 }, () => clock.sleep(5_000)));
    assert.equal(offsets.length, 1);
  });

  it('advanceTo never moves the clock back', async () => {
    const { clock } = clockWith({ n: 0 });
    await clock.advanceTo(clock.now() + 10_000);
    const moved = clock.now();
    await clock.advanceTo(moved - 5_000);
    assert.ok(clock.now() >= moved);
  });
});
