/**
 * `timely backup` and `timely restore` end to end, on every back end
 * (`backup.*.int.test.ts`), through the command line as a user runs them: the small demo
 * network is backed up, restored into a new empty database, and the two compared table
 * by table — row counts and a checksum of every row (`table-fingerprints.ts`), the
 * migrations' own tables and the sequences included. Then what must never happen: a
 * restore over data without --force, a damaged file, a file of the other kind — each
 * refused in one line, the database unchanged.
 *
 * The tests run in order and share the backup file: each step builds on the last.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runTimely } from '../cli/testing.ts';
import { MigrationList, migrateToLatest } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { TABLES } from '../db/schema.ts';
import { demoToday } from '../demo/dataset.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { accessStamp } from './access-stamp.ts';
import type { BackupTier, TierDatabase } from './backup-tiers.ts';
import { formatBytes } from './summary.ts';
import { type DatabaseFingerprint, fingerprintDatabase } from './table-fingerprints.ts';
import { pgliteLikeTarball } from './tarball-fixture.ts';

const SLOW = 180_000;

/** The restore's own audit event: the one row a restored database has beyond the backup. */
const RESTORE_EVENT = sql<boolean>`detail->>'command' = 'restore'`;

export function describeBackupRoundTrip(tier: BackupTier): void {
  let work: string;
  let file: string;
  let source: TierDatabase;
  let target: TierDatabase;
  /** The source as the backup holds it (its backup event included). */
  let backedUp: DatabaseFingerprint;

  /** Runs `timely` in the work folder, pointed at `db`. */
  async function timely(argv: readonly string[], db: TierDatabase) {
    vi.stubEnv('DATABASE_URL', db.databaseUrl);
    try {
      return await runTimely([...argv, ...db.dataArgs], work);
    } finally {
      vi.unstubAllEnvs();
    }
  }

  const fingerprint = async (db: TierDatabase): Promise<DatabaseFingerprint> => {
    const found = await db.use((kysely) =>
      fingerprintDatabase(kysely, { audit_events: RESTORE_EVENT }),
    );
    // Its row is counted, but not its value: every restore renews the access stamp
    // (access-stamp.ts).
    const stamp = found.tables.access_version;
    return stamp
      ? { ...found, tables: { ...found.tables, access_version: { ...stamp, md5: 'renewed' } } }
      : found;
  };

  /** A refusal: exit 2, nothing on stdout, one line on stderr matching `message`. */
  function expectRefused(run: Awaited<ReturnType<typeof timely>>, message: RegExp): void {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'timely-backup-'));
    file = join(work, tier.name === 'pglite' ? 'timely.tgz' : 'timely.dump');
    source = await tier.create();
    target = await tier.create();
    await source.use(async (db) => {
      await migrateToLatest(db);
      await loadDemo(db, { size: 'small', today: demoToday() });
    });
  }, SLOW);

  afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it(
    'backs up the whole database into FILE, and says what it wrote',
    async () => {
      const run = await timely(['backup', 'timely-backup'], source);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const [what, figures] = run.stdout.trimEnd().split('\n');
      expect(what).toMatch(
        tier.name === 'pglite'
          ? /^timely: backed up PGlite in .* to timely-backup \(PGlite data-folder dump, gzipped tar\)$/
          : /^timely: backed up PostgreSQL at postgres:\/\/.* to timely-backup \(pg_dump custom-format archive\)$/,
      );
      expect(figures).toMatch(
        /^timely: [\d.]+ (kB|MB), \d+ tables, [\d,]+ rows \([\d,]+ patients, [\d,]+ requests, [\d,]+ appointments, 1 audit event\), schema at \d{4}_\w+, in [\d.]+ s$/,
      );

      // Whole and alone: no partial file left beside it, and readable by its owner only.
      expect(await readdir(work)).toEqual(['timely-backup']);
      const written = await stat(join(work, 'timely-backup'));
      expect(written.mode & 0o777).toBe(0o600);
      expect(figures).toMatch(new RegExp(`^timely: ${formatBytes(written.size)}, `));

      // The rows printed are the rows there are.
      backedUp = await fingerprint(source);
      const rows = Object.values(backedUp.tables).reduce((sum, table) => sum + table.rows, 0);
      expect(figures).toContain(` ${rows.toLocaleString('en-US')} rows `);

      // The other tests restore from `file`.
      await writeFile(file, await readFile(join(work, 'timely-backup')));
    },
    SLOW,
  );

  it('records the backup in the audit trail: one event, on the database, by the command line', async () => {
    const events = await source.use((db) =>
      db
        .selectFrom('audit_events')
        .selectAll()
        .where(sql`detail->>'command'`, '=', 'backup')
        .execute(),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'E',
      entity_type: 'Database',
      actor_role: 'cli',
      actor_user_id: null,
      source_address: 'local',
      patient_id: null,
      outcome: 'success',
      detail: { command: 'backup' },
    });
  });

  it(
    'restores into a new empty database: every row of every table comes back',
    async () => {
      const run = await timely(['restore', file], target);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^timely: restored .*timely\.(tgz|dump) \(.*\) into /);
      expect(run.stdout).toMatch(/\ntimely: \d+ tables, [\d,]+ rows .* in [\d.]+ s\n$/);

      const restored = await fingerprint(target);
      expect(restored).toEqual(backedUp);

      // Every table of the schema, the migrations' own, and real rows in the ones that matter.
      const tables = Object.keys(backedUp.tables);
      expect(tables).toEqual(expect.arrayContaining([...TABLES, 'kysely_migration']));
      expect(backedUp.tables.kysely_migration?.rows).toBe(new MigrationList().names().length);
      for (const table of [
        'medical_centers',
        'clinicians',
        'patients',
        'requests',
        'appointments',
      ]) {
        expect(backedUp.tables[table]?.rows, table).toBeGreaterThan(0);
      }
      expect(Object.keys(backedUp.sequences)).not.toHaveLength(0);
    },
    SLOW,
  );

  it(
    'restores without --force into a database that timely serve has only migrated',
    async () => {
      const migrated = await tier.create();
      try {
        await migrated.use((db) => migrateToLatest(db).then(() => {}));
        const run = await timely(['restore', file], migrated);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).not.toContain('kept in');
        expect(await fingerprint(migrated)).toEqual(backedUp);
      } finally {
        await migrated.dispose();
      }
    },
    SLOW,
  );

  it('the restored database has a new access stamp, so no server trusts token rows read before', async () => {
    const [before, after] = await Promise.all([source.use(accessStamp), target.use(accessStamp)]);
    expect(before).toMatch(/^[0-9a-f-]{36}$/);
    expect(after).toMatch(/^[0-9a-f-]{36}$/);
    expect(after).not.toBe(before);
  });

  it('the restored database records its restore, after the history it restored', async () => {
    const events = await target.use((db) =>
      db
        .selectFrom('audit_events')
        .select(['action', 'entity_type', 'actor_role', 'detail'])
        .where(sql`detail->>'command'`, 'in', ['backup', 'restore'])
        .orderBy('recorded_at')
        .execute(),
    );
    expect(events).toEqual([
      { action: 'E', entity_type: 'Database', actor_role: 'cli', detail: { command: 'backup' } },
      { action: 'E', entity_type: 'Database', actor_role: 'cli', detail: { command: 'restore' } },
    ]);
  });

  it('the restored database still refuses a double booking', async () => {
    await target.use(async (db) => {
      const booked = await db
        .selectFrom('appointments')
        .selectAll()
        .where('status', '=', 'booked')
        .limit(1)
        .executeTakeFirstOrThrow();
      const { id: _id, created_at: _created, ...overlapping } = booked;
      const insert = db
        .insertInto('appointments')
        .values({ ...overlapping, id: 'backup-test-overlap' })
        .execute();
      // 23P01: exclusion_violation (PostgreSQL docs, Appendix A).
      await expect(insert).rejects.toMatchObject({ code: '23P01' });
    });
  });

  it(
    'refuses to restore over a database that holds data without --force, changing nothing',
    async () => {
      const before = await fingerprint(target);
      const run = await timely(['restore', file], target);
      expectRefused(
        run,
        /^timely: (PGlite in|PostgreSQL at) .* holds data \([\d,]+ rows\): a restore replaces all of it; back it up first \(timely backup FILE\), then restore with --force$/,
      );
      expect(await fingerprint(target)).toEqual(before);
    },
    SLOW,
  );

  it(
    'refuses a damaged backup, even with --force, changing nothing',
    async () => {
      const whole = await readFile(file);
      await writeFile(join(work, 'cut'), whole.subarray(0, Math.floor(whole.length * 0.6)));
      const before = await fingerprint(target);
      const run = await timely(['restore', 'cut', '--force'], target);
      expectRefused(run, /^timely: cut: a damaged or incomplete (PGlite dump|pg_dump archive) \(/);
      expect(await fingerprint(target)).toEqual(before);
    },
    SLOW,
  );

  it(
    'refuses a backup made for the other kind of database, even with --force, changing nothing',
    async () => {
      await writeFile(
        join(work, 'other-kind'),
        tier.name === 'pglite' ? Buffer.from('PGDMP\u0001\u000f\u0000') : pgliteLikeTarball(),
      );
      const before = await fingerprint(target);
      const run = await timely(['restore', 'other-kind', '--force'], target);
      expectRefused(
        run,
        tier.name === 'pglite'
          ? /^timely: other-kind is a PostgreSQL server backup \(pg_dump\): restore it into a server/
          : /^timely: other-kind is a PGlite data-folder backup: restore it into PGlite/,
      );
      expect(await fingerprint(target)).toEqual(before);
    },
    SLOW,
  );

  it(
    'with --force, replaces a database that holds data with the backup',
    async () => {
      // A member added after the backup: the restore must take it away again.
      await target.use(async (db) => {
        const center = await db
          .selectFrom('medical_centers')
          .select('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('patients')
          .values({ center_id: center.id, id: 'after-backup', member_number: 'M-0', name: 'X' })
          .execute();
      });
      // The comparison has teeth: one member more is a different database.
      expect((await fingerprint(target)).tables.patients).not.toEqual(backedUp.tables.patients);

      const run = await timely(['restore', file, '--force'], target);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(await fingerprint(target)).toEqual(backedUp);

      if (tier.name === 'pglite') {
        // The folder it replaced is kept aside, the member added after the backup in it.
        const keptIn = /kept in (\S+) /.exec(run.stdout)?.[1];
        expect(keptIn).toMatch(/\.replaced-\d{4}-\d\d-\d\dT/);
        const kept = await openDatabase({ dataDir: keptIn ?? '' });
        try {
          const member = await kept.db
            .selectFrom('patients')
            .select('id')
            .where('id', '=', 'after-backup')
            .execute();
          expect(member).toEqual([{ id: 'after-backup' }]);
        } finally {
          await kept.close();
        }
      } else {
        expect(run.stdout).not.toContain('kept in');
      }
    },
    SLOW,
  );

  it(
    'refuses to back up a database that holds no Timely schema',
    async () => {
      const bare = await tier.create();
      try {
        await bare.use(async () => {}); // PGlite: creates the folder's (empty) database
        const run = await timely(['backup', 'bare-backup'], bare);
        expectRefused(run, /holds no Timely database: nothing to back up$/);
        expect(await readdir(work)).not.toContain('bare-backup');
      } finally {
        await bare.dispose();
      }
    },
    SLOW,
  );
}
