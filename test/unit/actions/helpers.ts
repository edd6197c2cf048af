// The action runner's host over an engine harness, and a deployment as the runner takes it.
import * as assert from 'node:assert/strict';
import { ActionsInFlight } from '../../../src/core/actions/inFlight';
import type { ActionHost } from '../../../src/core/actions/runner';
import { deploymentKey, findDeployment, type LocatedDeployment } from '../../../src/core/refresh/snapshot';
import { viewOf, type EngineHarness } from '../engine/helpers';

export function hostOf(h: EngineHarness, inFlight = new ActionsInFlight()): ActionHost {
  return { inFlight, engine: h.engine, instances: { client: () => h.client } };
}

export function located(h: EngineHarness, project: string, environment: string): LocatedDeployment {
  const found = findDeployment(h.engine.snapshot(), deploymentKey(viewOf(h, project, environment)));
  assert.ok(found);
  return found;
}
