import { NotTheApiError, redactSecrets } from '../../errors';
import { describeUrl } from './confinement';
import type { RawAnswer } from './exchange';

/**
 * The body as gitbeaker expects it: parsed JSON for the API's answers, null for none. A success that is not JSON (a
 * sign-on page answering 200, a cut-off body) is an error, never data. Error statuses keep their text for
 * `errorForResponse`, which says what a proxy's page means.
 */
export function parseAnswer(answer: RawAnswer, method: string, url: URL, rawText = false): unknown {
  const ok = answer.status >= 200 && answer.status < 300;
  if (answer.status === 204 || method === 'HEAD' || (answer.status >= 300 && answer.status < 400)) return null;
  const contentType = (answer.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  // A raw file is sent as text/plain (GitLab's send_git_blob); anything else in its place is not the API.
  if (rawText && ok && contentType === 'text/plain') return answer.text;
  const isJson = contentType === 'application/json' || contentType.endsWith('+json');
  if (!isJson) {
    if (!ok) return answer.text;
    throw notTheApi(answer, method, url, `${contentType || 'no content type'}, not JSON`);
  }
  if (answer.text.trim() === '') return ok ? null : {};
  try {
    return JSON.parse(answer.text);
  } catch (error) {
    if (!ok) return answer.text;
    throw notTheApi(answer, method, url, `invalid JSON (${(error as Error).message})`);
  }
}

function notTheApi(answer: RawAnswer, method: string, url: URL, why: string): NotTheApiError {
  const webPage = /^\s*</.test(answer.text) || /html/i.test(answer.headers.get('content-type') ?? '');
  const firstBytes = answer.text.slice(0, 80).replace(/\s+/g, ' ');
  return new NotTheApiError(
    webPage,
    redactSecrets(
      `${method} ${describeUrl(url)} → ${answer.status}: ${why}${webPage ? '' : `; first bytes: ${firstBytes}`}`,
    ),
  );
}
