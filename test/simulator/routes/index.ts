// The route table and matching: an absent route is GitLab's catch-all `{"error":"404 Not Found"}`; a path that exists only for
// other methods is Grape's 405 with `Allow`.
import type { Profile } from '../profiles';
import { auditEventRoutes } from './auditEvents';
import { deploymentRoutes } from './deployments';
import { environmentRoutes } from './environments';
import { freezePeriodRoutes } from './freezePeriods';
import { groupMemberRoutes } from './groupMembers';
import { jobRoutes } from './jobs';
import { memberRoutes } from './members';
import { metaRoutes } from './meta';
import { projectRoutes } from './projects';
import { pipelineRoutes } from './pipelines';
import { protectedEnvironmentRoutes } from './protectedEnvironments';
import { repositoryRoutes } from './repository';
import type { Route } from './route';

export const ROUTES: readonly Route[] = [
  ...metaRoutes,
  ...projectRoutes,
  ...environmentRoutes,
  ...deploymentRoutes,
  ...jobRoutes,
  ...protectedEnvironmentRoutes,
  ...groupMemberRoutes,
  ...repositoryRoutes,
  ...pipelineRoutes,
  ...memberRoutes,
  ...freezePeriodRoutes,
  ...auditEventRoutes,
];

export type RouteMatch =
  | { kind: 'route'; route: Route; path: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export function matchRoute(profile: Profile, method: string, apiPath: string): RouteMatch {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const allow = new Set<string>();
  for (const route of ROUTES) {
    if (route.available && !route.available(profile)) continue;
    const match = route.pattern.exec(apiPath);
    if (!match) continue;
    if (route.method === wanted) return { kind: 'route', route, path: { ...match.groups } };
    allow.add(route.method);
  }
  if (allow.size === 0) return { kind: 'not-found' };
  if (allow.has('GET')) allow.add('HEAD');
  return { kind: 'method-not-allowed', allow: ['OPTIONS', ...allow] };
}
