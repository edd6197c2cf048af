// Protected environments for projects (Maintainer+) and groups (Owner; names are tiers). EE only; PUT since 15.4.
// `before { authorize! }` (ee/lib/api/protected_environments.rb L98, L237-239) runs before Grape validates the params, so
// the order is: project/group (404) → permission (403) → params (400) → record (404) → endpoint.
import type { SimContext } from '../context';
import { protectedEnvironmentEntity } from '../entities';
import { ApiRequest, forbidden, json, messageError, notFound } from '../http';
import { Group, Project, ProtectedEnvironment } from '../model';
import { paginate } from '../pagination';
import { canAdminGroupProtectedEnvironments, canAdminProjectProtectedEnvironments } from '../policy';
import {
  checkRequiredApprovalCount,
  createProtectedEnvironment,
  parsePeWrite,
  updateProtectedEnvironment,
} from '../protectedEnvironmentService';
import { READ, Route, WRITE, enterpriseOnly, loadGroup, loadProject } from './route';

type Owner = { project: Project; group?: undefined } | { group: Group; project?: undefined };

function ownerOf(ctx: SimContext, req: ApiRequest, kind: 'project' | 'group', rawId: string): Owner {
  if (kind === 'project') {
    const project = loadProject(ctx, req, rawId);
    if (!canAdminProjectProtectedEnvironments(ctx, req.user, project)) throw forbidden();
    return { project };
  }
  const group = loadGroup(ctx, req, rawId);
  if (!canAdminGroupProtectedEnvironments(ctx, req.user, group)) throw forbidden();
  return { group };
}

function listOf(ctx: SimContext, owner: Owner): ProtectedEnvironment[] {
  return [...ctx.state.protectedEnvironments.values()].filter((pe) =>
    owner.project ? pe.projectId === owner.project.id : pe.groupId === owner.group!.id,
  );
}

function findPe(ctx: SimContext, owner: Owner, rawName: string): ProtectedEnvironment {
  const name = decodeURIComponent(rawName);
  const pe = ctx.state.findProtectedEnvironment(
    owner.project ? { projectId: owner.project.id } : { groupId: owner.group!.id },
    name,
  );
  if (!pe) throw notFound.record();
  return pe;
}

function routesFor(kind: 'project' | 'group'): Route[] {
  const base = kind === 'project' ? 'projects' : 'groups';
  const prefix = kind === 'project' ? 'protected_environments' : 'group_protected_environments';
  const collection = new RegExp(`^/${base}/(?<id>[^/]+)/protected_environments$`);
  const member = new RegExp(`^/${base}/(?<id>[^/]+)/protected_environments/(?<name>[^/]+)$`);
  return [
    {
      name: `${prefix}.list`,
      method: 'GET',
      pattern: collection,
      auth: 'required',
      scopes: READ,
      available: enterpriseOnly,
      handle: (ctx, req, path) => {
        const page = paginate(req, listOf(ctx, ownerOf(ctx, req, kind, path.id)));
        return json(
          200,
          page.items.map((pe) => protectedEnvironmentEntity(ctx, pe)),
          page.headers,
        );
      },
    },
    {
      name: `${prefix}.get`,
      method: 'GET',
      pattern: member,
      auth: 'required',
      scopes: READ,
      available: enterpriseOnly,
      handle: (ctx, req, path) =>
        json(200, protectedEnvironmentEntity(ctx, findPe(ctx, ownerOf(ctx, req, kind, path.id), path.name))),
    },
    {
      name: `${prefix}.create`,
      method: 'POST',
      pattern: collection,
      auth: 'required',
      scopes: WRITE,
      available: enterpriseOnly,
      handle: (ctx, req, path) => {
        const owner = ownerOf(ctx, req, kind, path.id);
        const write = parsePeWrite(ctx, req.params, 'create');
        // A group-level name that is not a tier is the model's 422 (`valid_tier_name`), not a Grape 400.
        const name = String(req.params.name);
        checkRequiredApprovalCount(ctx, write);
        if (
          ctx.state.findProtectedEnvironment(
            owner.project ? { projectId: owner.project.id } : { groupId: owner.group!.id },
            name,
          )
        ) {
          throw messageError(
            409,
            kind === 'project'
              ? `Environment '${name}' is already protected`
              : `Protected environment '${name}' already exists`,
          );
        }
        return json(201, protectedEnvironmentEntity(ctx, createProtectedEnvironment(ctx, owner, name, write)));
      },
    },
    {
      name: `${prefix}.update`,
      method: 'PUT',
      pattern: member,
      auth: 'required',
      scopes: WRITE,
      available: (profile) => profile.enterprise && profile.hasProtectedEnvironmentPut,
      handle: (ctx, req, path) => {
        const owner = ownerOf(ctx, req, kind, path.id);
        const write = parsePeWrite(ctx, req.params, 'update');
        const pe = findPe(ctx, owner, path.name);
        checkRequiredApprovalCount(ctx, write);
        return json(200, protectedEnvironmentEntity(ctx, updateProtectedEnvironment(ctx, owner, pe, write)));
      },
    },
    {
      name: `${prefix}.delete`,
      method: 'DELETE',
      pattern: member,
      auth: 'required',
      scopes: WRITE,
      available: enterpriseOnly,
      handle: (ctx, req, path) => {
        const pe = findPe(ctx, ownerOf(ctx, req, kind, path.id), path.name);
        ctx.state.protectedEnvironments.delete(pe.id);
        return { status: 204 };
      },
    },
  ];
}

export const protectedEnvironmentRoutes: Route[] = [...routesFor('project'), ...routesFor('group')];
