import { describe, expect, it } from 'vitest';
import { parseArchiveTables } from './archive-tables.ts';

describe("an archive's tables, from pg_restore --list", () => {
  it('lists each TABLE entry once, not its TABLE DATA, nor other objects', () => {
    const list = [
      ';',
      '; Archive created at 2026-11-24 10:00:00 UTC',
      ';     dbname: timely',
      ';',
      '2; 3079 16385 EXTENSION - btree_gist ',
      '229; 1259 16397 TABLE public appointments postgres',
      '230; 1259 16390 TABLE public kysely_migration postgres',
      '231; 1259 16420 SEQUENCE public booking_changes_seq_seq postgres',
      '3456; 0 16397 TABLE DATA public appointments postgres',
      '3500; 2606 16500 CONSTRAINT public appointments appointments_pkey postgres',
      '',
    ].join('\n');
    expect(parseArchiveTables(list)).toEqual([
      { schema: 'public', name: 'appointments' },
      { schema: 'public', name: 'kysely_migration' },
    ]);
  });
});
