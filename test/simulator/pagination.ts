// Offset pagination like GitLab (docs/gitlab-behaviour.md#rate-limits-and-pagination): per_page default 20, max 100; x-* headers and `link`; totals and
// rel="last" omitted past 10,000 records. Keyset pagination (projects only) lives in routes/projects.ts.
import type { ApiRequest } from './http';
import { Params } from './params';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** `Gitlab::Pagination::OffsetPagination`: counting stops here, so larger totals are not reported. */
export const COUNT_LIMIT = 10_000;

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function readPaging(req: ApiRequest): { page: number; perPage: number } {
  new Params(req.params).integer('page').integer('per_page').check();
  const page = Math.max(Number(req.params.page ?? 1) || 1, 1);
  const requested = req.params.per_page === undefined ? DEFAULT_PER_PAGE : Number(req.params.per_page);
  const perPage = requested < 1 ? DEFAULT_PER_PAGE : Math.min(requested, MAX_PER_PAGE);
  return { page, perPage };
}

export function pageLink(req: ApiRequest, changes: Record<string, string>, drop: string[] = []): string {
  const url = new URL(req.url.toString());
  for (const name of drop) url.searchParams.delete(name);
  for (const [name, value] of Object.entries(changes)) url.searchParams.set(name, value);
  return url.toString();
}

export function paginate<T>(req: ApiRequest, all: T[]): Page<T> {
  const { page, perPage } = readPaging(req);
  const total = all.length;
  const items = all.slice((page - 1) * perPage, page * perPage);
  const totalPages = Math.max(Math.ceil(total / perPage), 1);
  const countable = total <= COUNT_LIMIT;
  const hasNext = page * perPage < total;
  const hasPrev = page > 1;
  const link = (p: number) => pageLink(req, { page: String(p), per_page: String(perPage) });
  const links: string[] = [];
  if (hasPrev) links.push(`<${link(page - 1)}>; rel="prev"`);
  if (hasNext) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`);
  if (countable) links.push(`<${link(totalPages)}>; rel="last"`);
  const headers: Record<string, string> = {
    link: links.join(', '),
    'x-next-page': hasNext ? String(page + 1) : '',
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-prev-page': hasPrev ? String(page - 1) : '',
  };
  if (countable) {
    headers['x-total'] = String(total);
    headers['x-total-pages'] = String(totalPages);
  }
  return { items, headers };
}
