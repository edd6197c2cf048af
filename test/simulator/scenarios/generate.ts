// A generator for large instances (benchmarks): N projects × M environments × K blocked deployments, deterministic.
import { AccessLevel, EnvironmentTier } from '../model';
import type { SimState } from '../state';

export interface GeneratorSpec {
  projects: number;
  environmentsPerProject: number;
  blockedPerProject: number;
  /** Projects per group (default 50). */
  projectsPerGroup?: number;
  /** Fraction of environments that are protected with a Maintainers ×1 rule (default 0.5; the first environment always is). */
  protectedRatio?: number;
  /**
   * Fraction of projects with activity in the last 30 days (default 1). The others last moved 40 days to a year ago and,
   * as in real accounts, have no blocked deployments: `blockedPerProject` applies to the active ones.
   */
  activeRatio?: number;
  /**
   * Blocked deployments in quiet projects (default 0): one each in this many of them, spread evenly, their activity left
   * as old as it was (a deployment made by a schedule or by hand moves no event: docs/polling.md).
   */
  quietBlocked?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const BASE = Date.parse('2026-02-10T09:00:00.000Z');

export function seedGenerated(state: SimState, spec: GeneratorSpec): void {
  const { projects, environmentsPerProject: perProject, blockedPerProject } = spec;
  if (![projects, perProject, blockedPerProject].every((n) => Number.isInteger(n) && n >= 0))
    throw new Error('generator counts must be non-negative integers');
  if (blockedPerProject > 0 && perProject === 0)
    throw new Error('blocked deployments need at least one environment per project');
  const at = (seconds: number) => new Date(BASE + seconds * 1000).toISOString();
  const demo = state.addUser({ username: 'demo', name: 'Demo User', at: at(0) });
  const dev = state.addUser({ username: 'dev', name: 'Dev Eloper', at: at(0) });
  state.addUser({ username: 'root', name: 'Administrator', admin: true, at: at(0) });
  state.mainUsername = 'demo';
  const perGroup = spec.projectsPerGroup ?? 50;
  const ratio = spec.protectedRatio ?? 0.5;
  const activeEvery = Math.max(1, Math.round(1 / (spec.activeRatio ?? 1)));
  const now = Date.parse(state.now());
  const tiers: EnvironmentTier[] = ['production', 'staging', 'testing', 'development', 'other'];
  let group = undefined as ReturnType<SimState['addGroup']> | undefined;
  let clock = 0;
  for (let p = 0; p < projects; p++) {
    if (p % perGroup === 0) {
      const n = p / perGroup + 1;
      group = state.addGroup({
        name: `Group ${n}`,
        path: `group-${n}`,
        members: [
          [demo, 40],
          [dev, 30],
        ],
        at: at(clock),
      });
    }
    const project = state.addProject({ name: `Service ${p + 1}`, path: `service-${p + 1}`, group, at: at(++clock) });
    const active = p % activeEvery === 0;
    if (spec.activeRatio !== undefined) {
      const daysAgo = active ? 1 + (p % 20) : 40 + (p % 325);
      project.lastActivityAt = new Date(now - daysAgo * DAY_MS).toISOString();
    }
    const environments = Array.from({ length: perProject }, (_, e) =>
      state.addEnvironment({
        project,
        name: e === 0 ? 'production' : e === 1 ? 'staging' : `env-${e + 1}`,
        tier: tiers[Math.min(e, tiers.length - 1)],
        at: at(clock),
      }),
    );
    environments.forEach((environment, e) => {
      if (e === 0 || (ratio > 0 && e % Math.max(Math.round(1 / ratio), 1) === 0)) {
        state.protectEnvironment({
          project,
          name: environment.name,
          approvalRules: [{ accessLevel: AccessLevel.Maintainer }],
        });
      }
    });
    const quietCount = projects - Math.ceil(projects / activeEvery);
    const quietEvery = spec.quietBlocked ? Math.max(1, Math.floor(quietCount / spec.quietBlocked)) : 0;
    const quietIndex = p - Math.floor(p / activeEvery) - 1;
    const quietBlocked =
      !active && quietEvery > 0 && quietIndex % quietEvery === 0 && quietIndex / quietEvery < spec.quietBlocked!;
    for (let b = 0; b < (active ? blockedPerProject : quietBlocked ? 1 : 0); b++) {
      state.addBlockedDeployment({
        project,
        environment: environments[b % perProject],
        triggeredBy: dev,
        at: at(++clock),
      });
    }
  }
}
