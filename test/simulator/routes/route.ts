// The route table's shape and the lookups every route shares (project/group by id or URL-encoded path, with GitLab's 404s).
import type { SimContext } from '../context';
import type { ApiRequest, ApiResponse } from '../http';
import { notFound } from '../http';
import type { Group, Project, TokenScope } from '../model';
import { canSeeGroup, canSeeProject } from '../policy';
import type { Profile } from '../profiles';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  /** Stable name for faults and the request log, e.g. `deployments.list`. */
  name: string;
  method: Method;
  /** Pattern over the path below `/api/v4`; named groups are raw (still URL-encoded) segments. */
  pattern: RegExp;
  /** `optional` routes serve anonymous users public data; `required` ones answer 401 without a user. */
  auth: 'required' | 'optional';
  /** Token scopes that may use the route. */
  scopes: readonly TokenScope[];
  /** Whether the route exists in this profile; otherwise the catch-all 404 (or 405 if another method exists). */
  available?: (profile: Profile) => boolean;
  handle: (ctx: SimContext, req: ApiRequest, path: Record<string, string>) => ApiResponse;
}

export const READ: readonly TokenScope[] = ['api', 'read_api'];
export const WRITE: readonly TokenScope[] = ['api'];

export const enterpriseOnly = (profile: Profile) => profile.enterprise;

/** `find_project!` + visibility: `404 Project Not Found` when missing or not visible. Accepts an id or an URL-encoded full path. */
export function loadProject(ctx: SimContext, req: ApiRequest, rawId: string): Project {
  const project = ctx.state.findProject(decodeURIComponent(rawId));
  if (!project || !canSeeProject(ctx, req.user, project)) throw notFound.project();
  return project;
}

export function loadGroup(ctx: SimContext, req: ApiRequest, rawId: string): Group {
  const id = decodeURIComponent(rawId);
  const group = /^\d+$/.test(id) ? ctx.state.groups.get(Number(id)) : ctx.state.findGroupByPath(id);
  if (!group || !canSeeGroup(ctx, req.user, group)) throw notFound.group();
  return group;
}
