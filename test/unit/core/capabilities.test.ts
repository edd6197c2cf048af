import { getProfile } from '../../simulator/profiles';
import * as assert from 'node:assert/strict';
import {
  editionOf,
  instanceCapabilities,
  isAtLeast,
  parseGitLabVersion,
  projectApprovalsFeature,
} from '../../../src/core/capabilities';
import { aProject, capabilitiesOf } from '../builders';

describe('parseGitLabVersion', () => {
  const table: [string, [number, number, number, boolean, string] | undefined][] = [
    ['18.1.1-ee', [18, 1, 1, false, 'ee']],
    ['14.7.0-pre', [14, 7, 0, true, 'unknown']],
    ['15.4.2', [15, 4, 2, false, 'ce']],
    ['16.0.0-rc42-ee', [16, 0, 0, true, 'ee']],
    ['19.4.1-jh', [19, 4, 1, false, 'ee']],
    ['v17.5', [17, 5, 0, false, 'ce']],
    [' 15.11.13-ee ', [15, 11, 13, false, 'ee']],
    ['', undefined],
    ['abc', undefined],
    ['15.x', undefined],
    ['15', undefined],
  ];
  for (const [raw, expected] of table) {
    it(`parses ${JSON.stringify(raw)}`, () => {
      const version = parseGitLabVersion(raw);
      assert.deepEqual(
        version && [version.major, version.minor, version.patch, version.preRelease, version.suffixEdition],
        expected,
      );
    });
  }
});

describe('isAtLeast', () => {
  it('compares major and minor numerically', () => {
    const v = parseGitLabVersion('15.10.0-ee');
    assert.ok(v);
    assert.deepEqual(
      [isAtLeast(v, 15, 4), isAtLeast(v, 15, 10), isAtLeast(v, 15, 11), isAtLeast(v, 14, 99), isAtLeast(v, 16, 0)],
      [true, true, false, true, false],
    );
  });
});

describe('editionOf', () => {
  it('trusts `enterprise` over the version suffix', () => {
    const version = parseGitLabVersion('17.0.0-pre');
    assert.ok(version);
    assert.equal(editionOf({ version: '17.0.0-pre', revision: 'x', enterprise: true }, version), 'ee');
    assert.equal(editionOf({ version: '17.0.0-pre', revision: 'x', enterprise: false }, version), 'ce');
    assert.equal(editionOf({ version: '17.0.0-pre', revision: 'x' }, version), 'unknown');
  });
});

describe('instanceCapabilities', () => {
  const available = (version: string, enterprise?: boolean) => {
    const c = capabilitiesOf(version, enterprise);
    return {
      approvals: c.deploymentApprovals.available,
      comments: c.approvalComments.available,
      rules: c.approvalRules.available,
      put: c.updateProtectedEnvironment.available,
      unified: c.unifiedApprovalCount.available,
      selfApproval: c.selfApprovalSetting.available,
      severalRules: c.approveForSeveralRules.available,
    };
  };

  it('has nothing before 14.7', () => {
    assert.deepEqual(available('14.6.7-ee'), {
      approvals: false,
      comments: false,
      rules: false,
      put: false,
      unified: false,
      selfApproval: false,
      severalRules: false,
    });
  });

  it('14.7: approvals with a unified count, no comments, no PUT', () => {
    assert.deepEqual(available('14.7.0-ee'), {
      approvals: true,
      comments: false,
      rules: false,
      put: false,
      unified: true,
      selfApproval: false,
      severalRules: false,
    });
  });

  it('15.4: rules and PUT; 15.8: self-approval setting', () => {
    assert.deepEqual(available('15.4.2-ee'), {
      approvals: true,
      comments: true,
      rules: true,
      put: true,
      unified: true,
      selfApproval: false,
      severalRules: false,
    });
    assert.equal(available('15.8.0-ee').selfApproval, true);
  });

  it('16.10: one user approves under several rules (migration ChangeDeploymentApprovalsIndex, gl!146673), not before', () => {
    assert.equal(available('16.9.8-ee').severalRules, false);
    assert.equal(available('16.10.0-ee').severalRules, true);
    assert.equal(available(getProfile('16.x').version).severalRules, getProfile('16.x').approvalPerRule);
    assert.equal(available(getProfile('16.1').version).severalRules, getProfile('16.1').approvalPerRule);
  });

  it('15.7: deploy freezes with GitLab’s times (Environment.deployFreezes), in every edition, as the profiles say', () => {
    const freezes = (version: string, enterprise?: boolean) =>
      instanceCapabilities({ version, revision: '', ...(enterprise === undefined ? {} : { enterprise }) })!
        .deployFreezes;
    assert.equal(freezes('15.6.2-ee'), false);
    assert.equal(freezes('15.7.0-ee'), true);
    assert.equal(freezes('18.9.0', false), true);
    for (const name of ['14.7', '15.4', '16.1', '16.x', 'latest'] as const)
      assert.equal(freezes(getProfile(name).version), getProfile(name).hasDeployFreezesGraphql, name);
  });

  it('16.2: the pending count is per rule; before, flat (required minus every approval), as the simulator profiles say', () => {
    assert.equal(capabilitiesOf('16.1.5-ee').pendingCountPerRule, false);
    assert.equal(capabilitiesOf('16.2.0-ee').pendingCountPerRule, true);
    for (const name of ['15.4', '16.1', '16.x', 'latest'] as const)
      assert.equal(
        capabilitiesOf(getProfile(name).version).pendingCountPerRule,
        !getProfile(name).flatPendingApprovalCount,
        name,
      );
  });

  it('17.0: the unified count is ignored, explained in words', () => {
    const c = capabilitiesOf('17.0.1-ee');
    assert.equal(c.unifiedApprovalCount.available, false);
    assert.match(
      c.unifiedApprovalCount.available ? '' : c.unifiedApprovalCount.reason,
      /ignores the single required-approval count/,
    );
    assert.equal(c.approveForSeveralRules.available, true);
  });

  it('explains a version that is too old', () => {
    const c = capabilitiesOf('14.6.7-ee');
    assert.equal(
      c.deploymentApprovals.available ? '' : c.deploymentApprovals.reason,
      'This GitLab instance runs 14.6.7-ee; deployment approvals arrived in GitLab 14.7.',
    );
  });

  it('explains CE, from the plain version or from `enterprise: false`', () => {
    for (const c of [capabilitiesOf('18.1.1'), capabilitiesOf('18.1.1-pre', false)]) {
      assert.equal(c.edition, 'ce');
      assert.match(
        c.deploymentApprovals.available ? '' : c.deploymentApprovals.reason,
        /Community Edition.*Premium or Ultimate/,
      );
    }
  });

  it('gives a pre-release of unknown edition the benefit of the doubt', () => {
    assert.equal(available('18.9.0-pre').approvals, true);
  });

  it('returns undefined for an unparseable version', () => {
    assert.equal(instanceCapabilities({ version: 'unknown', revision: '' }), undefined);
  });
});

describe('projectApprovalsFeature', () => {
  it('is available when the project exposes the self-approval setting (licensed)', () => {
    assert.deepEqual(projectApprovalsFeature(aProject('g/p').onPremium().build()), { available: true });
  });

  it('explains a project without the license', () => {
    const feature = projectApprovalsFeature(aProject('group/app').build());
    assert.equal(
      feature.available ? '' : feature.reason,
      'group / app is not on GitLab Premium or Ultimate, so its environments cannot require approvals.',
    );
  });
});
