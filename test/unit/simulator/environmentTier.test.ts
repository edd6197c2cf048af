// The tier GitLab guesses from an environment's name when none is given: `Environment#guess_tier`
// (app/models/environment.rb L615-628 at flyisland/gitlab-ee@6714c913), whose regexps are tried in this order.
import assert from 'node:assert/strict';
import { SimState } from '../../simulator/state';
import { guessTier } from '../../simulator/environmentTier';

describe('simulator: the tier GitLab guesses from an environment name', () => {
  // [name, GitLab's tier]: each regexp, and names where the order of the regexps decides.
  const cases: [string, string][] = [
    ['development', 'development'],
    ['review/feature-x', 'development'],
    ['trunk', 'development'],
    ['review/prod-fix', 'development'], // dev before production
    ['test', 'testing'],
    ['tst', 'testing'],
    ['integration', 'testing'],
    ['acceptance', 'testing'],
    ['acpt', 'testing'],
    ['QA', 'testing'],
    ['qc', 'testing'],
    ['control', 'testing'],
    ['quality', 'testing'],
    ['qa-staging', 'testing'], // testing before staging
    ['test-live', 'testing'], // testing before production
    ['printer', 'testing'], // "int" anywhere in the name
    ['staging', 'staging'],
    ['stg', 'staging'],
    ['model', 'staging'],
    ['modl', 'staging'],
    ['preprod', 'staging'], // staging ("pre") before production
    ['demo', 'staging'],
    ['nonprod', 'staging'],
    ['Production', 'production'],
    ['prd', 'production'],
    ['live', 'production'],
    ['canary', 'other'],
    ['sandbox', 'other'],
    ['', 'other'],
  ];
  for (const [name, tier] of cases)
    it(`guesses ${JSON.stringify(name)} → ${tier}`, () => assert.equal(guessTier(name), tier));

  it('gives an environment created without a tier the guessed one, and keeps a given tier', () => {
    const state = new SimState(() => new Date('2026-01-01T00:00:00.000Z'));
    const owner = state.addUser({ username: 'owner', name: 'Owner' });
    const project = state.addProject({ name: 'P', path: 'p', owner });
    assert.equal(state.addEnvironment({ project, name: 'pre-production' }).tier, 'staging');
    assert.equal(state.addEnvironment({ project, name: 'canary', tier: 'production' }).tier, 'production');
  });
});
