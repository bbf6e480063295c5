/**
 * `npm run audit:deps`: fails when a dependency has a high or critical advisory
 * (`npm audit`, development dependencies included: they run in CI and on developers'
 * machines).
 *
 * Where the registry refuses npm's audit endpoint (some mirrors and proxies answer it
 * with 405, as the one of the machines this project is built on does), nothing can be
 * checked: the script says so loudly and exits 0, unless TIMELY_REQUIRE_AUDIT=1 makes
 * that a failure too (set it where the real registry is reachable).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type AuditVerdict =
  | { readonly kind: 'clean'; readonly dependencies: number; readonly lower: number }
  | { readonly kind: 'advisories'; readonly found: readonly string[] }
  | { readonly kind: 'unavailable'; readonly why: string };

const BLOCKING = new Set(['high', 'critical']);

interface AuditReport {
  readonly vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
  readonly metadata?: { dependencies?: { total?: number } };
  readonly message?: string;
  readonly error?: { summary?: string };
}

/** What `npm audit --json` printed means. */
export function verdictOf(output: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { kind: 'unavailable', why: 'npm audit printed no report' };
  }
  if (report.vulnerabilities === undefined) {
    return {
      kind: 'unavailable',
      why:
        report.message ?? report.error?.summary ?? 'npm audit printed no vulnerabilities section',
    };
  }
  const found: string[] = [];
  let lower = 0;
  for (const [name, entry] of Object.entries(report.vulnerabilities)) {
    if (BLOCKING.has(entry.severity ?? '')) {
      const titles = (entry.via ?? [])
        .flatMap((v) =>
          typeof v === 'object' && v !== null && 'title' in v ? [String(v.title)] : [],
        )
        .join('; ');
      found.push(`${name} (${entry.severity})${titles ? `: ${titles}` : ''}`);
    } else {
      lower += 1;
    }
  }
  if (found.length > 0) return { kind: 'advisories', found };
  return { kind: 'clean', dependencies: report.metadata?.dependencies?.total ?? 0, lower };
}

function main(): number {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['audit', '--json'], { encoding: 'utf8' });
  const verdict = verdictOf(run.stdout ?? '');
  switch (verdict.kind) {
    case 'clean':
      process.stdout.write(
        `audit:deps: no high or critical advisories among ${verdict.dependencies} dependencies` +
          (verdict.lower > 0 ? ` (${verdict.lower} of lower severity: npm audit lists them)` : '') +
          '\n',
      );
      return 0;
    case 'advisories':
      process.stderr.write(
        `audit:deps: high or critical advisories:\n${verdict.found.map((f) => `  ${f}`).join('\n')}\n`,
      );
      return 1;
    case 'unavailable': {
      const required = process.env.TIMELY_REQUIRE_AUDIT === '1';
      process.stderr.write(
        `audit:deps: ${required ? 'FAILED' : 'SKIPPED'}: the advisories could not be read ` +
          `(${verdict.why}). Nothing was checked.\n`,
      );
      return required ? 1 : 0;
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
