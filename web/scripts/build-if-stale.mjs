/**
 * `npm start`'s first step (bin/start.mjs), and `npm run build:web` (`--always`): builds
 * the web app only when its inputs changed since the last build, so starting Timely
 * again does not wait for Vite (~1 s here).
 *
 * The inputs are every file the web app may bundle — web/ (but its output), all of src/
 * (the pages import the policy table, the simulator's worker the engine), the lockfile
 * and the Vite config — their names, sizes and modification times hashed together; the
 * hash is written next to the build. More than Vite reads, never less: a change anywhere
 * in src/ rebuilds, and a stale page is never served. Plain JavaScript, so it runs
 * before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'web', 'dist');
const STAMP = join(DIST, '.inputs-sha256');
const INPUTS = ['web', 'src', 'package-lock.json'];
const SKIP = new Set([join(ROOT, 'web', 'dist'), join(ROOT, 'web', 'node_modules')]);

async function filesUnder(path) {
  if (SKIP.has(path)) return [];
  const entries = await readdir(path, { withFileTypes: true }).catch((error) => {
    if (error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (entries === null) return [path];
  const nested = await Promise.all(entries.map((entry) => filesUnder(join(path, entry.name))));
  return nested.flat();
}

/** One hash of every input: a change anywhere in web/, src/ or the lockfile changes it. */
export async function inputsHash() {
  const files = (await Promise.all(INPUTS.map((input) => filesUnder(join(ROOT, input)))))
    .flat()
    .sort();
  // Each file's size and modification time, not its bytes: a tenth of the time, and a
  // file saved unchanged only costs one rebuild.
  const stats = await Promise.all(files.map((file) => stat(file)));
  const hash = createHash('sha256');
  files.forEach((file, i) => {
    hash.update(`${relative(ROOT, file)}\0${stats[i].size}\0${stats[i].mtimeMs}\n`);
  });
  return hash.digest('hex');
}

/**
 * Builds web/dist unless the inputs (`hash`, by default computed) are those of the build
 * there; `always` builds anyway (`npm run build:web`), still leaving the stamp.
 */
export async function buildWebIfStale(hash, { always = false } = {}) {
  hash ??= await inputsHash();
  const built = existsSync(join(DIST, 'index.html')) && existsSync(STAMP);
  if (!always && built && (await readFile(STAMP, 'utf8')) === hash) {
    process.stdout.write('web app: up to date (web/dist)\n');
    return;
  }
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // Always the production build: Vite takes NODE_ENV from the environment, and one left
  // at "test" or "development" (a test runner starting `npm start`) would bundle React's
  // development build, which runs every effect twice.
  const build = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (build.status !== 0) throw new Error(`the web app's build failed (exit ${build.status})`);
  await writeFile(STAMP, hash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWebIfStale(undefined, { always: process.argv.includes('--always') });
}
