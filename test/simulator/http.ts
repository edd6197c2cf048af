// Minimal request/response types and GitLab's two error shapes: `{"message": …}` (render_api_error!) and
// `{"error": …}` (Grape's error!/validation, the catch-all 404).
import type { Json } from './entities';
import type { Token, User } from './model';

export interface ApiRequest {
  method: string;
  /** Path below `/api/v4`, e.g. `/projects/1/deployments`. */
  path: string;
  query: URLSearchParams;
  /** Query and body merged, as Grape's `params`. */
  params: Record<string, unknown>;
  /** The full URL the client asked for, for `link` headers. */
  url: URL;
  user: User | undefined;
  token: Token | undefined;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body, or a raw string with its own content type; undefined for no body (204). */
  body?: Json;
  text?: string;
  contentType?: string;
}

export class ApiError extends Error {
  constructor(readonly response: ApiResponse) {
    super(`${response.status} ${JSON.stringify(response.body)}`);
  }
}

export function json(status: number, body: Json, headers?: Record<string, string>): ApiResponse {
  return { status, body, headers };
}

/** `render_api_error!`: `{"message": …}`. */
export function messageError(status: number, message: string | string[]): ApiError {
  return new ApiError({ status, body: { message } });
}

/** Grape `error!` with a string and Grape validation failures: `{"error": …}`. */
export function grapeError(status: number, error: string): ApiError {
  return new ApiError({ status, body: { error } });
}

export const notFound = {
  /** The catch-all route (`route :any, '*path'`): absent routes on CE or older versions. */
  route: () => grapeError(404, '404 Not Found'),
  project: () => messageError(404, '404 Project Not Found'),
  group: () => messageError(404, '404 Group Not Found'),
  /** ActiveRecord::RecordNotFound rescued by lib/api/api.rb. */
  record: () => messageError(404, '404 Not found'),
};

export const unauthorized = () => messageError(401, '401 Unauthorized');
export const forbidden = () => messageError(403, '403 Forbidden');
/** `bad_request!(text)`. */
export const badRequest = (text: string) => messageError(400, `400 Bad request - ${text}`);
