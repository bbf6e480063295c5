/**
 * Finds the machine's `pg_dump` and `pg_restore` for a server backup. pg_dump refuses a
 * server newer than itself ("aborting because of server version mismatch"), so the tool
 * chosen is one whose major version is at least the server's (PostgreSQL docs, pg_dump:
 * "pg_dump can also dump from PostgreSQL servers older than its own version").
 *
 * Looked for, in order: the folder in TIMELY_PG_BIN when set (and only there), every
 * folder on PATH, then Debian/Ubuntu's /usr/lib/postgresql/<major>/bin, newest first —
 * where several client versions live side by side and only one is on PATH.
 */
import { execFile } from 'node:child_process';
import { access, constants, readdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { TimelyError } from '../engine/errors.ts';

export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  readonly path: string;
  readonly major: number;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → 15; "… 9.6.24" → 9. */
export function parseToolMajor(versionOutput: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return match ? Number(match[1]) : undefined;
}

/** The first candidate (in search order) new enough for the server. */
export function chooseTool(candidates: readonly PgTool[], serverMajor: number): PgTool | undefined {
  return candidates.find((tool) => tool.major >= serverMajor);
}

/** The folders to look in, in order. */
export async function searchFolders(env: NodeJS.ProcessEnv): Promise<string[]> {
  if (env.TIMELY_PG_BIN) return [env.TIMELY_PG_BIN];
  const onPath = (env.PATH ?? '').split(delimiter).filter((folder) => folder !== '');
  const versions = await readdir(DEBIAN_ROOT).catch(() => [] as string[]);
  const debian = versions
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => join(DEBIAN_ROOT, name, 'bin'));
  return [...onPath, ...debian];
}

export async function findPgTool(
  name: PgToolName,
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PgTool> {
  const candidates: PgTool[] = [];
  const seen = new Set<string>();
  for (const folder of await searchFolders(env)) {
    const path = join(folder, name);
    if (seen.has(path) || !(await isExecutable(path))) continue;
    seen.add(path);
    const major = await toolMajor(path);
    if (major !== undefined) candidates.push({ path, major });
  }
  const chosen = chooseTool(candidates, serverMajor);
  if (chosen) return chosen;
  const where = env.TIMELY_PG_BIN ? `in TIMELY_PG_BIN (${env.TIMELY_PG_BIN})` : 'on PATH';
  const install = `install the PostgreSQL ${serverMajor} client tools (e.g. postgresql-client-${serverMajor}), or set TIMELY_PG_BIN to their folder`;
  if (candidates.length === 0) {
    throw new TimelyError('CONFLICT', `${name} not found ${where}: ${install}`);
  }
  const newest = Math.max(...candidates.map((tool) => tool.major));
  throw new TimelyError(
    'CONFLICT',
    `${name} ${newest} is older than the server (PostgreSQL ${serverMajor}): ${install}`,
  );
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function toolMajor(path: string): Promise<number | undefined> {
  try {
    const { stdout } = await promisify(execFile)(path, ['--version'], { timeout: 10_000 });
    return parseToolMajor(stdout);
  } catch {
    return undefined;
  }
}
