/**
 * `npm run bench -- fuzz`: the bad-input fuzzer of test/fuzz.int.test.ts, longer
 * (TIMELY_FUZZ_REQUESTS, default 50,000; TIMELY_FUZZ_SEED replays a run). Fails (exit 1)
 * on any finding: a 5xx, a stack trace, an error that is not problem details, or a
 * refused request that changed the database. The last line is one JSON object with the figures.
 */
import { runFuzz } from '../test/fuzz-run.ts';

const requests = Number(process.env.TIMELY_FUZZ_REQUESTS ?? 50_000);
const seed = Number(process.env.TIMELY_FUZZ_SEED ?? Date.now() % 2_147_483_647);
process.stdout.write(`fuzz: seed ${seed}, ${requests} requests\n`);
const result = await runFuzz({ requests, seed });
process.stdout.write(
  `routes ${result.routes}, roles ${result.roles.join(' ')}, ${Math.round(result.millis / 1000)} s\n` +
    `statuses ${JSON.stringify(result.statuses)}\n`,
);
for (const finding of result.findings.slice(0, 20)) {
  process.stdout.write(`FINDING ${JSON.stringify(finding)}\n`);
}
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'fuzz',
    seed,
    requests: result.requests,
    routes: result.routes,
    roles: result.roles.length,
    statuses: result.statuses,
    findings: result.findings.length,
    seconds: Math.round(result.millis / 1000),
  })}\n`,
);
process.exit(result.findings.length === 0 ? 0 : 1);
