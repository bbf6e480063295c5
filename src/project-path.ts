/**
 * A path inside the project (the folder of Timely's package.json), found by walking up
 * from this module: the same answer from the sources (`src/…`) and from `npm start`'s
 * bundled server (`dist/…`), where paths relative to a module would point elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'timely';

function findProjectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (name === PACKAGE_NAME) return folder;
    }
    const parent = dirname(folder);
    if (parent === folder)
      throw new Error(`no ${PACKAGE_NAME} package.json above ${import.meta.url}`);
    folder = parent;
  }
}

const ROOT = findProjectRoot();

/** `projectPath('web', 'dist')` → `/…/timely/web/dist`. */
export function projectPath(...segments: readonly string[]): string {
  return join(ROOT, ...segments);
}
