// Deploy freezes: REST `GET /projects/:id/freeze_periods` (lib/api/freeze_periods.rb) and the one GraphQL query the
// extension sends, `project { environment { deployFreezes } }` (app/graphql/types/ci/freeze_period_type.rb), with the
// times GitLab's model computes (app/models/ci/freeze_period.rb, app/presenters/ci/freeze_period_presenter.rb).
// docs/gitlab-behaviour.md#deploy-freezes.
import type { SimContext } from '../context';
import { nextTime, previousTime } from '../cron';
import type { Json } from '../entities';
import { forbidden, json, type ApiRequest, type ApiResponse } from '../http';
import type { FreezePeriod, Project, User } from '../model';
import { paginate } from '../pagination';
import { canSeeProject, canReadDeployments, effectiveProjectLevel } from '../policy';
import { READ, Route, loadProject } from './route';

/** `read_freeze_period`: Reporter+ who can read environments (Maintainer+ on the older profiles). */
function canReadFreezePeriods(ctx: SimContext, user: User | undefined, project: Project): boolean {
  return (
    canReadDeployments(ctx, user, project) && effectiveProjectLevel(ctx, user, project) >= ctx.profile.freezeReadLevel
  );
}

/** GitLab's `Ci::FreezePeriod` times at `now`, through its presenter: `startTime` is the current window's start when active, else the next start. */
export function freezePeriodTimes(
  period: FreezePeriod,
  now: number,
): { active: boolean; startTime?: number; endTime?: number } {
  const zone = period.cronTimezone;
  const timeStart = previousTime(period.freezeStart, zone, now);
  const endFromStart = timeStart === undefined ? undefined : nextTime(period.freezeEnd, zone, timeStart);
  const active = timeStart !== undefined && endFromStart !== undefined && timeStart <= now && now <= endFromStart;
  return {
    active,
    startTime: active ? timeStart : nextTime(period.freezeStart, zone, now),
    endTime: nextTime(period.freezeEnd, zone, now),
  };
}

/** `Types::TimeType`: ISO 8601 in UTC, seconds precision. */
function graphqlTime(at: number | undefined): string | null {
  return at === undefined ? null : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function freezePeriodEntity(period: FreezePeriod): Json {
  return {
    id: period.id,
    freeze_start: period.freezeStart,
    freeze_end: period.freezeEnd,
    cron_timezone: period.cronTimezone,
    created_at: period.createdAt,
    updated_at: period.updatedAt,
  };
}

/** One GraphQL error as graphql-ruby writes it. */
function graphqlErrors(message: string, extensions?: Json): ApiResponse {
  return json(200, { errors: [{ message, ...(extensions ? { extensions } : {}) }] });
}

/**
 * The deploy-freezes query: `project(fullPath:)` is null when the project is not visible, `environment(name:)` when
 * none has the name, and `deployFreezes` null when the user may not read freeze periods (the type's `authorize`
 * nulls each period, and a null in a list of non-null periods nulls the list [inferred from graphql-ruby]).
 */
function deployFreezesQuery(ctx: SimContext, req: ApiRequest): ApiResponse {
  const query = typeof req.params.query === 'string' ? req.params.query : '';
  if (!/\bdeployFreezes\b/.test(query))
    return graphqlErrors('The simulator answers only the deploy-freezes query (test/simulator/README.md).');
  if (!ctx.profile.hasDeployFreezesGraphql)
    return graphqlErrors("Field 'deployFreezes' doesn't exist on type 'Environment'", {
      code: 'undefinedField',
      typeName: 'Environment',
      fieldName: 'deployFreezes',
    });
  const variables = (req.params.variables ?? {}) as Record<string, unknown>;
  // The extension's query names its variables `p` and `e` (gitbeaker would decamelize longer ones).
  const path = String(variables.p ?? variables.full_path ?? variables.fullPath ?? '');
  const name = String(variables.e ?? variables.environment_name ?? variables.environmentName ?? '');
  const project = ctx.state.findProject(path);
  if (!project || !/^[^/]+\/.+/.test(path) || !canSeeProject(ctx, req.user, project))
    return json(200, { data: { project: null } });
  const environment = canReadDeployments(ctx, req.user, project) ? ctx.state.findEnvironment(project, name) : undefined;
  if (!environment) return json(200, { data: { project: { environment: null } } });
  const now = ctx.state.clock().getTime();
  const deployFreezes = canReadFreezePeriods(ctx, req.user, project)
    ? ctx.state.freezePeriodsOf(project).map((period) => {
        const times = freezePeriodTimes(period, now);
        return {
          status: times.active ? 'ACTIVE' : 'INACTIVE',
          startCron: period.freezeStart,
          endCron: period.freezeEnd,
          cronTimezone: period.cronTimezone,
          startTime: graphqlTime(times.startTime),
          endTime: graphqlTime(times.endTime),
        };
      })
    : null;
  return json(200, { data: { project: { environment: { deployFreezes } } } });
}

export const freezePeriodRoutes: Route[] = [
  {
    name: 'freeze_periods.list',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/freeze_periods$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const project = loadProject(ctx, req, path.id);
      if (!canReadFreezePeriods(ctx, req.user, project)) throw forbidden();
      const page = paginate(req, ctx.state.freezePeriodsOf(project));
      return json(200, page.items.map(freezePeriodEntity), page.headers);
    },
  },
  {
    // `/api/graphql` is not below `/api/v4`: the handler names it `graphql`, a path no REST route can have.
    name: 'graphql',
    method: 'POST',
    pattern: /^graphql$/,
    auth: 'optional',
    scopes: READ,
    handle: (ctx, req) => deployFreezesQuery(ctx, req),
  },
];
