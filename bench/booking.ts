/**
 * `npm run bench -- booking`: the booking engine at the scale of one large plan.
 *
 * 1. 2,400 clinicians over 90 days, 300,000 mixed requests placed in one batch; then the
 *    appointments of 20% of clinicians for 30 days re-booked.
 * 2. The same engine and a straightforward reference (scan every clinician's slots for
 *    each request) on a 10× smaller case, timed in this run, with their outcomes compared.
 * 3. 1×, 2× and 4× the network (clinicians and requests together), each in a fresh
 *    process after a warm-up on a network a tenth of the size, to show the engine stays
 *    near-linear.
 * The last line is one JSON object with the figures.
 */
import { spawnSync } from 'node:child_process';
import { BookingEngine } from '../src/engine/booking/engine.ts';
import { compileNetwork } from '../src/engine/booking/network.ts';
import { syntheticNetwork } from '../src/engine/synthetic/network.ts';
import { syntheticRequests } from '../src/engine/synthetic/requests.ts';
import { MS_PER_DAY } from '../src/engine/time.ts';
import { referencePlace } from './reference-booking.ts';

const HORIZON = { from: '2026-01-05', to: '2026-04-04' };

interface CaseFigures {
  clinicians: number;
  requests: number;
  slots: number;
  compileSeconds: number;
  placeSeconds: number;
  placedPerSecond: number;
  booked: number;
  referred: number;
  waitlisted: number;
  met: number;
  rebooked: number;
  rebookSeconds: number;
  rebookedPerSecond: number;
  peakRssMB: number;
}

function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * The warm-up's engine, kept for the process's life: in a long-running server the
 * engine's objects stay alive, and with them the shapes the JIT compiled its code for.
 * Let go, a collection before the timed run drops those shapes and part of the
 * optimised code with them, and the timed run pays for compiling it again.
 */
const keptAlive: BookingEngine[] = [];

/**
 * Places and re-books on a network a tenth of the size, so the timed run measures the
 * engine as a long-running server or simulator runs it: compiled by the JIT, not
 * interpreted. (Skipping it costs the 1× figure about 15%.)
 */
function warmUp(): void {
  const input = syntheticNetwork({ seed: 31, clinicians: 240, ...HORIZON });
  const requests = syntheticRequests(input, { seed: 32, count: 30_000, arrivalDays: 60 });
  const engine = new BookingEngine(input);
  keptAlive.push(engine);
  engine.place(requests).summary();
  const net = engine.net;
  const from = net.index.dayStart[net.horizonOffset + 20]!;
  engine.rebook(
    net.clinicianIds
      .filter((_, i) => i % 5 === 0)
      .map((clinicianId) => ({ clinicianId, from, to: from + 30 * MS_PER_DAY })),
    { now: from },
  ).totals;
}

export function runCase(scale: number): CaseFigures {
  const clinicians = Math.round(2400 * scale);
  const count = Math.round(300_000 * scale);
  warmUp();
  const input = syntheticNetwork({ seed: 11, clinicians, ...HORIZON });
  const requests = syntheticRequests(input, { seed: 12, count, arrivalDays: 60 });
  globalThis.gc?.();

  let t = performance.now();
  const net = compileNetwork(input);
  const compileSeconds = (performance.now() - t) / 1000;
  // Each timed step starts from a collected heap, so it is not charged for the garbage
  // of the step before.
  globalThis.gc?.();

  t = performance.now();
  const engine = new BookingEngine(net);
  const placement = engine.place(requests);
  const placeSeconds = (performance.now() - t) / 1000;
  const summary = placement.summary();

  // A stoppage: every fifth clinician away for 30 days from day 20 of the horizon.
  const from = net.index.dayStart[net.horizonOffset + 20]!;
  const to = from + 30 * MS_PER_DAY;
  const unavailability = net.clinicianIds
    .filter((_, i) => i % 5 === 0)
    .map((clinicianId) => ({ clinicianId, from, to, reason: 'strike' }));
  globalThis.gc?.();
  t = performance.now();
  const report = engine.rebook(unavailability, { now: from });
  const rebookSeconds = (performance.now() - t) / 1000;

  return {
    clinicians,
    requests: count,
    slots: net.slotCount,
    compileSeconds,
    placeSeconds,
    placedPerSecond: Math.round(count / placeSeconds),
    booked: summary.booked,
    referred: summary.referred,
    waitlisted: summary.waitlisted,
    met: summary.met,
    rebooked: report.totals.affected,
    rebookSeconds,
    rebookedPerSecond: Math.round(report.totals.affected / rebookSeconds),
    peakRssMB: peakRssMB(),
  };
}

/** Engine vs the straightforward reference on a 10× smaller case (referrals off: the reference has none). */
export function runReference(clinicians = 240, count = 30_000): Record<string, number | boolean> {
  const input = syntheticNetwork({ seed: 21, clinicians, ...HORIZON });
  const requests = syntheticRequests(input, { seed: 22, count, arrivalDays: 60 });
  const net = compileNetwork(input);
  let t = performance.now();
  const engine = new BookingEngine(net, { policy: { referOut: false } });
  const placement = engine.place(requests);
  const engineSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const reference = referencePlace(net, requests);
  const referenceSeconds = (performance.now() - t) / 1000;
  let same = 0;
  for (let i = 0; i < requests.length; i++) {
    const o = placement.at(i);
    const engineKey =
      o.kind === 'booked' ? `${o.appointment.clinicianId}@${o.appointment.start}` : '-';
    const s = reference.slot[i]!;
    const referenceKey =
      s < 0 ? '-' : `${net.clinicianIds[net.slotClinician[s]!]}@${net.slotStart[s]}`;
    if (engineKey === referenceKey) same++;
  }
  return {
    referenceClinicians: clinicians,
    referenceRequests: requests.length,
    engineSeconds,
    referenceSeconds,
    speedupOverReference: referenceSeconds / engineSeconds,
    outcomesIdentical: same === requests.length,
    outcomesMatching: same,
  };
}

function runScaleInChild(scale: number): CaseFigures {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--case', String(scale)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`scale ${scale} failed: ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as CaseFigures;
}

function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function main(args: readonly string[]): void {
  const caseIndex = args.indexOf('--case');
  if (caseIndex >= 0) {
    process.stdout.write(`${JSON.stringify(runCase(Number(args[caseIndex + 1])))}\n`);
    return;
  }
  const scales = [1, 2, 4].map((scale) => ({ scale, ...runScaleInChild(scale) }));
  const main = scales[0]!;
  console.log('booking engine — synthetic Southern California network, 90-day horizon');
  console.log(
    'scale  clinicians  requests   slots       compile s  place s  placed/s    rebooked  rebook s  rebooked/s  peak MB',
  );
  for (const s of scales) {
    console.log(
      [
        `${s.scale}×`.padEnd(6),
        fmt(s.clinicians).padStart(10),
        fmt(s.requests).padStart(9),
        fmt(s.slots).padStart(10),
        fmt(s.compileSeconds).padStart(10),
        fmt(s.placeSeconds).padStart(8),
        fmt(s.placedPerSecond, 0).padStart(10),
        fmt(s.rebooked).padStart(10),
        fmt(s.rebookSeconds, 3).padStart(9),
        fmt(s.rebookedPerSecond, 0).padStart(11),
        fmt(s.peakRssMB).padStart(8),
      ].join(' '),
    );
  }
  console.log(
    `outcomes at 1×: ${fmt(main.booked)} booked, ${fmt(main.referred)} referred out, ${fmt(main.waitlisted)} waitlisted, ${fmt(main.met)} met their deadline`,
  );
  const growth4 = scales[2]!.placeSeconds / main.placeSeconds;
  console.log(
    `place time grows ${fmt(scales[1]!.placeSeconds / main.placeSeconds)}× at 2× and ${fmt(growth4)}× at 4× (linear: 2× and 4×)`,
  );
  const reference = runReference();
  console.log(
    `reference (scan every clinician's slots), 240 clinicians × 30,000 requests: engine ${fmt(Number(reference.engineSeconds), 3)} s, reference ${fmt(Number(reference.referenceSeconds), 1)} s → engine ${fmt(Number(reference.speedupOverReference), 0)}× faster; same outcome for ${fmt(Number(reference.outcomesMatching))} of ${fmt(Number(reference.referenceRequests))} requests`,
  );
  console.log(
    JSON.stringify({
      benchmark: 'booking',
      clinicians: main.clinicians,
      requests: main.requests,
      slots: main.slots,
      compileSeconds: main.compileSeconds,
      placeSeconds: main.placeSeconds,
      placedPerSecond: main.placedPerSecond,
      rebooked: main.rebooked,
      rebookSeconds: main.rebookSeconds,
      rebookedPerSecond: main.rebookedPerSecond,
      peakRssMB: main.peakRssMB,
      scaling: scales.map((s) => ({
        scale: s.scale,
        clinicians: s.clinicians,
        requests: s.requests,
        placeSeconds: s.placeSeconds,
        rebookSeconds: s.rebookSeconds,
        peakRssMB: s.peakRssMB,
      })),
      reference,
    }),
  );
}

if (process.argv[1] === new URL(import.meta.url).pathname) main(process.argv.slice(2));
