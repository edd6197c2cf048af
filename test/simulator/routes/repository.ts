// The repository reads a deployment brief needs (GitLab's lib/api/repositories.rb, commits.rb, files.rb):
// compare two refs, the merge requests of a commit, and a file's raw content at a ref.
import type { SimContext } from '../context';
import { ApiRequest, forbidden, grapeError, json, messageError } from '../http';
import type { Project } from '../model';
import { paginate } from '../pagination';
import { Params } from '../params';
import { canReadCode } from '../policy';
import type { Commit } from '../repository';
import { limitDiffs } from '../diffLimits';
import { commitEntity, diffEntity, mergeRequestBasicEntity } from '../repositoryEntities';
import { READ, Route, loadProject } from './route';
import { projectWebUrl } from '../entities';

function codeProject(ctx: SimContext, req: ApiRequest, rawId: string): Project {
  const project = loadProject(ctx, req, rawId);
  if (!canReadCode(ctx, req.user, project)) throw forbidden();
  return project;
}

function resolveOr404(ctx: SimContext, project: Project, ref: string, what: 'Ref' | 'Commit'): Commit {
  const commit = ctx.state.repository.resolve(project, ref.trim());
  if (!commit) throw messageError(404, `404 ${what} Not Found`);
  return commit;
}

function compare(ctx: SimContext, req: ApiRequest, path: Record<string, string>) {
  const p = new Params(req.params).requires('from').requires('to').boolean('straight').integer('from_project_id');
  p.check();
  const project = codeProject(ctx, req, path.id);
  const repo = ctx.state.repository;
  const base = repo.resolve(project, p.str('from')!.trim());
  const head = repo.resolve(project, p.str('to')!.trim());
  if (!base || !head) throw messageError(404, '404 Ref Not Found');
  const straight = p.bool('straight') ?? false;
  const same = base.sha === head.sha;
  const commits = same ? [] : repo.between(project, base, head);
  // Diffs from the merge base ("what is new on `to`"), or straight from `from` (Gitlab::Git::Diff.between).
  const diffBase = straight ? base : (repo.mergeBase(project, base, head) ?? base);
  // Collapsed, pruned and cut as GitLab's diff limits do (diffLimits.ts).
  const { diffs, overflow } = limitDiffs(repo.diff(diffBase, head));
  const fromInUrl = straight ? base.sha : diffBase.sha;
  return json(200, {
    commit: commits.length > 0 ? commitEntity(ctx, project, commits[commits.length - 1]) : null,
    commits: commits.map((c) => commitEntity(ctx, project, c)),
    diffs: diffs.map((diff) => diffEntity(ctx, diff)),
    compare_timeout: overflow,
    compare_same_ref: same,
    web_url: `${projectWebUrl(ctx, project)}/-/compare/${fromInUrl}${straight ? '..' : '...'}${head.sha}`,
  });
}

export const repositoryRoutes: Route[] = [
  {
    name: 'repository.compare',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/repository\/compare$/,
    auth: 'optional',
    scopes: READ,
    handle: compare,
  },
  {
    name: 'repository.commits.merge_requests',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/repository\/commits\/(?<sha>[^/]+)\/merge_requests$/,
    auth: 'optional',
    scopes: READ,
    handle: (ctx, req, path) => {
      const p = new Params(req.params);
      p.check();
      const project = codeProject(ctx, req, path.id);
      const commit = resolveOr404(ctx, project, decodeURIComponent(path.sha), 'Commit');
      const state = p.str('state');
      const mergeRequests = ctx.state.repository
        .mergeRequestsOf(project, commit.sha)
        .filter((mr) => state === undefined || mr.state === state)
        .sort((a, b) => b.id - a.id);
      const page = paginate(req, mergeRequests);
      return json(
        200,
        page.items.map((mr) => mergeRequestBasicEntity(ctx, project, mr)),
        page.headers,
      );
    },
  },
  {
    // `file_path` is one URL-encoded segment (FILE_ENDPOINT_REQUIREMENTS: no slash); `ref` defaults to the default branch.
    name: 'repository.files.raw',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/repository\/files\/(?<filePath>[^/]+)\/raw$/,
    auth: 'optional',
    scopes: READ,
    handle: (ctx, req, path) => {
      const ref = req.params.ref;
      if (ref !== undefined && String(ref).trim() === '') throw grapeError(400, 'ref is empty');
      const project = codeProject(ctx, req, path.id);
      const commit = resolveOr404(ctx, project, ref === undefined ? project.defaultBranch : String(ref), 'Commit');
      const filePath = decodeURIComponent(path.filePath);
      const file = commit.tree.get(filePath);
      if (!file) throw messageError(404, '404 File Not Found');
      const text = file.kind === 'text' ? file.text : '\0'.repeat(Math.min(file.size, 64));
      return {
        status: 200,
        text,
        contentType: file.kind === 'text' ? 'text/plain; charset=utf-8' : 'application/octet-stream',
        headers: {
          'x-gitlab-file-name': filePath.split('/').pop()!,
          'x-gitlab-file-path': filePath,
          'x-gitlab-size': String(file.kind === 'text' ? Buffer.byteLength(file.text) : file.size),
          'x-gitlab-encoding': 'base64',
          'x-gitlab-ref': ref === undefined ? project.defaultBranch : String(ref),
          'x-gitlab-commit-id': commit.sha,
        },
      };
    },
  },
];
