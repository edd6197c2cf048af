import { InvalidInputError } from '../errors';

/**
 * Why a token cannot be sent as it is, or undefined when it can. GitLab tokens are printable ASCII; a line break, tab
 * or NUL (easily pasted, or set in an environment variable) would break the request header or end up in an error text.
 * The sign-in box and the environment-variable path call this too, so the user hears it before any request.
 */
export function tokenProblem(token: string): string | undefined {
  if (token === '') return 'The access token is empty.';
  if (hasControlCharacter(token))
    return 'The access token contains a control character (a line break, tab or NUL); copy it again without it.';
  if (!/^[\u0021-\u007e]+$/.test(token))
    return 'The access token contains spaces or characters that no GitLab token has; copy it again.';
  return undefined;
}

/** Throws the problem as an input error (never quoting the token). */
export function assertUsableToken(token: string): void {
  const problem = tokenProblem(token);
  if (problem) throw new InvalidInputError('token', problem);
}

/** C0 controls (NUL, tab, line breaks…) and DEL: never part of a token, an id or a header value. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
