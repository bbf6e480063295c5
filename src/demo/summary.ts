/**
 * What `timely demo` and `timely serve --demo` print once the demo is in: the counts,
 * the time it took, and the demo logins — labelled as demo credentials, since they are
 * shown once (the tokens) and documented (the passwords).
 */
import type { DemoLoad } from './load-demo.ts';

export function demoSummaryLines(load: DemoLoad): string[] {
  const c = load.counts;
  const n = (table: string) => (c[table] ?? 0).toLocaleString('en-US');
  const lines = [
    `timely: demo network loaded in ${load.seconds.toFixed(1)} s: ${n('medical_centers')} medical centers, ${n('clinicians')} clinicians, ${n('patients')} patients, ${n('requests')} requests, ${n('appointments')} appointments, ${n('referrals')} referrals, ${n('complaints')} hotline cases (synthetic: no real people)`,
    'timely: DEMO LOGINS (demo credentials for this local demo database only; API tokens are shown once):',
  ];
  const width = Math.max(...load.logins.map((l) => l.name.length));
  for (const login of load.logins) {
    lines.push(`  ${login.name.padEnd(width)}  password ${login.password}  token ${login.token}`);
  }
  return lines;
}
