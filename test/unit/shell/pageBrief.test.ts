// The deployment page's "What is being shipped" section when GitLab could not tell what is live or what changed:
// it must say so, never claim a first deployment or "0 files changed".
import assert from 'node:assert/strict';
import type { DeploymentBrief } from '../../../src/core/brief';
import { shippedHtml } from '../../../src/shell/deploymentPage/render';
import { ENGLISH_L10N } from '../support/englishL10n';

function unreadableBrief(overrides: Partial<DeploymentBrief> = {}): DeploymentBrief {
  return {
    projectId: 1,
    deploymentId: 5,
    environmentName: 'production',
    sha: 'a'.repeat(40),
    ref: 'main',
    live: undefined,
    newer: [],
    failedJobs: [],
    warnings: [],
    rangeKnown: false,
    problems: ['What is live on production could not be read: GitLab had an internal error (500).'],
    builtAt: 0,
    relation: 'forward',
    commits: { shown: [], total: 0 },
    dropped: { shown: [], total: 0 },
    mergeRequests: [],
    mergeRequestsComplete: true,
    files: { entries: [], count: 0, truncated: false },
    ...overrides,
  } as DeploymentBrief;
}

const noLinks = (_url: string | null | undefined, label: string) => label;

describe('deployment page: what is shipped, when GitLab could not say', () => {
  it('does not call it a first deployment when what is live could not be read', () => {
    const html = shippedHtml(unreadableBrief(), 0, noLinks, ENGLISH_L10N);
    assert.doesNotMatch(html, /first deployment/);
    assert.match(html, /could not be read/);
  });

  it('says no file count when the commits since live could not be read', () => {
    const live = { id: 4, iid: 4, ref: 'main', sha: 'b'.repeat(40), at: new Date(0).toISOString() };
    const html = shippedHtml(unreadableBrief({ live } as Partial<DeploymentBrief>), 0, noLinks, ENGLISH_L10N);
    assert.match(html, /Live on production now/);
    assert.doesNotMatch(html, /files? changed/);
    assert.match(html, /commits since then could not be read/);
  });
});
