import * as assert from 'node:assert/strict';
import { deployAccess, type DeployAccessInput } from '../../../../src/core/approvals/deployAccess';
import type { DeployAccessLevel, ProtectedEnvironment } from '../../../../src/core/gitlab/types';

const level = (target: Partial<DeployAccessLevel>): DeployAccessLevel => ({
  access_level: null,
  access_level_description: null,
  user_id: null,
  group_id: null,
  group_inheritance_type: 0,
  ...target,
});
const protection = (...levels: DeployAccessLevel[]): ProtectedEnvironment => ({
  name: 'production',
  deploy_access_levels: levels,
});
const input = (overrides: Partial<DeployAccessInput>): DeployAccessInput => ({
  licensed: true,
  protectionsRead: true,
  ctx: {
    currentUser: { id: 7 },
    currentUserAccessLevel: 30,
    groupMemberships: { direct: [3], inherited: [3] },
    allowSelfApproval: false,
    isAdmin: false,
  },
  knownGroups: new Set([3]),
  ...overrides,
});

describe('deployAccess (may the user run the job without GitLab failing it?)', () => {
  it('allows an unprotected environment, and anything on a project without the license', () => {
    assert.equal(deployAccess(input({})), 'allowed');
    assert.equal(deployAccess(input({ licensed: false, protection: protection(level({ user_id: 1 })) })), 'allowed');
  });

  it('does not know when the protections could not be read (below Maintainer)', () => {
    assert.equal(deployAccess(input({ protectionsRead: false })), 'unknown');
  });

  it('a Reporter plays only as a deployer of a protected environment (deployment-only access); a Guest never', () => {
    const reporter = (overrides: Partial<DeployAccessInput>) =>
      input({ ...overrides, ctx: { ...input({}).ctx, currentUserAccessLevel: 20 } });
    assert.equal(deployAccess(reporter({ protectionsRead: false })), 'unknown', 'they may be a deployer');
    assert.equal(deployAccess(reporter({ licensed: false })), 'denied', 'no protection without the license');
    assert.equal(deployAccess(reporter({})), 'denied', 'unprotected: Developer+');
    assert.equal(deployAccess(reporter({ protection: protection(level({ user_id: 7 })) })), 'allowed');
    assert.equal(deployAccess(reporter({ protection: protection(level({ access_level: 30 })) })), 'denied');
    const guest = input({ protectionsRead: false, ctx: { ...input({}).ctx, currentUserAccessLevel: 10 } });
    assert.equal(deployAccess(guest), 'denied');
  });

  it('allows a deployer by role, user or group, like approval rules match', () => {
    assert.equal(deployAccess(input({ protection: protection(level({ access_level: 30 })) })), 'allowed');
    assert.equal(deployAccess(input({ protection: protection(level({ user_id: 7 })) })), 'allowed');
    assert.equal(deployAccess(input({ protection: protection(level({ group_id: 3 })) })), 'allowed');
  });

  it('denies a user who matches none of the deployers', () => {
    assert.equal(
      deployAccess(input({ protection: protection(level({ access_level: 40 }), level({ user_id: 1 })) })),
      'denied',
    );
  });

  it('cannot decide a deployer group whose membership was never read', () => {
    assert.equal(
      deployAccess(input({ protection: protection(level({ access_level: 40 }), level({ group_id: 99 })) })),
      'unknown',
    );
  });
});
