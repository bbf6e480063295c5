/**
 * The shipped entry point, end to end: `node bin/timely.mjs` as a user's shell (or npx)
 * runs it, in a child process, with real stdout, stderr and exit status.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/timely.mjs', import.meta.url));

function timely(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('bin/timely.mjs', () => {
  it('computes a deadline as JSON and exits 0', () => {
    const run = timely(
      'deadline',
      '--standard',
      'nonurgent-nonphysician-mh',
      '--at',
      '2026-11-24T10:00:00-08:00',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toStrictEqual({
      standard: 'nonurgent-nonphysician-mh',
      clockStart: '2026-11-24T10:00:00.000-08:00',
      deadline: '2026-12-10T23:59:59.999-08:00',
      limit: { unit: 'business-days', amount: 10 },
    });
  });

  it('exits 2 with one line on stderr for bad input', () => {
    const run = timely('deadline', '--standard', 'foo', '--at', '2026-11-24T10:00');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^timely: --standard: unknown standard "foo" \(known: [^\n]+\)\n$/);
  });
});
