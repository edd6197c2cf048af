// The tier GitLab gives an environment created without one: `Environment#guess_tier` (app/models/environment.rb
// L615-628 at flyisland/gitlab-ee@6714c913, called from `ensure_environment_tier`, L552-554, before validation). Its
// regexps are tried in this order and match anywhere in the name, case-insensitively (Ruby's /i).
import type { EnvironmentTier } from './model';

const GUESSES: [RegExp, EnvironmentTier][] = [
  [/(dev|review|trunk)/iu, 'development'],
  [/(test|tst|int|ac(ce|)pt|qa|qc|control|quality)/iu, 'testing'],
  [/(st(a|)g|mod(e|)l|pre|demo|non)/iu, 'staging'],
  [/(pr(o|)d|live)/iu, 'production'],
];

export function guessTier(name: string): EnvironmentTier {
  return GUESSES.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';
}
