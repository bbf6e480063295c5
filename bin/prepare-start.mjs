// What `npm start` does before serving (bin/start.mjs): the web app built and the server
// bundled (esbuild) when their sources changed since the last time (one hash of web/,
// src/ and the lockfile). Run alone (`node bin/prepare-start.mjs`), it only prepares:
// the web benchmark does, so that it times a start as users meet it, everything built.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildWebIfStale, inputsHash } from '../web/scripts/build-if-stale.mjs';

export const BUNDLE = fileURLToPath(new URL('../dist/server/timely.mjs', import.meta.url));
const STAMP = `${BUNDLE}.inputs-sha256`;

export async function prepareStart() {
  const hash = await inputsHash();
  await buildWebIfStale(hash);
  if (existsSync(BUNDLE) && existsSync(STAMP) && (await readFile(STAMP, 'utf8')) === hash) return;
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli/bundle-entry.ts', import.meta.url))],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as they are; only Timely's own code is bundled.
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await writeFile(STAMP, hash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await prepareStart();
