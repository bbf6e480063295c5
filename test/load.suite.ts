/**
 * The mixed load, bounded, on each back end (`load.postgres.int.test.ts`,
 * `load.pglite.int.test.ts`): the demo network served by a real `timely serve` process,
 * a separate client process running the workload and the security probes for a few
 * seconds (`TIMELY_LOAD_SECONDS`, default 8), then the database read. The long run is
 * `npm run bench -- reliability` (60 s); both are described in docs/reliability.md.
 */
import { expect, it } from 'vitest';
import { type LoadReport, runLoadOn } from './load-run.ts';
import type { ServerTier } from './server-tiers.ts';

const SECONDS = Number(process.env.TIMELY_LOAD_SECONDS ?? 8);
const SEED = Number(process.env.TIMELY_LOAD_SEED ?? 20_261_125);
const PROBES = ['role matrix', 'session fixation', 'csrf', 'idor'];

export function describeLoad(tier: ServerTier): void {
  it(`holds a mixed load for ${SECONDS} s: no 5xx, nothing lost, no double booking, every PHI operation audited once, every attack refused (${tier.name})`, async () => {
    const report = await runLoadOn(tier, {
      seconds: SECONDS,
      concurrency: 8,
      seed: SEED,
      size: 'small',
    });
    console.info(summaryOf(report));
    expect(report.problems).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.serverExit).toBe(0);
    for (const probe of PROBES) {
      expect(report.probes[probe], probe).toMatchObject({ failed: 0 });
      expect(report.probes[probe]?.passed, probe).toBeGreaterThan(0);
    }
    const { findings } = report;
    expect(findings).toMatchObject({
      overlaps: 0,
      lost: [],
      refusedButStored: [],
      auditMismatches: [],
      strayAuditEvents: 0,
      callsWithoutRequestId: 0,
      sessionsStillOpen: 0,
    });
    expect(findings.acknowledged).toBeGreaterThan(0);
    expect(findings.phiEventsExpected).toBeGreaterThan(0);
    expect(findings.auditEventsFound).toBe(findings.phiEventsExpected);
    // The workload's main calls were made (the others are drawn by weight; the probes
    // are made at least once each whatever the draw).
    for (const name of ['availability', 'book']) {
      expect(report.byCall[name]?.calls ?? 0, name).toBeGreaterThan(0);
    }
  }, 240_000);
}

export function summaryOf(report: LoadReport): string {
  const book = report.byCall.book;
  return (
    `load (${report.tier}, ${report.seconds.toFixed(1)} s, ${report.options.concurrency} at once, ` +
    `seed ${report.options.seed}): ${report.all.calls} calls, ${report.callsPerSecond.toFixed(0)}/s, ` +
    `p50 ${report.all.p50Ms.toFixed(0)} ms, p99 ${report.all.p99Ms.toFixed(0)} ms; ` +
    `${report.booked} booked, ${report.waitlisted} waitlisted, ${book?.statuses['409'] ?? 0} lost races; ` +
    `probes ${Object.entries(report.probes)
      .map(([name, t]) => `${name} ${t.passed}/${t.passed + t.failed}`)
      .join(', ')}; ` +
    `audit ${report.findings.auditEventsFound} events for ${report.findings.phiEventsExpected} required; ` +
    `${report.serverErrors} 5xx, ${report.problems.length} wrong answers, ${report.findings.overlaps} overlaps`
  );
}
