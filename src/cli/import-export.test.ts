/**
 * `timely import` and `timely export` through the real command: exit codes, what each
 * prints, and that bad input is reported line by line without a stack trace. PGlite in
 * a temporary folder (DATABASE_URL is cleared so a developer's server is never used).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/open-database.ts';
import { NETWORK } from '../transfer/fixtures.ts';
import { runTimely } from './testing.ts';

const BIN = fileURLToPath(new URL('../../bin/timely.mjs', import.meta.url));

describe('timely import and export', () => {
  let dir: string;
  const files = Object.keys(NETWORK);

  beforeAll(async () => {
    vi.stubEnv('DATABASE_URL', '');
    dir = await mkdtemp(join(tmpdir(), 'timely-transfer-cli-'));
    for (const [name, text] of Object.entries(NETWORK)) await writeFile(join(dir, name), text);
    await writeFile(
      join(dir, 'bad-clinicians.csv'),
      'centerId,id,name,discipline,languages,modalities,active,caseloadCap\n' +
        'north,c1,Ana,psychologist,en,in-person,yes,\n' +
        'north,c2,Ben,lcsw,en,phone,true,0\n',
    );
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the files, prints the counts per type and exits 0', async () => {
    const run = await runTimely(['import', ...files, '--data', 'db'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^timely: imported into PGlite in db\n/);
    expect(run.stdout).toMatch(/^clinicians +3$/m);
    expect(run.stdout).toMatch(/^template sessions +3$/m);
    expect(run.stdout).toMatch(/^appointments +3$/m);
  }, 60_000);

  it('refuses a second import of the same files: exit 2, every duplicate listed, no stack', async () => {
    const run = await runTimely(['import', 'centers.csv', 'patients.csv', '--data', 'db'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'timely: import refused, nothing was written: 4 problems',
      'centers.csv:2 id: north already exists in the database (an import adds records and never changes them)',
      'centers.csv:3 id: south already exists in the database (an import adds records and never changes them)',
      'patients.csv:2 id: north/p1 already exists in the database (an import adds records and never changes them)',
      'patients.csv:3 id: south/p2 already exists in the database (an import adds records and never changes them)',
    ]);
  }, 60_000);

  it('exports CSV that imports into an empty database and exports to the same bytes', async () => {
    const first = await runTimely(['export', '--out', 'out1', '--data', 'db'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^out1\/appointments\.csv +3$/m);
    const exported = (await readdir(join(dir, 'out1'))).sort();
    expect(exported).toHaveLength(10);
    const again = await runTimely(
      ['import', ...exported.map((name) => join('out1', name)), '--data', 'db2'],
      dir,
    );
    expect(again.code).toBe(0);
    expect((await runTimely(['export', '--out', 'out2', '--data', 'db2'], dir)).code).toBe(0);
    for (const name of exported) {
      expect(await readFile(join(dir, 'out2', name), 'utf8'), name).toBe(
        await readFile(join(dir, 'out1', name), 'utf8'),
      );
    }
  }, 120_000);

  it('exports a FHIR Bundle with --format fhir', async () => {
    const run = await runTimely(
      ['export', '--format', 'fhir', '--out', 'fhir', '--data', 'db'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Practitioner +3$/m);
    const bundle = JSON.parse(await readFile(join(dir, 'fhir', 'bundle.json'), 'utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
  }, 60_000);

  it('leaves an audit event for every record of health information imported or exported', async () => {
    const opened = await openDatabase({ dataDir: join(dir, 'db') });
    try {
      const events = await opened.db
        .selectFrom('audit_events')
        .select(['action', 'entity_type', 'actor_role', 'source_address', 'request_id', 'detail'])
        .execute();
      const runs = new Map<string, string[]>();
      for (const event of events) {
        expect(event).toMatchObject({ actor_role: 'cli', source_address: 'local' });
        const run = `${String(event.detail.command)} ${event.action}`;
        runs.set(run, [...(runs.get(run) ?? []), event.request_id ?? '']);
      }
      // The import: 2 patients, 2 requests, 3 appointments. The refused one: nothing.
      // The CSV export read the same 7; the FHIR export its 2 patients and 3 appointments.
      expect([...runs].map(([run, ids]) => [run, ids.length]).sort()).toEqual([
        ['export R', 12],
        ['import C', 7],
      ]);
      expect(new Set(runs.get('import C')).size).toBe(1);
      expect(new Set(runs.get('export R')).size).toBe(2);
    } finally {
      await opened.close();
    }
  }, 60_000);

  const usage: [string, string[], RegExp][] = [
    ['a missing file', ['import', 'nope.csv', '--data', 'db'], /^timely: nope\.csv: not found\n$/],
    ['no file', ['import'], /^timely: missing required argument 'file'\n$/],
    ['no --out', ['export'], /^timely: required option '--out <dir>' not specified\n$/],
    [
      'an unknown format',
      ['export', '--out', 'x', '--format', 'xml'],
      /^timely: --format: expected csv or fhir, got "xml"\n$/,
    ],
    [
      '--out naming a file',
      ['export', '--out', 'centers.csv'],
      /^timely: --out: centers\.csv is a file, not a folder\n$/,
    ],
  ];

  it.each(usage)('%s: exit 2, one line', async (_, argv, message) => {
    const run = await runTimely(argv, dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('the shipped bin lists every bad row of a file (typed by its header) and exits 2', () => {
    const run = spawnSync(
      process.execPath,
      [BIN, 'import', 'centers.csv', 'bad-clinicians.csv', '--data', 'db3'],
      { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATABASE_URL: '' } },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'timely: import refused, nothing was written: 3 problems',
        'bad-clinicians.csv:2 active: expected true or false',
        'bad-clinicians.csv:3 caseloadCap: Too small: expected number to be >=1',
        'bad-clinicians.csv:3 modalities.0: Invalid option: expected one of "in-person"|"video"',
        '',
      ].join('\n'),
    );
  }, 60_000);
});
