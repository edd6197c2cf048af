import { NotTheApiError } from '../errors';

// What a route returns, checked before it is taken as data: a JSON object for one record, a list of objects for a
// list. Anything else (a proxy's JSON, a changed API, a hostile server) is an error, so the last good data stays.

export function expectRecord<T>(body: unknown, route: string): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new NotTheApiError(false, `${route}: expected a JSON object, got ${describe(body)}`);
  return body as T;
}

export function expectRecords<T>(body: unknown, route: string): T[] {
  if (!Array.isArray(body) || body.some((item) => item === null || typeof item !== 'object' || Array.isArray(item)))
    throw new NotTheApiError(false, `${route}: expected a JSON list of objects, got ${describe(body)}`);
  return body as T[];
}

function describe(body: unknown): string {
  if (Array.isArray(body)) return `a list of ${body.length}`;
  return body === null ? 'null' : typeof body === 'object' ? 'an object' : typeof body;
}
