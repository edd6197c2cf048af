// A log line costs nothing when its level is not shown: the line is a builder, called only when the log will write it.
// (The poll path traces every request; at the shipped level, info, none of those lines may be built.)
import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { LevelledLog, type LogLevel } from '../../../src/core/util/log';
import { json, useLoopbackServer } from '../support/loopbackServer';

describe('log: lines built only when shown', () => {
  const logAt = (level: LogLevel) => {
    const written: string[] = [];
    return { log: new LevelledLog({ level: () => level, write: (_level, line) => void written.push(line) }), written };
  };

  it("a debug line's builder is not called when the level is info", () => {
    const { log, written } = logAt('info');
    const build = sinon.spy(() => 'expensive');
    log.debug(build);
    log.trace(build);
    sinon.assert.notCalled(build);
    assert.deepEqual(written, []);
    log.info(() => 'shown');
    assert.deepEqual(written, ['shown']);
  });

  it('the builder is called once when the level shows the line; nothing is written when the log is off', () => {
    const debug = logAt('debug');
    const build = sinon.spy(() => 'detail');
    debug.log.debug(build);
    sinon.assert.calledOnce(build);
    assert.deepEqual(debug.written, ['detail']);
    const off = logAt('off');
    off.log.error(build);
    assert.deepEqual(off.written, []);
  });

  describe('the transport traces each request lazily', () => {
    const ctx = useLoopbackServer((_request, response) => json(response, { version: '18.9.0-ee', revision: 'x' }));
    const clientWith = (log: LevelledLog) =>
      new GitLabClient({ instanceUrl: ctx.server.origin, token: async () => 'tok-abcdef', userAgent: 't', log });

    it('at info (as shipped) no attempt line is built; at trace each attempt is written', async () => {
      const info = logAt('info');
      const shows = sinon.spy(info.log, 'shows');
      await clientWith(info.log).version();
      assert.deepEqual(info.written, []);
      assert.ok(shows.called, 'the transport asked the log whether it shows the line');
      const trace = logAt('trace');
      await clientWith(trace.log).version();
      assert.equal(trace.written.length, 1);
      assert.match(trace.written[0], /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v4\/version → 200 in \d+ ms$/);
    });
  });
});
