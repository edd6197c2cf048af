// Deploy freezes from GitLab's computed times: which is on at a moment, when GitLab's times are out of date, what is
// left out of a hostile answer, and the times as a person reads them across time zones and DST changes.
import * as assert from 'node:assert/strict';
import {
  activeFreezeAt,
  freezesOutdated,
  freezeStateAt,
  readDeployFreezes,
  type DeployFreeze,
  type ProjectFreezes,
} from '../../../../src/core/freezes/deployFreezes';
import { knownTimeZone, startsIn, zonedTime } from '../../../../src/core/presentation/freezeTimes';
import { freezeBadge } from '../../../../src/shell/presentation/freezeWords';
import { ENGLISH_L10N } from '../../support/englishL10n';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

function freeze(partial: Partial<DeployFreeze>): DeployFreeze {
  return {
    activeWhenRead: false,
    startCron: '0 18 * * 5',
    endCron: '0 8 * * 1',
    timeZone: 'Europe/Berlin',
    ...partial,
  };
}

function project(readAt: string, ...freezes: DeployFreeze[]): ProjectFreezes {
  return { readAt: at(readAt), freezes };
}

describe('deploy freezes: which is on, from the times GitLab computed', () => {
  // Fri 27 Mar 2026 18:00 CET (17:00Z) until Mon 30 Mar 08:00 CEST (06:00Z): the window spans the DST change.
  const weekend = freeze({ activeWhenRead: true, start: at('2026-03-27T17:00:00Z'), end: at('2026-03-30T06:00:00Z') });

  it('an active window is on until the end GitLab gave, and then off', () => {
    const read = project('2026-03-28T12:00:00Z', weekend);
    assert.equal(activeFreezeAt(read, at('2026-03-30T05:59:59Z'))?.until, at('2026-03-30T06:00:00Z'));
    assert.equal(activeFreezeAt(read, at('2026-03-30T06:00:00Z')), undefined);
    assert.equal(freezesOutdated(read, at('2026-03-30T05:59:00Z')), false);
    assert.equal(freezesOutdated(read, at('2026-03-30T06:00:00Z')), true, 'GitLab now gives the next window');
  });

  it('an inactive period is said a day ahead, and is on once its start passes, until the end after that start', () => {
    const next = freeze({ start: at('2026-03-27T17:00:00Z'), end: at('2026-03-30T06:00:00Z') });
    const read = project('2026-03-26T12:00:00Z', next);
    assert.deepEqual(freezeStateAt(read, at('2026-03-26T16:00:00Z')), { active: [] }, 'more than a day ahead');
    assert.equal(freezeStateAt(read, at('2026-03-27T14:00:00Z')).upcoming?.startsAt, next.start);
    assert.deepEqual(startsIn(freezeStateAt(read, at('2026-03-27T14:00:00Z')).upcoming!, at('2026-03-27T14:00:00Z')), {
      hours: 3,
    });
    assert.deepEqual(startsIn({ freeze: next, startsAt: next.start! }, next.start! - 45 * 60_000), { minutes: 45 });
    assert.equal(activeFreezeAt(read, at('2026-03-27T17:00:00Z'))?.until, next.end);
    assert.equal(freezesOutdated(read, at('2026-03-27T17:00:00Z')), true);
  });

  it("an inactive period's end before its next start is not its end: on, until the next read says", () => {
    // Starts Fri 23:00, ends every day at 08:00: read on Sat noon, GitLab's next end (Sun 08:00) comes before the start.
    const daily = freeze({ start: at('2026-04-03T21:00:00Z'), end: at('2026-03-29T06:00:00Z') });
    const read = project('2026-03-28T12:00:00Z', daily);
    const on = activeFreezeAt(read, at('2026-04-03T21:30:00Z'));
    assert.ok(on);
    assert.equal(on.until, undefined);
  });

  it('several on: the one that holds longest is named', () => {
    const short = freeze({ activeWhenRead: true, start: at('2026-03-28T00:00:00Z'), end: at('2026-03-28T20:00:00Z') });
    const read = project('2026-03-28T12:00:00Z', short, weekend);
    assert.equal(activeFreezeAt(read, at('2026-03-28T13:00:00Z'))?.freeze, weekend);
    assert.equal(freezeStateAt(read, at('2026-03-28T13:00:00Z')).active.length, 2);
  });

  it('no freezes read, or none: nothing is claimed', () => {
    assert.deepEqual(freezeStateAt(undefined, Date.now()), { active: [] });
    assert.deepEqual(freezeStateAt(project('2026-03-28T12:00:00Z'), Date.now()), { active: [] });
  });
});

describe("deploy freezes: reading GitLab's answer", () => {
  it('takes GitLab’s periods and leaves out what is not one', () => {
    const freezes = readDeployFreezes([
      {
        status: 'ACTIVE',
        startCron: '0 18 * * 5',
        endCron: '0 8 * * 1',
        cronTimezone: 'Europe/Berlin',
        startTime: '2026-03-27T17:00:00Z',
        endTime: '2026-03-30T06:00:00Z',
      },
      {
        status: 'INACTIVE',
        startCron: '0 1 * * *',
        endCron: '0 2 * * *',
        cronTimezone: null,
        startTime: '2026-03-29T01:00:00Z',
        endTime: '2026-03-29T02:00:00Z',
      },
      { status: 'ACTIVE', startCron: '0 1 * * *', endCron: '0 2 * * *', startTime: null, endTime: null },
      { status: 'FROZEN', startCron: '', endCron: '' },
      { status: 'INACTIVE', startCron: 1, endCron: '0 2 * * *', startTime: '2026-03-29T01:00:00Z' },
      { status: 'INACTIVE', startCron: '0 1 * * *', endCron: '0 2 * * *', startTime: 'next tuesday' },
      null,
    ]);
    assert.equal(freezes.length, 2, 'five left out');
    assert.deepEqual(
      freezes.map((f) => [f.activeWhenRead, f.timeZone, f.start, f.end]),
      [
        [true, 'Europe/Berlin', at('2026-03-27T17:00:00Z'), at('2026-03-30T06:00:00Z')],
        [false, 'UTC', at('2026-03-29T01:00:00Z'), at('2026-03-29T02:00:00Z')],
      ],
    );
  });
});

describe('deploy freezes: times in the freeze’s own zone, across DST', () => {
  const now = at('2026-03-28T12:00:00Z');

  it('Mon 08:00 in Berlin is 07:00Z before the spring change and 06:00Z after it', () => {
    assert.deepEqual(zonedTime(at('2026-03-23T07:00:00Z'), 'Europe/Berlin', at('2026-03-21T12:00:00Z')), {
      when: 'Mon 08:00',
      zone: 'Europe/Berlin',
    });
    assert.deepEqual(zonedTime(at('2026-03-30T06:00:00Z'), 'Europe/Berlin', now), {
      when: 'Mon 08:00',
      zone: 'Europe/Berlin',
    });
  });

  it('New York on the autumn change, Kolkata half an hour off UTC, and far dates with the day', () => {
    assert.equal(
      zonedTime(at('2026-11-01T05:30:00Z'), 'America/New_York', at('2026-10-31T12:00:00Z')).when,
      'Sun 01:30',
    );
    assert.equal(
      zonedTime(at('2026-11-01T06:30:00Z'), 'America/New_York', at('2026-10-31T12:00:00Z')).when,
      'Sun 01:30',
    );
    assert.equal(zonedTime(at('2026-03-30T02:30:00Z'), 'Asia/Kolkata', now).when, 'Mon 08:00');
    assert.equal(zonedTime(at('2026-04-20T06:00:00Z'), 'Europe/Berlin', now).when, 'Mon 20 Apr 08:00');
  });

  it('a zone Intl does not know is shown, and used, as UTC', () => {
    assert.equal(knownTimeZone('Mars/Olympus_Mons'), 'UTC');
    assert.deepEqual(zonedTime(at('2026-03-30T06:00:00Z'), 'Europe/Berlin\u202e', now), {
      when: 'Mon 06:00',
      zone: 'UTC',
    });
  });

  it('the badge: "❄ frozen until Mon 08:00 (Europe/Berlin)", "freeze starts in 3 h"', () => {
    const weekend = freeze({
      activeWhenRead: true,
      start: at('2026-03-27T17:00:00Z'),
      end: at('2026-03-30T06:00:00Z'),
    });
    assert.equal(
      freezeBadge(project('2026-03-28T12:00:00Z', weekend), now, ENGLISH_L10N),
      '❄ frozen until Mon 08:00 (Europe/Berlin)',
    );
    const soon = freeze({ start: now + 3 * HOUR - 60_000, end: now + 20 * HOUR });
    assert.equal(freezeBadge(project('2026-03-28T12:00:00Z', soon), now, ENGLISH_L10N), 'freeze starts in 3 h');
    assert.equal(freezeBadge(project('2026-03-28T12:00:00Z'), now, ENGLISH_L10N), undefined);
  });
});
