import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DailyRow } from '../../engine/simulation/result.ts';
import { csvField, dailyCsv, toCsv, writeDailyCsv } from './csv.ts';

const row: DailyRow = {
  date: '2026-03-02',
  arrivals: 912,
  visits: 880.4,
  externalVisits: 12,
  noShows: 61,
  cancellations: 35,
  referralsOut: 3,
  backlog: 10_541.2,
  waitlist: 1054,
  compliance: 0.812345678,
  cliniciansAtWork: 2400,
  cliniciansOnStrike: 0,
};

describe('daily series as CSV', () => {
  it('has a header of the column names and one line per day, CRLF-terminated (RFC 4180)', () => {
    expect(dailyCsv([row, { ...row, date: '2026-03-03', compliance: null }])).toBe(
      'date,arrivals,visits,externalVisits,noShows,cancellations,referralsOut,backlog,waitlist,compliance,cliniciansAtWork,cliniciansOnStrike\r\n' +
        '2026-03-02,912,880.4,12,61,35,3,10541.2,1054,0.812346,2400,0\r\n' +
        '2026-03-03,912,880.4,12,61,35,3,10541.2,1054,,2400,0\r\n',
    );
  });

  it('leaves a null cell empty and prints counts whole, other numbers to 6 decimals', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(1 / 3)).toBe('0.333333');
    expect(csvField(-0.0000001)).toBe('0');
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes', () => {
    expect(
      toCsv(
        ['name', 'n'],
        [
          ['strike, 4 weeks', 1],
          ['say "no"', 2],
          ['two\nlines', 3],
        ],
      ),
    ).toBe('name,n\r\n"strike, 4 weeks",1\r\n"say ""no""",2\r\n"two\nlines",3\r\n');
    expect(csvField('plain')).toBe('plain');
  });

  it('refuses a number that is not finite: that is a bug upstream, not an empty cell', () => {
    expect(() => dailyCsv([{ ...row, backlog: Number.NaN }])).toThrow(RangeError);
  });
});

describe('writing the CSV', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes <scenario>-daily.csv with a safe file name, creating the directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'timely-csv-'));
    const path = await writeDailyCsv(join(dir, 'out'), '../Strike 4 weeks', [row]);
    expect(path).toBe(join(dir, 'out', 'strike-4-weeks-daily.csv'));
    expect(await readFile(path, 'utf8')).toBe(dailyCsv([row]));
  });
});
