// Collects every string the extension passes to vscode.l10n.t in src/ into l10n/bundle.l10n.json, the file translators
// start from (bundle.l10n.<locale>.json next to it translate it). `npm run l10n` writes it; the unit tests check it is
// current. Only string literals are collected: l10n.t must be called with a literal message, never a variable.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const check = process.argv.includes('--check');

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** `l10n.t(` followed by a quoted literal (single or double quotes; no template literals). */
const CALL = /\bl10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;

export function collectMessages(root = '.') {
  const messages = new Set();
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(CALL)) {
      const raw = match[1] ?? match[2];
      messages.add(unescapeLiteral(raw));
    }
  }
  return Object.fromEntries([...messages].sort().map((m) => [m, m]));
}

/** The value of a quoted JS string literal's body, its escapes read as JavaScript reads the common ones. */
function unescapeLiteral(body) {
  const escapes = { n: '\n', t: '\t', r: '\r', 0: '\0' };
  return body.replace(/\\(u\{?[0-9a-fA-F]+\}?|.)/g, (_all, code) =>
    code.startsWith('u') && code.length > 1
      ? String.fromCodePoint(parseInt(code.replace(/[u{}]/g, ''), 16))
      : (escapes[code] ?? code),
  );
}

const bundle = `${JSON.stringify(collectMessages(), null, 2)}\n`;
const path = join('l10n', 'bundle.l10n.json');
if (check) {
  if (readFileSync(path, 'utf8') !== bundle) {
    console.error(`${path} is out of date: run npm run l10n`);
    process.exit(1);
  }
} else {
  writeFileSync(path, bundle);
  console.log(`${path}: ${Object.keys(JSON.parse(bundle)).length} messages`);
}
