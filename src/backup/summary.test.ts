import { describe, expect, it } from 'vitest';
import { backupLines, contentsLine, formatBytes, restoreLines } from './summary.ts';

const contents = {
  rows: { kysely_migration: 15, patients: 6000, requests: 7487, appointments: 1, audit_events: 2 },
  totalRows: 13_505,
  timely: true,
  dataRows: 13_490,
  migration: '0015_disruption',
};

describe('what backup and restore print', () => {
  it('sizes in binary units, one decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(765.8 * 1024)).toBe('765.8 kB');
    expect(formatBytes(14_276_350)).toBe('13.6 MB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TB');
  });

  it('tables, rows, the member records, the schema', () => {
    expect(contentsLine(contents)).toBe(
      '5 tables, 13,505 rows (6,000 patients, 7,487 requests, 1 appointment, 2 audit events), schema at 0015_disruption',
    );
  });

  it('a backup: what, where to, how big, how long', () => {
    const lines = backupLines(
      { kind: 'postgres', bytes: 2048, contents, seconds: 1.234 },
      'PostgreSQL at postgres://timely@db/care',
      'nightly.dump',
    );
    expect(lines[0]).toBe(
      'timely: backed up PostgreSQL at postgres://timely@db/care to nightly.dump (pg_dump custom-format archive)',
    );
    expect(lines[1]).toMatch(/^timely: 2\.0 kB, 5 tables, .* in 1\.2 s$/);
  });

  it('a restore over data says where the replaced folder was kept', () => {
    const lines = restoreLines(
      { kind: 'pglite', contents, keptIn: 'data.replaced-2026', seconds: 2 },
      'b.tgz',
      'PGlite in data',
    );
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'timely: restored b.tgz (PGlite data-folder dump, gzipped tar) into PGlite in data',
    );
    expect(lines[2]).toMatch(/kept in data\.replaced-2026 /);
  });
});
