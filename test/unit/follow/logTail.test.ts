import * as assert from 'node:assert/strict';
import { phaseOf, runLengthText, runSeconds } from '../../../src/core/follow/followedJob';
import { logTail, TAIL_LINE_CHARS } from '../../../src/core/follow/logTail';
import { externalWebLink } from '../../../src/core/presentation/webLinks';
import { deployScript, LEAKED_SECRET_LINE } from '../../simulator';

const ESC = '\x1b';

describe('the log tail (core/follow/logTail.ts)', () => {
  it('turns ANSI colours into plain text and keeps what a \\r redraw left', () => {
    const tail = logTail(
      `${ESC}[32;1m$ ./deploy.sh${ESC}[0;m\nUploading: 10%\rUploading: 100%\r\nbell\x07 and ${ESC}[1`,
    );
    assert.deepEqual(tail.lines, ['$ ./deploy.sh', 'Uploading: 100%', 'bell and']);
    assert.equal(tail.earlierLinesLeftOut, false);
  });

  it("strips GitLab's section markers, keeps the header, and folds a collapsed section once it ends", () => {
    const raw =
      `section_start:1700000000:prepare[collapsed=true]\r${ESC}[0K${ESC}[36;1mPreparing${ESC}[0;m\n` +
      'pulling image\nimage pulled\n' +
      `section_end:1700000003:prepare\r${ESC}[0K` +
      `section_start:1700000003:step_script\r${ESC}[0K$ deploy\nok\n` +
      `section_end:1700000009:step_script\r${ESC}[0K`;
    assert.deepEqual(logTail(raw).lines, ['Preparing [2 lines folded]', '$ deploy', 'ok']);
  });

  it('keeps only the last lines and says earlier ones were left out; a cut start drops its partial line', () => {
    const raw = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const tail = logTail(raw, false, 40);
    assert.equal(tail.lines.length, 40);
    assert.equal(tail.lines[0], 'line 60');
    assert.equal(tail.earlierLinesLeftOut, true);
    const cut = logTail('ne 7\nline 8\nline 9\n', true);
    assert.deepEqual(cut.lines, ['line 8', 'line 9']);
    assert.equal(cut.earlierLinesLeftOut, true);
  });

  it('cuts a very long line', () => {
    const [line] = logTail('x'.repeat(10_000)).lines;
    assert.equal(line.length, TAIL_LINE_CHARS);
    assert.ok(line.endsWith('…'));
  });

  it("reads the simulator's deployment log as a person should see it", () => {
    const tail = logTail(deployScript('staging', 'failed', 4).chunks.join(''));
    assert.ok(tail.lines.includes('Preparing the "docker" executor [2 lines folded]'), tail.lines.join('\n'));
    assert.ok(tail.lines.includes(LEAKED_SECRET_LINE), 'the log is shown as it is, in the editor');
    assert.equal(tail.lines.at(-1), 'ERROR: Job failed: exit code 1');
    assert.ok(tail.lines.every((line) => !line.includes(ESC) && !line.includes('section_')));
  });
});

describe('a followed job in words (core/follow/followedJob.ts)', () => {
  it('says how long it ran, and its phase', () => {
    const started = '2026-12-06T10:00:00.000Z';
    const now = Date.parse(started) + 130_000;
    assert.equal(runLengthText(runSeconds({ startedAt: started, finishedAt: null }, now)!), '2m 10s');
    assert.equal(runLengthText(45), '45s');
    assert.equal(runLengthText(3_780), '1h 3m');
    assert.equal(runSeconds({ startedAt: null, finishedAt: null }, now), undefined, 'queued: not started');
    assert.equal(runSeconds({ startedAt: 'soon', finishedAt: null }, now), undefined, 'not a time GitLab writes');
    assert.deepEqual(
      ['pending', 'running', 'success', 'failed', 'canceled', 'manual'].map((status) => phaseOf({ status })),
      ['queued', 'running', 'succeeded', 'failed', 'canceled', 'waits-again'],
    );
  });

  it('offers an environment URL only when it is http(s) without credentials', () => {
    assert.equal(externalWebLink('https://app.example.com/x'), 'https://app.example.com/x');
    assert.equal(externalWebLink('http://10.0.0.1:8080'), 'http://10.0.0.1:8080/');
    for (const bad of [
      'javascript:alert(1)',
      'command:workbench.action.reloadWindow',
      'file:///etc/passwd',
      'https://u:p@x.example',
      'example.com',
      '',
      null,
    ])
      assert.equal(externalWebLink(bad), undefined, String(bad));
  });
});
