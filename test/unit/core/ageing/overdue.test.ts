import * as assert from 'node:assert/strict';
import {
  ageingOf,
  nextOverdueAt,
  overdueDeployments,
  parseDuration,
  readOverdueSetting,
  thresholdFor,
} from '../../../../src/core/ageing/overdue';
import { ageText, utcText } from '../../../../src/core/presentation';
import type { DeploymentView, EnvironmentView, Snapshot } from '../../../../src/core/refresh/snapshot';
import type { EnvironmentTier } from '../../../../src/core/gitlab/types';

// The clock is handed in: every `now` here is a fixed moment, never the machine's.
const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const HOUR = 3_600_000;

const view = (id: number, createdAt: string, state: DeploymentView['state'] = 'waiting-for-approval') =>
  ({
    instanceUrl: 'https://gitlab.example.com',
    projectId: 1,
    awaitingMe: false,
    state,
    deployment: { id, iid: id, ref: 'main', created_at: createdAt, environment: { id: 1, name: 'x' } },
  }) as DeploymentView;

const environment = (name: string, tier: EnvironmentTier | undefined, ...deployments: DeploymentView[]) =>
  ({ id: name.length, name, tier, deployments }) as EnvironmentView;

const snapshotOf = (...environments: EnvironmentView[]): Snapshot =>
  ({
    refreshing: false,
    instances: [
      {
        instanceUrl: 'https://gitlab.example.com',
        stale: false,
        projects: [{ project: { id: 1 }, accessLevel: 30, environments } as never],
      },
    ],
  }) as Snapshot;

const hoursBefore = (hours: number) => new Date(NOW - hours * HOUR).toISOString();

describe('overdue thresholds', () => {
  it('reads durations in minutes, hours, days and weeks, and nothing else', () => {
    assert.equal(parseDuration('30m'), 30 * 60_000);
    assert.equal(parseDuration('4h'), 4 * HOUR);
    assert.equal(parseDuration('1d 12h'), 36 * HOUR);
    assert.equal(parseDuration('2W'), 14 * 24 * HOUR);
    for (const bad of ['', '4', 'h', '-4h', '4.5h', '0h', '4 hours', 4, null, '1e3h'])
      assert.equal(parseDuration(bad), undefined, String(bad));
  });

  it('is off by default and leaves out, naming each, the entries it cannot read', () => {
    assert.equal(readOverdueSetting({}).thresholds.byName.size, 0);
    assert.equal(readOverdueSetting(undefined).thresholds.byName.size, 0);
    assert.deepEqual(readOverdueSetting(['4h']).problems, ['it is not an object of environment names to durations']);
    const read = readOverdueSetting({ production: '4h', staging: 'soon', 'review/app': '1d' });
    assert.deepEqual(read.problems, ['"staging": "soon" is not a duration such as 30m, 4h, 2d or 1w']);
    assert.deepEqual([...read.thresholds.byName.keys()], ['production', 'review/app']);
  });

  it("applies an environment's own name before its tier", () => {
    const { thresholds } = readOverdueSetting({ production: '4h', 'prod-eu': '1h' });
    assert.equal(thresholdFor({ name: 'prod-eu', tier: 'production' }, thresholds), HOUR);
    assert.equal(thresholdFor({ name: 'prod-us', tier: 'production' }, thresholds), 4 * HOUR, 'by tier');
    assert.equal(thresholdFor({ name: 'production' }, thresholds), 4 * HOUR, 'by name, tier unknown');
    assert.equal(thresholdFor({ name: 'staging', tier: 'staging' }, thresholds), undefined);
    const named = readOverdueSetting({ 'my-env': '2h' }).thresholds;
    assert.equal(thresholdFor({ name: 'other-env', tier: 'other' }, named), undefined, 'a name is not a tier');
  });
});

describe('ageing', () => {
  const { thresholds } = readOverdueSetting({ production: '4h' });

  it('says how long a deployment waited and whether past its threshold, at the moment handed in', () => {
    const env = environment('production', 'production', view(1, hoursBefore(5)));
    const located = { environment: env, view: env.deployments[0] };
    assert.deepEqual(ageingOf(located, thresholds, NOW), {
      since: hoursBefore(5),
      waitedMs: 5 * HOUR,
      thresholdMs: 4 * HOUR,
      overdue: true,
    });
    assert.equal(ageingOf(located, thresholds, NOW - 2 * HOUR)?.overdue, false, 'two hours earlier it was not');
    assert.equal(ageingOf(located, thresholds, NOW - HOUR)?.overdue, true, 'exactly at the threshold it is');
  });

  it('marks nothing that waits for nobody, nor what has no time, nor what has no threshold', () => {
    const production = (v: DeploymentView) => ({ environment: environment('production', 'production', v), view: v });
    assert.equal(ageingOf(production(view(1, hoursBefore(9), 'queued')), thresholds, NOW), undefined);
    assert.equal(ageingOf(production(view(2, hoursBefore(9), 'rejected')), thresholds, NOW), undefined);
    assert.equal(ageingOf(production(view(3, 'yesterday')), thresholds, NOW), undefined);
    assert.equal(ageingOf(production(view(4, hoursBefore(9), 'approved-not-run')), thresholds, NOW)?.overdue, true);
    const staging = view(5, hoursBefore(90));
    const ageing = ageingOf(
      { environment: environment('staging', 'staging', staging), view: staging },
      thresholds,
      NOW,
    );
    assert.deepEqual(ageing, { since: hoursBefore(90), waitedMs: 90 * HOUR, thresholdMs: undefined, overdue: false });
  });

  it('lists the overdue deployments longest waiting first, and when the next one will be', () => {
    const snapshot = snapshotOf(
      environment(
        'production',
        'production',
        view(1, hoursBefore(5)),
        view(2, hoursBefore(30)),
        view(3, hoursBefore(1)),
      ),
      environment('staging', 'staging', view(4, hoursBefore(100))),
    );
    assert.deepEqual(
      overdueDeployments(snapshot, thresholds, NOW).map((d) => d.deployment.id),
      [2, 1],
    );
    assert.equal(nextOverdueAt(snapshot, thresholds, NOW), NOW + 3 * HOUR, '#3 crosses 4 h three hours from now');
    assert.equal(nextOverdueAt(snapshot, readOverdueSetting({}).thresholds, NOW), undefined, 'off: never');
  });

  it('says a time waited and a moment the same way in every locale and zone', () => {
    assert.equal(ageText(30_000), 'under a minute');
    assert.equal(ageText(12 * 60_000), '12 min');
    assert.equal(ageText(5 * HOUR + 10 * 60_000), '5 h 10 min');
    assert.equal(ageText(4 * HOUR), '4 h');
    assert.equal(ageText(76 * HOUR + 59 * 60_000), '3 d 4 h');
    assert.equal(utcText('2026-12-06T06:00:59.000+02:00'), '2026-12-06 04:00 UTC');
    assert.equal(utcText('soon'), 'an unknown time');
  });
});
