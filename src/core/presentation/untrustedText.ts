// The one home for text from GitLab shown to a person. Names, refs, comments, job names and server error texts are
// written by anyone who can push or name a job, so none of them may become a link, a command, an icon or markup.
//
// Where VS Code gives text meaning:
// - notifications, modals, progress titles and quick-input prompts/validation messages turn `[label](command:…)`,
//   `[label](https://…)` and `[label](file:…)` into live links (`parseLinkedText`, microsoft/vscode
//   src/vs/base/common/linkedText.ts): no ASCII square bracket from GitLab survives, so that grammar can never match;
// - quick-pick labels, descriptions and details render `$(icon)`: escaped as `\$(icon)`, which VS Code shows literally
//   (`escapeIcons`, src/vs/base/common/iconLabels.ts);
// - Markdown (tooltips) renders links, HTML, emphasis and icons: every Markdown-significant character is escaped;
// - HTML (the deployment page's webview) parses tags, entities and attributes: `&<>"'` become entities;
// - an agent tool's confirmation is one string that VS Code shows as typed in a modal and as Markdown in the chat:
//   `inertText` keeps no character either of them gives meaning to (see docs/agent-tools.md).
// Everywhere, control characters (newlines included) become spaces, so a value cannot forge extra lines; bidi controls
// and zero-width characters become visible escapes (`⟨U+202E⟩`), so `ma⟨U+200B⟩in` never reads as `main` and a
// server's right-to-left override cannot reverse the extension's own sentence; and a value is cut at a length no
// message needs.

const MAX_VALUE_LENGTH = 500;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Fullwidth look-alikes: the text reads the same, and no link grammar sees a bracket. */
const BRACKET_STAND_INS: Record<string, string> = { '[': '\uff3b', ']': '\uff3d' };
/**
 * Characters that change how text reads without being seen: bidi embeddings, overrides, isolates and marks, the
 * Arabic letter mark, zero-width spaces and joiners, word joiner and invisible operators, the byte-order mark, the
 * soft hyphen and the Mongolian vowel separator.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** An invisible character as the person can see it: `⟨U+200B⟩`. */
function visible(char: string): string {
  return `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** One line of plain text with nothing invisible in it, of a sane length. */
function oneLine(value: string, max = MAX_VALUE_LENGTH): string {
  const flat = String(value).replace(CONTROL, ' ').replace(INVISIBLE, visible);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** For notifications, modals (message and detail), progress titles, input-box titles/prompts and the view message. */
export function messageText(value: string): string {
  return oneLine(value).replace(/[[\]]/g, (bracket) => BRACKET_STAND_INS[bracket]);
}

/** For quick-pick labels, descriptions and details: message text with icon syntax shown as typed. */
export function pickText(value: string): string {
  return messageText(value).replace(/\$\(/g, '\\$(');
}

/** For Markdown (tooltips): plain text, with no formatting, link, HTML or icon syntax. */
export function markdownText(value: string): string {
  return oneLine(value).replace(/[\\`*_{}[\]()#+\-.!|<>$~&:]/g, '\\$&');
}

/** For HTML text and attribute values (the deployment page): no tag, entity or attribute can be opened. */
export function htmlText(value: string): string {
  return oneLine(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * For text that one renderer shows as typed and another as Markdown (an agent tool's confirmation: VS Code's modal and
 * its chat): one line in which neither finds markup. Each character that opens Markdown or HTML syntax mid-line
 * becomes its fullwidth look-alike; `_` only where it could open emphasis (inside a word, as in `deploy_prod`, it
 * cannot, so names read as written). Line-start syntax (headings, lists, quotes) needs the caller to start each line
 * with its own words.
 */
export function inertText(value: string, max = MAX_VALUE_LENGTH): string {
  return oneLine(value, max)
    .replace(/[\\`*~<>&[\]]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\uff3f');
}

/**
 * For GitLab text handed on as data (the agent tools' results, which the model reads and retells): one line with
 * nothing invisible, of a sane length — no markup is escaped, since JSON carries it as text.
 */
export function dataText(value: string): string {
  return oneLine(value);
}

/** For the log: one line per entry whatever the value holds (secrets are redacted by the log itself). */
export function logText(value: string): string {
  return String(value).replace(CONTROL, ' ').replace(INVISIBLE, visible);
}

/**
 * A number from GitLab (an id, an iid, a count) as a person sees it: a whole number from 0 to 2^53−1 in digits, and
 * anything else — negative, fractional, huge, not a number, a string — as "?", never as whatever the server sent.
 */
export function numberText(value: unknown): string {
  return String(wholeNumber(value) ?? '?');
}

/** A number from GitLab where the extension hands it on as a number (agent tool results): checked, or undefined. */
export function wholeNumber(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}
