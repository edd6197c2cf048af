// The control API under `/__sim/` for tests in another process (extension host, browser e2e). Not logged, not rate-limited.
import { deploymentStatus, pendingApprovalCount } from './approvalRules';
import type { Json } from './entities';
import { approvalEntity } from './entities';
import type { FaultSpec } from './faults';
import { deployScript, stepJobs } from './jobRunner';
import type { ApiResponse } from './http';
import type { JobStatus } from './model';
import { PROFILE_NAMES } from './profiles';
import type { Simulator } from './simulator';

const JOB_STATUSES: JobStatus[] = [
  'created',
  'pending',
  'running',
  'success',
  'failed',
  'canceled',
  'skipped',
  'manual',
];

function ok(status: number, body?: Json): ApiResponse {
  return body === undefined ? { status } : { status, body };
}

function fail(status: number, message: string): ApiResponse {
  return { status, body: { error: message } };
}

export function handleControl(
  sim: Simulator,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ApiResponse {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  try {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    let m: RegExpExecArray | null;
    if (route === 'GET /__sim' || route === 'GET /__sim/state') return ok(200, sim.summary());
    if (route === 'GET /__sim/log')
      return ok(200, { entries: sim.requestLog.since(Number(query.get('since') ?? 0)) as unknown as Json });
    if (route === 'DELETE /__sim/log') {
      sim.clearLog();
      return ok(204);
    }
    if (route === 'GET /__sim/faults') return ok(200, { faults: sim.faults.list() as unknown as Json });
    if (route === 'PUT /__sim/faults') {
      const specs = (Array.isArray(body) ? body : (input.faults ?? [])) as FaultSpec[];
      sim.faults.set(specs);
      return ok(200, { faults: sim.faults.list() as unknown as Json });
    }
    if (route === 'POST /__sim/faults') return ok(201, { id: sim.faults.add(input as unknown as FaultSpec) });
    if (route === 'DELETE /__sim/faults') {
      sim.faults.clear();
      return ok(204);
    }
    if ((m = /^DELETE \/__sim\/faults\/(\d+)$/.exec(route))) {
      sim.faults.remove(Number(m[1]));
      return ok(204);
    }
    if ((m = /^GET \/__sim\/tokens\/([^/]+)$/.exec(route)))
      return ok(200, { username: decodeURIComponent(m[1]), token: sim.tokenFor(decodeURIComponent(m[1])) });
    if (route === 'PUT /__sim/profile') {
      sim.setProfile(String(input.profile));
      return ok(200, { profile: sim.profile.name, version: sim.profile.version });
    }
    if (route === 'POST /__sim/rate-limit/reset') {
      sim.limiter.reset();
      return ok(204);
    }
    if (route === 'PUT /__sim/rate-limit') {
      if (input.perMinute !== undefined) sim.limiter.options.authenticatedPerMinute = Number(input.perMinute);
      if (input.unauthenticatedPerMinute !== undefined)
        sim.limiter.options.unauthenticatedPerMinute = Number(input.unauthenticatedPerMinute);
      return ok(200, {
        perMinute: sim.limiter.options.authenticatedPerMinute,
        unauthenticatedPerMinute: sim.limiter.options.unauthenticatedPerMinute,
      });
    }
    if (route === 'POST /__sim/deployments') {
      const created = sim.createBlockedDeployment({
        project: input.project as string | number,
        environment: String(input.environment ?? 'production'),
        triggeredBy: input.triggeredBy === undefined ? undefined : String(input.triggeredBy),
        ref: input.ref === undefined ? undefined : String(input.ref),
        jobName: input.jobName === undefined ? undefined : String(input.jobName),
      });
      const ctx = sim.context;
      return ok(201, {
        id: created.deployment.id,
        iid: created.deployment.iid,
        project_id: created.deployment.projectId,
        environment_id: created.deployment.environmentId,
        job_id: created.job.id,
        pipeline_id: created.pipeline.id,
        status: deploymentStatus(ctx, created.deployment),
        pending_approval_count: pendingApprovalCount(ctx, created.deployment),
      });
    }
    if ((m = /^POST \/__sim\/deployments\/(\d+)\/approval$/.exec(route))) {
      const result = sim.approve({
        deployment: Number(m[1]),
        as: String(input.username ?? input.as ?? ''),
        status: String(input.status ?? 'approved'),
        comment: input.comment === undefined ? undefined : String(input.comment),
        representedAs: input.represented_as === undefined ? undefined : String(input.represented_as),
      });
      return result.ok ? ok(201, approvalEntity(sim.context, result.approval)) : ok(result.httpStatus, result.body);
    }
    if (route === 'POST /__sim/jobs/step') {
      const times = Math.max(1, Math.min(Number(input.times ?? 1) || 1, 100));
      let moved = 0;
      for (let i = 0; i < times; i++) moved += stepJobs(sim.state);
      return ok(200, { moved });
    }
    if ((m = /^PUT \/__sim\/jobs\/(\d+)\/script$/.exec(route))) {
      const job = sim.state.jobs.get(Number(m[1]));
      if (!job) return fail(404, `no job ${m[1]}`);
      const outcome = input.outcome === 'failed' ? 'failed' : 'success';
      job.script = deployScript(String(input.environment ?? job.name), outcome, Number(input.steps ?? 4) || 4);
      return ok(200, { id: job.id, outcome, chunks: job.script.chunks.length });
    }
    if ((m = /^POST \/__sim\/jobs\/(\d+)\/status$/.exec(route))) {
      const job = sim.state.jobs.get(Number(m[1]));
      if (!job) return fail(404, `no job ${m[1]}`);
      const status = String(input.status) as JobStatus;
      if (!JOB_STATUSES.includes(status)) return fail(400, `status must be one of ${JOB_STATUSES.join(', ')}`);
      sim.state.setJobStatus(job, status);
      return ok(200, { id: job.id, status: job.status });
    }
    return fail(
      404,
      `unknown control route ${route}; see test/simulator/README.md (profiles: ${PROFILE_NAMES.join(', ')})`,
    );
  } catch (e) {
    return fail(400, e instanceof Error ? e.message : String(e));
  }
}
