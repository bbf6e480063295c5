/**
 * `npm run bench -- NAME`: runs one benchmark (or all, with no name). Benchmarks print a
 * readable table and, as their last line, one JSON object with their figures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS: Record<string, string> = {
  api: 'api.ts',
  booking: 'booking.ts',
  disruption: 'disruption.ts',
  fuzz: 'fuzz.ts',
  'provider-survey': 'provider-survey.ts',
  reliability: 'reliability.ts',
  monitoring: 'monitoring.ts',
  simulate: 'simulate.ts',
  web: 'web.ts',
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(BENCHMARKS).join(', ')})\n`,
  );
  process.exit(2);
}
let failed = false;
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
  const file = fileURLToPath(new URL(BENCHMARKS[name]!, import.meta.url));
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
