/**
 * `npm run bench -- reliability`: the long versions of the reliability tests
 * (docs/reliability.md), one after the other so each has the machine to itself:
 *
 * 1. **load**: the mixed workload and the security probes against `timely serve` for
 *    TIMELY_LOAD_SECONDS (default 60) with TIMELY_LOAD_CONCURRENCY calls in flight
 *    (default 16), on the full demo network (TIMELY_LOAD_SIZE=small for the small one),
 *    on the PostgreSQL server (TIMELY_TEST_DATABASE_URL, default the local one) and on
 *    PGlite; then the database checks;
 * 2. **crash**: the SIGKILL test with TIMELY_CRASH_KILLS (default 10) kills per back end;
 * 3. **fuzz**: TIMELY_FUZZ_REQUESTS (default 10,000) bad requests over every route and
 *    role (`npm run bench -- fuzz` runs 50,000).
 *
 * Exit 1 on any failure. The last line is one JSON object with the figures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_URL_VARIABLE } from '../src/db/test-databases.ts';
import type { DemoSize } from '../src/demo/dataset.ts';
import { runFuzz } from '../test/fuzz-run.ts';
import { summaryOf } from '../test/load.suite.ts';
import { type LoadReport, runLoadOn } from '../test/load-run.ts';
import { pgliteTier, postgresTier } from '../test/server-tiers.ts';

const seconds = Number(process.env.TIMELY_LOAD_SECONDS ?? 60);
const concurrency = Number(process.env.TIMELY_LOAD_CONCURRENCY ?? 16);
const size = (process.env.TIMELY_LOAD_SIZE ?? 'full') as DemoSize;
const seed = Number(process.env.TIMELY_LOAD_SEED ?? 20_261_125);
const kills = Number(process.env.TIMELY_CRASH_KILLS ?? 10);
const fuzzRequests = Number(process.env.TIMELY_FUZZ_REQUESTS ?? 10_000);
const serverUrl = process.env[SERVER_URL_VARIABLE] ?? 'postgres://postgres@127.0.0.1:5432/test';

const failures: string[] = [];

function loadFailures(report: LoadReport): string[] {
  const f = report.findings;
  const out = [
    ...report.problems.slice(0, 10),
    ...f.lost.slice(0, 10).map((l) => `lost ${l}`),
    ...f.refusedButStored.map((k) => `refused write stored: ${k}`),
    ...f.auditMismatches,
  ];
  if (f.overlaps > 0) out.push(`${f.overlaps} overlapping appointments`);
  if (f.strayAuditEvents > 0) out.push(`${f.strayAuditEvents} audit events of no call`);
  if (f.auditEventsFound !== f.phiEventsExpected) {
    out.push(`audit: ${f.auditEventsFound} events for ${f.phiEventsExpected} required`);
  }
  if (f.sessionsStillOpen > 0) out.push(`${f.sessionsStillOpen} sessions still open`);
  if (report.serverExit !== 0) out.push(`server exited ${report.serverExit} on SIGTERM`);
  for (const [probe, t] of Object.entries(report.probes)) {
    if (t.failed > 0) out.push(`probe ${probe}: ${t.failed} failed`);
  }
  return out.map((line) => `load (${report.tier}): ${line}`);
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

const loads: LoadReport[] = [];
for (const tier of [postgresTier(serverUrl), pgliteTier()]) {
  process.stdout.write(`load: ${tier.name}, ${size} demo, ${seconds} s, ${concurrency} at once…\n`);
  const started = performance.now();
  const report = await runLoadOn(tier, { seconds, concurrency, seed, size });
  loads.push(report);
  failures.push(...loadFailures(report));
  process.stdout.write(
    `${summaryOf(report)} (${((performance.now() - started) / 1000).toFixed(0)} s with set-up)\n`,
  );
  process.stdout.write(
    `  ${'call'.padEnd(28)}${pad('calls', 8)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}  statuses\n`,
  );
  for (const [name, figures] of Object.entries(report.byCall)) {
    process.stdout.write(
      `  ${name.padEnd(28)}${pad(figures.calls, 8)}${pad(figures.p50Ms.toFixed(0), 9)}${pad(
        figures.p99Ms.toFixed(0),
        9,
      )}  ${JSON.stringify(figures.statuses)}\n`,
    );
  }
}

process.stdout.write(`crash: ${kills} SIGKILLs per back end…\n`);
const vitest = spawnSync(
  process.execPath,
  [
    fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)),
    'run',
    'test/crash.postgres.int.test.ts',
    'test/crash.pglite.int.test.ts',
  ],
  {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      NO_COLOR: '1',
      TIMELY_CRASH_KILLS: String(kills),
      [SERVER_URL_VARIABLE]: serverUrl,
    },
    encoding: 'utf8',
  },
);
// The suite's own summary lines (after vitest's colour codes, if any).
const crashLines = `${vitest.stdout}`
  .split('\n')
  .filter((line) => line.includes('crash test ('))
  .map((line) => line.slice(line.indexOf('crash test (')));
for (const line of crashLines) process.stdout.write(`${line}\n`);
if (vitest.status !== 0) {
  failures.push(`crash: vitest exited ${vitest.status}`);
  process.stdout.write(`${vitest.stdout}\n${vitest.stderr}\n`);
}

process.stdout.write(`fuzz: ${fuzzRequests} requests…\n`);
const fuzz = await runFuzz({ requests: fuzzRequests, seed });
process.stdout.write(
  `fuzz: ${fuzz.requests} requests over ${fuzz.routes} routes as ${fuzz.roles.length} callers in ${Math.round(fuzz.millis / 1000)} s; statuses ${JSON.stringify(fuzz.statuses)}; ${fuzz.findings.length} findings\n`,
);
for (const finding of fuzz.findings.slice(0, 10)) failures.push(`fuzz: ${JSON.stringify(finding)}`);

for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'reliability',
    load: loads.map((r) => ({
      tier: r.tier,
      size: r.options.size,
      seconds: Number(r.seconds.toFixed(1)),
      concurrency: r.options.concurrency,
      calls: r.all.calls,
      callsPerSecond: Math.round(r.callsPerSecond),
      p50Ms: Math.round(r.all.p50Ms),
      p99Ms: Math.round(r.all.p99Ms),
      booked: r.booked,
      lostRaces: r.byCall.book?.statuses['409'] ?? 0,
      serverErrors: r.serverErrors,
      wrongAnswers: r.problems.length,
      probes: r.probes,
      overlaps: r.findings.overlaps,
      lost: r.findings.lost.length,
      auditEvents: r.findings.auditEventsFound,
      phiEventsRequired: r.findings.phiEventsExpected,
    })),
    crash: { kills, passed: vitest.status === 0, runs: crashLines.length },
    fuzz: { requests: fuzz.requests, statuses: fuzz.statuses, findings: fuzz.findings.length },
    failures: failures.length,
  })}\n`,
);
process.exit(failures.length === 0 ? 0 : 1);
