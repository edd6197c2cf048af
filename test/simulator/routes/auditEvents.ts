// `GET /projects/:id/audit_events` (ee/lib/ee/api/projects.rb L10-71, docs/gitlab-behaviour.md#audit-events): EE only
// (absent on CE: the catch-all 404); `read_project_audit_events` is Developer+ (ee/app/policies/ee/project_policy.rb
// L533-548), else 403; the `audit_events` licence (Premium+, `check_audit_events_available!` L143-145), else 403. Below
// `admin_project` (Maintainer) GitLab lists only the user's own events (`filter_by_author`, L153-155). Newest first
// (`AuditEvent.order_by` without a sort: created_at desc, id desc); `created_after` / `created_before` inclusive.
import { projectLicensed } from '../approvalRules';
import type { SimContext } from '../context';
import type { Json } from '../entities';
import { forbidden, grapeError, json } from '../http';
import type { AuditEventRecord, User } from '../model';
import { paginate } from '../pagination';
import { canAdminProject, effectiveProjectLevel } from '../policy';
import { READ, Route, enterpriseOnly, loadProject } from './route';

/** `API::Entities::AuditEvent` (ee/lib/api/entities/audit_event.rb), `formatted_details` adding the author's email. */
function auditEventEntity(ctx: SimContext, event: AuditEventRecord): Json {
  const author: User | undefined = ctx.state.users.get(event.authorId);
  return {
    id: event.id,
    author_id: event.authorId,
    entity_id: event.projectId,
    entity_type: 'Project',
    event_name: event.eventName,
    details: { ...event.details, author_email: author?.email ?? null },
    created_at: event.createdAt,
  };
}

/** A `DateTime` parameter: Grape answers 400 "<name> is invalid" when it does not parse. */
function timeParam(value: string | null, name: string): number | undefined {
  if (value === null) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw grapeError(400, `${name} is invalid`);
  return at;
}

export const auditEventRoutes: Route[] = [
  {
    name: 'audit_events.project',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/audit_events$/,
    auth: 'required',
    scopes: READ,
    available: enterpriseOnly,
    handle: (ctx, req, path) => {
      const project = loadProject(ctx, req, path.id);
      if (effectiveProjectLevel(ctx, req.user, project) < 30) throw forbidden();
      if (!projectLicensed(ctx, project)) throw forbidden();
      const after = timeParam(req.query.get('created_after'), 'created_after');
      const before = timeParam(req.query.get('created_before'), 'created_before');
      const everyone = canAdminProject(ctx, req.user, project);
      const events = ctx.state.auditEvents
        .filter((e) => e.projectId === project.id && (everyone || e.authorId === req.user?.id))
        .filter(
          (e) =>
            (after === undefined || Date.parse(e.createdAt) >= after) &&
            (before === undefined || Date.parse(e.createdAt) <= before),
        )
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
      const page = paginate(req, events);
      return json(
        200,
        page.items.map((event) => auditEventEntity(ctx, event)),
        page.headers,
      );
    },
  },
];
