import { createRequesterFn, type RequesterType, type ResourceOptions } from '@gitbeaker/requester-utils';
import {
  Deployments,
  Environments,
  GroupMembers,
  Jobs,
  PersonalAccessTokens,
  ProjectMembers,
  Projects,
  Repositories,
  Users,
} from '@gitbeaker/rest';
import type { CallSettings } from './transport/callContext';
import type { CallHandler } from './transport/requestHandler';

/** What every gitbeaker resource of one instance is built with, less the requester (which carries a call's settings). */
export interface ResourceBase {
  host: string;
  token: () => Promise<string>;
  queryTimeout: null;
  rateLimits: Record<string, never>;
}

/**
 * gitbeaker's resources and raw requester for one client call, every request they make carrying that call's settings
 * (signal, deadline, foreground lane…). The settings travel with the objects, not with an ambient context, so two
 * calls interleaving at their awaits can never read each other's: the same in Node and in a web worker, which has no
 * AsyncLocalStorage. Each resource is built when first used (a handful of fields and closures).
 */
export class CallApi {
  private readonly config: ResourceBase & { requesterFn: (options: ResourceOptions) => RequesterType };
  private rawRequester?: RequesterType;

  constructor(base: ResourceBase, handler: CallHandler, settings: CallSettings) {
    const requesterFn = createRequesterFn(
      async (_resource, request) => request,
      (endpoint, options) => handler(endpoint, options, settings),
    );
    this.config = { ...base, requesterFn };
  }

  /** For what gitbeaker does not cover or would send differently; each use says why (table in docs/transport.md). */
  get raw(): RequesterType {
    return (this.rawRequester ??= new Users(this.config).requester);
  }

  get deployments(): Deployments {
    return new Deployments(this.config);
  }
  get environments(): Environments {
    return new Environments(this.config);
  }
  get groupMembers(): GroupMembers {
    return new GroupMembers(this.config);
  }
  get jobs(): Jobs {
    return new Jobs(this.config);
  }
  get personalAccessTokens(): PersonalAccessTokens {
    return new PersonalAccessTokens(this.config);
  }
  get projectMembers(): ProjectMembers {
    return new ProjectMembers(this.config);
  }
  get projects(): Projects {
    return new Projects(this.config);
  }
  get repositories(): Repositories {
    return new Repositories(this.config);
  }
  get users(): Users {
    return new Users(this.config);
  }
}
