// A job's log as the person reads it in the editor: the last lines only, plain text. GitLab's trace endpoint answers the
// whole raw log (docs/gitlab-behaviour.md#following-a-job), with ANSI colour sequences, `\r` progress redraws and section
// markers (`section_start:<unix time>:<name>[collapsed=true]\r\e[0K`); this turns it into lines the way GitLab's own
// converter does (lib/gitlab/ci/ansi2json/converter.rb): a `\r` not before `\n` drops what the line held, escape
// sequences are not text, a section's markers are not text and its header starts a line. A collapsed section that has
// ended is folded into its header, as GitLab's log view shows it. A log can hold a secret a CI variable failed to
// mask: this text is for the editor only, never for the log channel or an agent's answer (see jobFollower.ts).

/** How many lines the tail keeps, and how long one line may be. */
export const TAIL_LINES = 40;
export const TAIL_LINE_CHARS = 400;
/** Bytes of the log's end read and kept at most (the transport drops what comes before). */
export const TAIL_BYTES = 64 * 1024;

export interface LogTail {
  lines: string[];
  /** Lines came before the first one kept (cut by lines or bytes). */
  earlierLinesLeftOut: boolean;
}

// GitLab's section regex (lib/gitlab/regex.rb, logs_section_*_regex), anywhere in a line.
// eslint-disable-next-line no-control-regex -- the marker ends in \r\e[0K
const SECTION = /section_(start|end):(\d+):([a-zA-Z0-9_.-]+)(\[(?:\w+=\w+)(?:, ?(?:\w+=\w+))*\])?\r\x1b\[0K/g;
// An escape sequence (converter.rb: `\e([@-_])(.*?)([@-~])`), or one cut off at the line's end.
// eslint-disable-next-line no-control-regex -- escape sequences are what this removes
const ESCAPE = /\x1b(?:[@-_][0-?]*[ -/]*[@-~]|(?:[@-_].*)?$)/g;
// The optional timestamp prefix of GitLab 17+ logs (lib/gitlab/ci/trace/stream.rb, TIMESTAMP_HEADER_REGEX).
const TIMESTAMP = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d{6}Z [0-9a-f]{2}[EO][+ ]/;
// Controls other than tab, once escapes are gone: not text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

interface Section {
  name: string;
  collapsed: boolean;
  /** Index in `out` of its header line. */
  header: number;
}

/**
 * The last `maxLines` lines of a raw log. `cutAtStart`: the text is the end of a longer log (its first line may be
 * partial and is dropped).
 */
export function logTail(raw: string, cutAtStart = false, maxLines = TAIL_LINES): LogTail {
  const physical = raw.split(/\r*\n/);
  if (cutAtStart && physical.length > 1) physical.shift();
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  const out: string[] = [];
  const open: Section[] = [];
  for (const line of physical) {
    // A marker may start a section mid-line: what comes before it is a line of its own (converter.rb, flush).
    let rest = line.replace(TIMESTAMP, '');
    let match: RegExpExecArray | null;
    SECTION.lastIndex = 0;
    let pieces = 0;
    while ((match = SECTION.exec(rest)) !== null) {
      const before = rest.slice(0, match.index);
      if (text(before) !== '') out.push(text(before));
      rest = rest.slice(match.index + match[0].length);
      SECTION.lastIndex = 0;
      pieces++;
      if (match[1] === 'start') {
        open.push({ name: match[3], collapsed: /collapsed=true/.test(match[4] ?? ''), header: out.length });
      } else {
        fold(out, open, match[3]);
      }
    }
    const shown = text(rest);
    if (shown !== '' || pieces === 0) out.push(shown);
  }
  const kept = out
    .slice(-maxLines)
    .map((line) => (line.length > TAIL_LINE_CHARS ? `${line.slice(0, TAIL_LINE_CHARS - 1)}…` : line));
  return { lines: kept, earlierLinesLeftOut: cutAtStart || out.length > maxLines };
}

/** A section ends: a collapsed one keeps its header only, saying how many lines it holds. */
function fold(out: string[], open: Section[], name: string): void {
  const at = open.map((s) => s.name).lastIndexOf(name);
  if (at < 0) return; // an end without its start (GitLab ignores it too)
  const [section] = open.splice(at, open.length - at);
  if (!section.collapsed || section.header >= out.length) return;
  const body = out.length - section.header - 1;
  if (body <= 0) return;
  out.splice(section.header + 1, body);
  out[section.header] = `${out[section.header]} [${body} ${body === 1 ? 'line' : 'lines'} folded]`;
}

/** One line's text: what a `\r` redraw left, no escape sequence, no control character. */
function text(line: string): string {
  const redrawn = line.slice(line.lastIndexOf('\r') + 1);
  return redrawn.replace(ESCAPE, '').replace(CONTROL, '').trimEnd();
}
