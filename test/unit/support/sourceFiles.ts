import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root, from a compiled test under out/test/unit/<folder>/. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Every `.ts` file under `dir` (relative to the repository's root), as paths relative to the root. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}
