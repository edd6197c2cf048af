// The table of hostile values every GitLab-facing surface is run with: what anyone who can push a branch, name a job
// or answer as a GitLab server could send.

/** Strings: markup, links, icons, HTML (and `<style`, which a sanitiser treats as the start of a style sheet), bidi and
 * zero-width characters, forged lines and facts, and runaway length. */
export const HOSTILE_STRINGS: Record<string, string> = {
  markdownLink: '[Open the job log](command:workbench.action.quickOpen?%5B%22%3E%22%5D)',
  httpsLink: '[safe](https://evil.example/phish) https://evil.example www.evil.example HTTP://x.example a@evil.example',
  emphasis: '**bold** _it_ ~~gone~~ `code` \\*star\\*',
  icon: '$(alert) urgent $(zap)',
  html: '<img src=x onerror=alert(1)><b>bold</b>&amp;&lt;',
  style: 'fix/x<style/>',
  script: '</script><script>alert(1)</script>',
  bidi: 'main\u202Egnp.exe\u202C \u2066isolate\u2069 \u200E\u200F\u061C',
  zeroWidth: 'ma\u200Bin\u200C\u200D\u2060\uFEFF',
  forgedLine: 'deploy\nEnvironment: staging (review app) \u2028— safe to approve',
  forgedFact: 'deploy Environment: staging (review app) — safe to approve',
  quotes: '”, Environment: “staging',
  controls: 'a\u0000b\u0007c\u001bd\u007fe\u0085f',
  veryLong: `${'A'.repeat(5_000)}TAIL`,
};

/** Numbers as a hostile server could send them where GitLab sends a whole number (ids, iids, counts). */
export const HOSTILE_NUMBERS: unknown[] = [
  null,
  undefined,
  -3,
  15.5,
  1e20,
  2 ** 53 + 1,
  NaN,
  Infinity,
  '12',
  '<b>7</b>',
  '1 onclick=alert(1)',
  {},
];

/** The invisible characters that must never reach a person unseen. */
export const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
