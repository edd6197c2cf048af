import * as assert from 'node:assert/strict';
import { readOverdueSetting } from '../../../src/core/ageing/overdue';
import type { LocatedDeployment } from '../../../src/core/refresh/snapshot';
import { renderPage } from '../../../src/shell/deploymentPage/render';
import { ENGLISH_L10N } from '../support/englishL10n';

// The page says how long the deployment has waited and since when, at the page's `now` (a fixed moment here).
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

const located = (createdAt: string) => {
  const deployment = {
    id: 5,
    iid: 5,
    ref: 'main',
    sha: 'a'.repeat(40),
    created_at: createdAt,
    user: null,
    deployable: null,
    environment: { id: 1, name: 'production' },
  };
  return {
    instance: { instanceUrl: 'https://gitlab.example.com', projects: [], stale: false },
    project: { project: { path_with_namespace: 'g/p' }, accessLevel: 30, environments: [] },
    environment: { id: 1, name: 'production', tier: 'production', deployments: [] },
    view: {
      instanceUrl: 'https://gitlab.example.com',
      projectId: 1,
      awaitingMe: false,
      state: 'waiting-for-approval',
      deployment,
    },
    deployment,
  } as unknown as LocatedDeployment;
};

const page = (node: LocatedDeployment, setting: unknown, canRejectSuperseded = false) =>
  renderPage({
    node: { type: 'deployment', ...node },
    actions: [],
    canRejectSuperseded,
    brief: { status: 'loading' },
    approvers: { status: 'loading' },
    now: NOW,
    thresholds: readOverdueSetting(setting).thresholds,
    l10n: ENGLISH_L10N,
  }).html;

describe('deployment page: how long it has waited', () => {
  it('says it is overdue, since when, and the threshold it passed', () => {
    const html = page(located('2026-12-06T06:50:00.000Z'), { production: '4h' });
    assert.match(html, /Waiting 5 h 10 min, since 2026-12-06 06:50 UTC — overdue: over the 4 h set for production\./);
  });

  it('says how long it waited without a threshold, and when it will be overdue with one', () => {
    assert.match(page(located('2026-12-06T11:00:00.000Z'), {}), /Waiting 1 h, since 2026-12-06 11:00 UTC\./);
    assert.match(
      page(located('2026-12-06T11:00:00.000Z'), { production: '1d' }),
      /Waiting 1 h, since 2026-12-06 11:00 UTC \(overdue after 1 d on production\)\./,
    );
  });
});

describe('deployment page: Reject Superseded', () => {
  it('offers Reject Superseded… only when the page says so', () => {
    const button = /<button type="button" data-action="rejectSuperseded">.*Reject Superseded…<\/button>/;
    assert.match(page(located('2026-12-06T11:00:00.000Z'), {}, true), button);
    assert.doesNotMatch(page(located('2026-12-06T11:00:00.000Z'), {}, false), /rejectSuperseded/);
  });
});
