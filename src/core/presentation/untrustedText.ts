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
// - HTML (the deployment page's webview) parses tags, entities and attributes: `&<>"'` become entities.
// Everywhere, control characters (newlines included) become spaces, so a value cannot forge extra lines, and a
// value is cut at a length no message needs.

const MAX_VALUE_LENGTH = 500;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Fullwidth look-alikes: the text reads the same, and no link grammar sees a bracket. */
const BRACKET_STAND_INS: Record<string, string> = { '[': '\uff3b', ']': '\uff3d' };

/** One line of plain text, of a sane length. */
function oneLine(value: string): string {
  const flat = String(value).replace(CONTROL, ' ');
  return flat.length > MAX_VALUE_LENGTH ? `${flat.slice(0, MAX_VALUE_LENGTH - 1)}…` : flat;
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

/** For the log: one line per entry whatever the value holds (secrets are redacted by the log itself). */
export function logText(value: string): string {
  return String(value).replace(CONTROL, ' ');
}
