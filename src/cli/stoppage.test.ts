/**
 * `timely stoppage` through the real command, on the small demo network in a temporary
 * PGlite folder (DATABASE_URL cleared so a developer's server is never used): a strike
 * declared, previewed, executed, reported on, its members listed and ended — checked by
 * what a user sees (stdout, stderr, exit code) and by the rows it leaves behind; then
 * bad input, each refused with one line naming the option and exit 2.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/open-database.ts';
import { DisruptionService } from '../disruption/service.ts';
import { commandAuditContext } from '../server/audit.ts';
import { main } from './main.ts';
import { type Run, runTimely } from './testing.ts';

const DAY_MS = 86_400_000;

let dir: string;

/** `timely stoppage …` on the test's data folder. */
function stoppage(...args: string[]): Promise<Run> {
  return runTimely(['stoppage', ...args, '--data', 'db'], dir);
}

function json<T>(run: Run): T {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** A whole hour, `days` from now, as the ISO 8601 instant a user would type. */
function isoInDays(days: number): string {
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return new Date(hour + days * DAY_MS).toISOString();
}

async function withDatabase<T>(
  work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
): Promise<T> {
  const opened = await openDatabase({ dataDir: join(dir, 'db') });
  try {
    return await work(opened.db);
  } finally {
    await opened.close();
  }
}

function expectOneLine(run: Run, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^timely: /);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
  expect(run.stderr).toMatch(message);
}

interface Totals {
  affected: number;
  kept: number;
  movedSameClinician: number;
  movedOtherClinician: number;
  referredOut: number;
  unplaceable: number;
  metBefore: number;
  metAfter: number;
  notMet: number;
}
interface PreviewJson {
  stoppageId: string;
  totals: Totals;
  byStandard: (Totals & { standard: string })[];
  entries: { seq: number; result: string; appliedAt: string | null }[];
}
interface StoppageJson {
  id: string;
  status: string;
  startsAt: string;
  clinicians: { inScope: number; participating: number };
  plan: { entries: number; applied: number };
}

beforeAll(async () => {
  vi.stubEnv('DATABASE_URL', '');
  dir = await mkdtemp(join(tmpdir(), 'timely-stoppage-cli-'));
  const demo = await runTimely(['demo', '--size', 'small', '--data', 'db'], dir);
  expect(demo.code).toBe(0);
  // The simulator's prediction for a strike, as `report --prediction` takes it.
  await writeFile(
    join(dir, 'strike.yaml'),
    'name: strike\nseed: 5\ndays: 30\nnetwork:\n  clinicians: 10\n  centers: [los-angeles]\n',
  );
  const simulated = await runTimely(['simulate', 'strike.yaml', '--json', '--quiet'], dir);
  expect(simulated.code).toBe(0);
  await writeFile(join(dir, 'prediction.json'), simulated.stdout);
  await writeFile(join(dir, 'not-json.json'), '{"scenarios": [');
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('a strike from declaration to its end', () => {
  let id: string;
  let totals: Totals;

  it('declares a strike of half the union psychologists and LCSWs for a week', async () => {
    const declared = json<StoppageJson>(
      await stoppage(
        'declare',
        '--name',
        'Test strike',
        '--from',
        isoInDays(1),
        '--to',
        isoInDays(8),
        '--discipline',
        'psychologist,lcsw',
        '--union',
        '--participation',
        '0.5',
        '--json',
      ),
    );
    id = declared.id;
    expect(declared.status).toBe('draft');
    expect(declared.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000-0[78]:00$/);
    expect(declared.clinicians.inScope).toBeGreaterThan(0);
    expect(declared.clinicians.participating).toBe(Math.round(declared.clinicians.inScope / 2));

    const listed = await stoppage('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id} +Test strike +strike +draft `, 'm'));
  }, 60_000);

  it('previews the plan: each affected appointment counted under one result and one standard', async () => {
    const preview = json<PreviewJson>(await stoppage('preview', id, '--json', '--entries', '5'));
    totals = preview.totals;
    expect(preview.stoppageId).toBe(id);
    expect(totals.affected).toBeGreaterThan(0);
    // Kept appointments are entries, not affected ones.
    expect(
      totals.movedSameClinician +
        totals.movedOtherClinician +
        totals.referredOut +
        totals.unplaceable,
    ).toBe(totals.affected);
    expect(totals.metAfter + totals.notMet).toBe(totals.affected);
    const sum = (pick: (t: Totals) => number) =>
      preview.byStandard.reduce((n, t) => n + pick(t), 0);
    expect(sum((t) => t.affected)).toBe(totals.affected);
    expect(sum((t) => t.kept)).toBe(totals.kept);
    // The first five entries, in the order they were placed, none applied yet.
    expect(preview.entries).toHaveLength(5);
    const seqs = preview.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(preview.entries.every((e) => e.appliedAt === null)).toBe(true);
  }, 60_000);

  it('prints the preview as a table, one row per standard and the total', async () => {
    const run = await stoppage('preview', id);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Standard +Affected +Kept +Same clinician +Other clinician +Referred out +Unplaceable +Met before +Met after +Not met$/,
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `^total +${totals.affected.toLocaleString('en-US')} +${totals.kept.toLocaleString('en-US')} `,
        'm',
      ),
    );
    expect(lines.at(-1)).toMatch(/^Plan computed in \d+\.\d s\.$/);
  }, 60_000);

  it('executes the plan, printing the counts on stdout and nothing on stderr when stderr is not a terminal', async () => {
    const run = await stoppage('execute', id);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^timely: stoppage ${id} active: ${totals.affected.toLocaleString('en-US')} of ${totals.affected.toLocaleString('en-US')} plan entries applied`,
      ),
    );
    // The affected appointments are cancelled by the plan; none is still booked in the window.
    const cancelled = await withDatabase(async (db) => {
      const row = await db
        .selectFrom('stoppage_plan as p')
        .innerJoin('appointments as a', (join) =>
          join.onRef('a.center_id', '=', 'p.center_id').onRef('a.id', '=', 'p.appointment_id'),
        )
        .select((eb) => [
          eb.fn.countAll<number>().as('affected'),
          eb.fn.count<number>('a.id').filterWhere('a.status', '=', 'booked').as('stillBooked'),
        ])
        .where('p.stoppage_id', '=', id)
        .where('p.result', '<>', 'kept')
        .executeTakeFirstOrThrow();
      return { affected: Number(row.affected), stillBooked: Number(row.stillBooked) };
    });
    expect(cancelled).toEqual({ affected: totals.affected, stillBooked: 0 });
  }, 120_000);

  it('refuses to execute or preview it again: it is active', async () => {
    expectOneLine(
      await stoppage('execute', id),
      /is active: execution needs it draft or executing/,
    );
    expectOneLine(await stoppage('preview', id), /is active: a preview needs it draft/);
  }, 60_000);

  it('reports per day and standard as CSV, and the totals as a table with the referrals and the prediction', async () => {
    const csv = await stoppage('report', id, '--format', 'csv');
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe(
      'day,standard,affected,kept,moved,referredOut,unplaceable,metBefore,metAfter,meanWaitDaysBefore,meanWaitDaysAfter',
    );
    expect(rows.length).toBeGreaterThan(0);
    const affected = rows.reduce((n, row) => n + Number(row.split(',')[2]), 0);
    expect(affected).toBe(totals.affected);

    const table = await stoppage(
      'report',
      id,
      '--visit-cost',
      '100',
      '--prediction',
      'prediction.json',
    );
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Stoppage .* "Test strike" \(active\)/);
    expect(table.stdout).toContain(
      `Referrals out: ${totals.referredOut} × $100 = $${(totals.referredOut * 100).toLocaleString('en-US')}`,
    );
    expect(table.stdout).toMatch(
      /^Prediction \(simulated scenario "strike"\) beside what happened:$/m,
    );

    const report = json<{
      prediction: { scenario: string } | null;
      referrals: { visitCost: number };
    }>(await stoppage('report', id, '--format', 'json'));
    expect(report.prediction?.scenario).toBe('strike');
    expect(report.referrals.visitCost).toBe(250);
  }, 60_000);

  it('writes the notification list: one row per member whose appointment changed', async () => {
    const run = await stoppage('notifications', id, '--out', 'notices.csv');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = await readFile(join(dir, 'notices.csv'), 'utf8');
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(header).toBe(
      'patientCenterId,memberNumber,patientName,result,oldClinicianId,oldStart,newClinicianId,newProvider,newStart',
    );
    expect(rows).toHaveLength(totals.affected);
    expect(run.stdout).toBe(`timely: ${totals.affected} notifications written to notices.csv\n`);
    // Names of members: readable by the file's owner only.
    expect((await stat(join(dir, 'notices.csv'))).mode & 0o077).toBe(0);
    // On stdout, the same list.
    expect((await stoppage('notifications', id)).stdout).toBe(text);
  }, 60_000);

  it('ends the strike', async () => {
    const ended = json<{ stoppage: StoppageJson; moveBack: { candidates: number; moved: number } }>(
      await stoppage('end', id, '--move-back', '--json'),
    );
    expect(ended.stoppage.status).toBe('ended');
    expect(ended.moveBack.moved).toBeLessThanOrEqual(ended.moveBack.candidates);
    expectOneLine(await stoppage('end', id), /is ended: ending needs it draft or active/);
  }, 60_000);

  it('audits every step as the command line', async () => {
    const steps = await withDatabase((db) =>
      db
        .selectFrom('audit_events')
        .select(['action', 'actor_role', 'detail'])
        .where('entity_type', '=', 'Stoppage')
        .where('entity_id', '=', id)
        .execute(),
    );
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const step of steps) {
      expect(step.actor_role).toBe('cli');
      expect(step.detail).toMatchObject({ command: 'stoppage' });
    }
  }, 60_000);
});

describe('an execution cut off, run again on a terminal', () => {
  it('resumes where it stopped, drawing a bar on stderr that is cleared before the counts', async () => {
    const [from, to] = [isoInDays(9), isoInDays(16)];
    // A clinician off sick for a week, one with appointments in that week.
    const busiest = await withDatabase((db) =>
      db
        .selectFrom('appointments')
        .select(['clinician_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'booked')
        .where('starts_at', '>=', new Date(from))
        .where('starts_at', '<', new Date(to))
        .groupBy('clinician_id')
        .orderBy('n', 'desc')
        .orderBy('clinician_id')
        .executeTakeFirstOrThrow(),
    );
    const declared = json<StoppageJson>(
      await stoppage(
        'declare',
        '--name',
        'Dr. off sick',
        '--kind',
        'absence',
        '--from',
        from,
        '--to',
        to,
        '--clinician',
        busiest.clinician_id,
        '--json',
      ),
    );
    expect(declared.clinicians).toEqual({ inScope: 1, participating: 1 });
    const { totals } = json<PreviewJson>(await stoppage('preview', declared.id, '--json'));
    expect(totals.affected).toBeGreaterThan(1);

    // The connection is lost after the first entry is applied: the stoppage stays executing.
    await withDatabase(async (db) => {
      const cutOff = new DisruptionService(db).execute(
        declared.id,
        commandAuditContext('stoppage'),
        {
          batchSize: 1,
          onProgress: () => {
            throw new Error('connection lost');
          },
        },
      );
      await expect(cutOff).rejects.toThrow('connection lost');
    });

    let stdout = '';
    let stderr = '';
    const code = await main(['stoppage', 'execute', declared.id, '--data', 'db'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: Object.assign({ write: (text: string) => (stderr += text) }, { isTTY: true }),
      cwd: dir,
    });
    expect(code).toBe(0);
    const [note, bar] = stderr.split('\n');
    expect(note).toBe(
      `timely: resuming the execution of ${declared.id}: 1 of ${totals.affected} plan entries were applied before it stopped`,
    );
    expect(bar!.startsWith('\rexecuting [')).toBe(true);
    expect(bar).toMatch(/executing \[#{30}\] 100% {2}[\d,]+\/[\d,]+ entries {2}\d+:\d\d/);
    expect(bar!.endsWith('\r\x1b[K')).toBe(true);
    expect(stdout).toMatch(
      new RegExp(
        `^timely: stoppage ${declared.id} active: ${totals.affected} of ${totals.affected} plan entries applied`,
      ),
    );
  }, 120_000);
});

describe('bad input: one line naming the problem, exit 2, nothing written', () => {
  let declaredBefore: number;
  const countStoppages = () =>
    withDatabase(async (db) =>
      Number(
        (
          await db
            .selectFrom('stoppages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
  beforeAll(async () => {
    declaredBefore = await countStoppages();
  });

  const declare = [
    'declare',
    '--name',
    'x',
    '--from',
    '2027-01-11T08:00Z',
    '--to',
    '2027-01-18T08:00Z',
  ];

  it.each<[string, string[], RegExp]>([
    [
      'an unknown action',
      ['strike'],
      /^timely: action: expected one of declare, list, preview, execute, end, report, notifications, got "strike"$/m,
    ],
    [
      'a bad date',
      ['declare', '--name', 'x', '--from', 'soon', '--to', '2027-01-18'],
      /^timely: --from: expected an ISO 8601 date-time/m,
    ],
    [
      'participation out of range',
      [...declare, '--participation', '1.2', '--center', 'x'],
      /^timely: --participation: expected a share above 0 and at most 1 \(e\.g\. 0\.8\), got "1\.2"$/m,
    ],
    [
      'an unknown clinician',
      [...declare, '--clinician', 'nobody-here'],
      /^timely: --clinician: no active clinician "nobody-here"$/m,
    ],
    [
      'a scope naming nobody',
      [...declare, '--discipline', 'astrologer'],
      /^timely: the scope \(--clinician, --discipline, --center, --union\): names no active clinician$/m,
    ],
    [
      'an unknown id',
      ['preview', 'no-such-stoppage'],
      /^timely: stoppage "no-such-stoppage" is unknown$/m,
    ],
    [
      'an unknown id to report on',
      ['report', 'no-such-stoppage'],
      /^timely: stoppage "no-such-stoppage" is unknown$/m,
    ],
    [
      'a missing prediction file',
      ['report', 'x', '--prediction', 'nope.json'],
      /^timely: --prediction: nope\.json: not found$/m,
    ],
    [
      'a prediction file that is not JSON',
      ['report', 'x', '--prediction', 'not-json.json'],
      /^timely: --prediction: not-json\.json is not JSON/m,
    ],
    [
      '--out naming a folder',
      ['notifications', 'x', '--out', '.'],
      /^timely: --out: \. is a directory$/m,
    ],
    [
      'an option of another action',
      ['list', '--move-back'],
      /^timely: --move-back: not an option of "stoppage list"$/m,
    ],
  ])(
    '%s',
    async (_, args, message) => {
      expectOneLine(await stoppage(...args), message);
    },
    60_000,
  );

  it('refuses a prediction that is not the simulator’s output, naming the field', async () => {
    const { id } = await withDatabase((db) =>
      db
        .selectFrom('stoppages')
        .select('id')
        .where('name', '=', 'Test strike')
        .executeTakeFirstOrThrow(),
    );
    await writeFile(join(dir, 'other.json'), '{"scenarios": [{"name": "x"}]}');
    expectOneLine(
      await stoppage('report', id, '--prediction', 'other.json'),
      /^timely: --prediction: scenarios\.0\.summary: .*\(expected the output of timely simulate --json\)$/m,
    );
    expectOneLine(
      await stoppage('report', id, '--prediction', 'prediction.json', '--scenario', 'calm'),
      /^timely: --scenario: no scenario "calm" in the output \(it has strike\)$/m,
    );
  }, 60_000);

  it('wrote no stoppage for any of them', async () => {
    expect(await countStoppages()).toBe(declaredBefore);
  }, 60_000);
});
