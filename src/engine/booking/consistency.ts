/**
 * Checks that a schema-valid network is also consistent: every reference resolves,
 * no session overlaps another session or an admin block, template assignments do not
 * overlap, time off ends after it starts. Each failure names the record and field.
 */
import { TimelyError } from '../errors.ts';
import { dayNumberOfDate } from '../time.ts';
import type { Network } from './model.ts';

function fail(path: string, message: string): never {
  throw new TimelyError('NETWORK_INCONSISTENT', `${path}: ${message}`, { path });
}

export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function uniqueIds(records: readonly { id: string }[], root: string): Map<string, number> {
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    if (seen.has(record.id)) fail(`${root}[${i}].id`, `duplicate id "${record.id}"`);
    seen.set(record.id, i);
  });
  return seen;
}

function checkTemplate(template: Network['templates'][number], root: string): void {
  const busy: { weekday: number; start: number; end: number; what: string }[] = [];
  template.sessions.forEach((s, j) => {
    const start = minutesOf(s.start);
    const end = start + s.minutes;
    if (end > 24 * 60) fail(`${root}.sessions[${j}].minutes`, 'session runs past midnight');
    busy.push({ weekday: s.weekday, start, end, what: `${root}.sessions[${j}]` });
  });
  template.adminBlocks.forEach((b, j) => {
    const start = minutesOf(b.start);
    const end = start + b.minutes;
    if (end > 24 * 60) fail(`${root}.adminBlocks[${j}].minutes`, 'admin block runs past midnight');
    busy.push({ weekday: b.weekday, start, end, what: `${root}.adminBlocks[${j}]` });
  });
  // Half-open intervals: back-to-back sessions do not overlap.
  busy.sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  for (let i = 1; i < busy.length; i++) {
    const prev = busy[i - 1]!;
    const cur = busy[i]!;
    if (cur.weekday === prev.weekday && cur.start < prev.end) {
      const session = cur.what.includes('.sessions[') ? cur.what : prev.what;
      const other = session === cur.what ? prev.what : cur.what;
      fail(`${session}.start`, `overlaps ${other} on weekday ${cur.weekday}`);
    }
  }
}

const MAX_HORIZON_DAYS = 100 * 366;
const MAX_CLINICIAN_DAYS = 20_000_000;

export function checkConsistency(network: Network): void {
  const from = dayNumberOfDate(network.horizon.from);
  const to = dayNumberOfDate(network.horizon.to);
  if (to < from) fail('horizon.to', 'ends before horizon.from');
  // Slots and per-day counters grow with days × clinicians: bound that, not the years, so
  // a one-clinician queue can run for decades and a large plan for a few years.
  const days = to - from + 1;
  if (days > MAX_HORIZON_DAYS)
    fail('horizon.to', `a horizon longer than ${MAX_HORIZON_DAYS} days is not supported`);
  if (days * Math.max(1, network.clinicians.length) > MAX_CLINICIAN_DAYS) {
    fail(
      'horizon.to',
      `${days} days × ${network.clinicians.length} clinicians exceeds the supported ${MAX_CLINICIAN_DAYS.toLocaleString('en-US')} clinician-days`,
    );
  }

  const disciplines = uniqueIds(network.disciplines, 'disciplines');
  const centers = uniqueIds(network.centers, 'centers');
  const templates = uniqueIds(network.templates, 'templates');
  uniqueIds(network.clinicians, 'clinicians');
  uniqueIds(network.externalProviders, 'externalProviders');

  network.templates.forEach((t, i) => {
    checkTemplate(t, `templates[${i}]`);
  });

  network.clinicians.forEach((c, i) => {
    const root = `clinicians[${i}]`;
    if (!disciplines.has(c.discipline)) {
      fail(`${root}.discipline`, `unknown discipline "${c.discipline}"`);
    }
    if (!centers.has(c.center)) fail(`${root}.center`, `unknown medical center "${c.center}"`);
    const spans = c.schedule.map((a, j) => {
      if (!templates.has(a.template)) {
        fail(`${root}.schedule[${j}].template`, `unknown template "${a.template}"`);
      }
      const start = dayNumberOfDate(a.from);
      const end = a.to === undefined ? Number.POSITIVE_INFINITY : dayNumberOfDate(a.to);
      if (end < start) fail(`${root}.schedule[${j}].to`, 'ends before its from date');
      return { start, end, j };
    });
    spans.sort((a, b) => a.start - b.start);
    for (let k = 1; k < spans.length; k++) {
      if (spans[k]!.start <= spans[k - 1]!.end) {
        fail(`${root}.schedule[${spans[k]!.j}].from`, 'overlaps another template assignment');
      }
    }
    c.timeOff.forEach((off, j) => {
      if (off.to <= off.from) fail(`${root}.timeOff[${j}].to`, 'must be after from');
    });
  });

  network.externalProviders.forEach((p, i) => {
    p.disciplines.forEach((d, j) => {
      if (!disciplines.has(d)) {
        fail(`externalProviders[${i}].disciplines[${j}]`, `unknown discipline "${d}"`);
      }
    });
    p.centers.forEach((center, j) => {
      if (!centers.has(center)) {
        fail(`externalProviders[${i}].centers[${j}]`, `unknown medical center "${center}"`);
      }
    });
  });
}
