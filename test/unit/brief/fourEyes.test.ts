import * as assert from 'node:assert/strict';
import {
  fourEyesFindings,
  fourEyesSentences,
  independentApprovalRefusal,
  type DeploymentBrief,
  type Me,
} from '../../../src/core/brief';

// The extension's four-eyes check: the person's addresses against the authors of what is shipped, and the person
// against who merged its merge requests.
const me: Me = { id: 7, name: 'Demo User', emails: ['demo@example.com', ' Demo@Users.Noreply.Example.com '] };

const brief = (over: Partial<DeploymentBrief> = {}) =>
  ({
    rangeKnown: true,
    commits: { shown: [], total: 12 },
    authors: [
      { name: 'Demo User', email: 'demo@example.com', commits: 2 },
      { name: 'demo user', email: 'DEMO@users.noreply.example.com', commits: 1 },
      { name: 'Demo  User', email: 'demo@laptop.local', commits: 1 },
      { name: 'Alice Anders', email: 'alice@example.com', commits: 8 },
    ],
    mergeRequests: [
      {
        iid: 87,
        title: 'Render invoices',
        webUrl: '',
        mergedAt: null,
        mergedBy: { id: 7, name: 'Demo User', username: 'demo' },
      },
      { iid: 90, title: 'Other', webUrl: '', mergedAt: null, mergedBy: { id: 3, name: 'Alice', username: 'alice' } },
      { iid: 91, title: 'Unmerged', webUrl: '', mergedAt: null },
    ],
    mergeRequestsComplete: true,
    ...over,
  }) as DeploymentBrief;

describe('four eyes', () => {
  it("counts the commits from the person's addresses (any case), and the merge requests they merged", () => {
    const findings = fourEyesFindings(brief(), me)!;
    assert.deepEqual(findings, {
      authored: 3,
      nameOnly: 1,
      total: 12,
      merged: [{ iid: 87, title: 'Render invoices' }],
      mergeRequestsComplete: true,
    });
    assert.deepEqual(fourEyesSentences(findings, me.name), [
      'You authored 3 of the 12 commits being shipped.',
      'You merged !87, which is in this deployment.',
      '1 commit is by someone named Demo User from an address that is not one of yours: it may be yours.',
    ]);
  });

  it('says nothing when the commits being shipped are not known, and nothing of others', () => {
    assert.equal(fourEyesFindings(brief({ rangeKnown: false }), me), undefined);
    const other: Me = { id: 99, name: 'Erin Evans', emails: ['erin@example.com'] };
    assert.deepEqual(fourEyesSentences(fourEyesFindings(brief(), other)!, other.name), []);
  });

  it('names several merge requests once each', () => {
    const mine = { id: 7, name: 'Demo User', username: 'demo' };
    const findings = fourEyesFindings(
      brief({
        authors: [],
        mergeRequests: [
          { iid: 1, title: 'a', webUrl: '', mergedAt: null, mergedBy: mine },
          { iid: 2, title: 'b', webUrl: '', mergedAt: null, mergedBy: mine },
          { iid: 3, title: 'c', webUrl: '', mergedAt: null, mergedBy: mine },
        ],
      }),
      me,
    )!;
    assert.deepEqual(fourEyesSentences(findings, me.name), ['You merged !1, !2 and !3, which are in this deployment.']);
  });

  it('refuses only on a listed environment (by name, or tier where known), and not on a name-only match', () => {
    const findings = fourEyesFindings(brief(), me);
    const refusal = independentApprovalRefusal(findings, me, { name: 'production' }, ['production']);
    assert.equal(
      refusal,
      "You authored 3 of the 12 commits being shipped. You merged !87, which is in this deployment. Your setting gitlabApprovals.independentApproval asks that someone else approve deployments to production, so the extension does not send your approval. This is the extension's own rule, not GitLab's.",
    );
    assert.ok(independentApprovalRefusal(findings, me, { name: 'eu-prod', tier: 'production' }, ['production']));
    assert.equal(independentApprovalRefusal(findings, me, { name: 'staging' }, ['production']), undefined);
    const nameOnly = fourEyesFindings(
      brief({ authors: [{ name: 'Demo User', email: 'x@y', commits: 4 }], mergeRequests: [] }),
      me,
    );
    assert.equal(independentApprovalRefusal(nameOnly, me, { name: 'production' }, ['production']), undefined);
  });
});
