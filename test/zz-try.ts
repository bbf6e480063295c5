import { summaryOf } from './load.suite.ts';
import { runLoadOn } from './load-run.ts';
import { pgliteTier, postgresTier } from './server-tiers.ts';

const tier =
  process.argv[2] === 'pglite'
    ? pgliteTier()
    : postgresTier('postgres://postgres@127.0.0.1:5432/test');
const r = await runLoadOn(tier, {
  seconds: Number(process.argv[3] ?? 10),
  concurrency: Number(process.argv[5] ?? 16),
  seed: 1,
  size: (process.argv[4] ?? 'full') as 'full',
});
console.log(summaryOf(r));
for (const [n, f] of Object.entries(r.byCall))
  console.log(
    n.padEnd(28),
    f.calls,
    f.p50Ms.toFixed(0),
    f.p99Ms.toFixed(0),
    JSON.stringify(f.statuses),
  );
