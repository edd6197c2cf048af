import * as assert from 'node:assert/strict';
import {
  htmlText,
  inertText,
  logText,
  markdownText,
  messageText,
  numberText,
  pickText,
  timeAgo,
} from '../../../src/core/presentation';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, INVISIBLE } from './hostileInputs';

// The escaping home itself, with the hostile table: whatever a surface does on top, these hold for every value.
const ESCAPERS = { messageText, pickText, markdownText, htmlText, logText, inertText };

describe('hostile text: the escaping home', () => {
  for (const [name, escape] of Object.entries(ESCAPERS)) {
    it(`${name} shows bidi and zero-width characters as visible escapes, on one line`, () => {
      for (const [probe, value] of Object.entries(HOSTILE_STRINGS)) {
        const shown = escape(value);
        assert.doesNotMatch(shown, INVISIBLE, `${probe}: ${JSON.stringify(shown)}`);
        // eslint-disable-next-line no-control-regex -- the point
        assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, probe);
      }
      const zeroWidth = escape('ma\u200Bin');
      assert.ok(!zeroWidth.includes('main'), `ma<ZWSP>in must not read as main: ${zeroWidth}`);
      assert.match(zeroWidth, /U\\?\+200B/);
      assert.match(escape('x\u202Ey'), /U\\?\+202E/);
    });
  }

  it('cuts runaway values everywhere a person reads them', () => {
    for (const escape of [messageText, pickText, markdownText, htmlText, inertText]) {
      assert.ok(escape(HOSTILE_STRINGS.veryLong).length <= 1_000);
      assert.ok(escape('\u200B'.repeat(5_000)).length <= 1_000, 'visible escapes are cut too');
    }
  });

  it('numberText shows a whole number from GitLab as digits, and anything else as "?"', () => {
    assert.equal(numberText(0), '0');
    assert.equal(numberText(12), '12');
    assert.equal(numberText(2 ** 53 - 1), String(2 ** 53 - 1));
    for (const value of HOSTILE_NUMBERS) assert.equal(numberText(value), '?', String(value));
  });

  it('timeAgo says a time GitLab did not give as unknown, never "just now"', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    for (const value of ['garbage', '', '<b>1</b>', null, undefined, 12, {}]) {
      assert.equal(timeAgo(value as string, now), 'at an unknown time', String(value));
    }
    assert.equal(timeAgo('2025-12-31T23:59:30Z', now), 'just now');
    assert.equal(timeAgo('2025-12-31T23:55:00Z', now), '5 min. ago');
  });

  it('inertText leaves no character that Markdown or HTML gives meaning to, and reads the same', () => {
    for (const [probe, value] of Object.entries(HOSTILE_STRINGS)) {
      const shown = inertText(value);
      assert.doesNotMatch(shown, /[\\`*~<>&[\]]/, `${probe}: ${shown}`);
      assert.doesNotMatch(shown, /(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u, `${probe}: ${shown}`);
    }
    assert.equal(inertText('deploy_prod api-gateway feature/JIRA-12.x'), 'deploy_prod api-gateway feature/JIRA-12.x');
    assert.equal(inertText('fix/x<style/>'), 'fix/x＜style/＞');
    assert.ok(inertText('x'.repeat(500), 100).length <= 100);
  });
});
