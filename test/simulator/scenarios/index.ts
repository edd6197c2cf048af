// Scenario selection: the demo instance, an empty one, a generated large one, or a custom seeding function.
import type { SimState } from '../state';
import { seedDemo } from './demo';
import { GeneratorSpec, seedGenerated } from './generate';

export type ScenarioOption = 'demo' | 'empty' | GeneratorSpec | ((state: SimState) => void);

export function applyScenario(state: SimState, option: ScenarioOption): void {
  if (typeof option === 'function') return option(state);
  if (option === 'demo') return seedDemo(state);
  if (option === 'empty') return seedEmpty(state);
  if (typeof option === 'object' && option !== null) return seedGenerated(state, option);
  throw new Error(
    `unknown scenario ${JSON.stringify(option)}: use 'demo', 'empty' or { projects, environmentsPerProject, blockedPerProject }`,
  );
}

/** Only an administrator, `root`, who is the main user. */
export function seedEmpty(state: SimState): void {
  state.addUser({ username: 'root', name: 'Administrator', admin: true, at: '2026-01-01T00:00:00.000Z' });
  state.mainUsername = 'root';
}
