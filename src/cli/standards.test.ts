/**
 * `timely standards` prints the table of standards as aligned text or as JSON.
 */
import { describe, expect, it } from 'vitest';
import { CALIFORNIA_STANDARDS } from '../engine/rules/standards.ts';
import { runTimely } from './testing.ts';

describe('timely standards', () => {
  it('prints an aligned table: id, limit, when the clock starts, citation', async () => {
    const { code, stdout, stderr } = await runTimely(['standards']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + CALIFORNIA_STANDARDS.length);
    expect(lines[0]).toMatch(/^ID\s+LIMIT\s+CLOCK STARTS AT\s+CITATION$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^urgent-no-prior-auth\s+48 hours\s+the request\s+Cal\. Health & Safety Code § 1367\.03\(a\)\(5\)\(A\)/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^followup-nonphysician-mh\s+10 business days\s+the prior appointment\s+/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^telephone-triage\s+30 minutes\s+the call\s+/),
    );
    // Aligned: every column starts at the same offset on every line.
    const limitColumn = lines[0]!.indexOf('LIMIT');
    for (const line of lines.slice(1)) expect(line[limitColumn - 1]).toBe(' ');
    for (const line of lines.slice(1)) expect(line[limitColumn]).toMatch(/\d/);
  });

  it('prints the standard objects as a JSON array with --json', async () => {
    const { code, stdout } = await runTimely(['standards', '--json']);
    expect(code).toBe(0);
    const parsed: unknown = JSON.parse(stdout);
    expect(parsed).toEqual(CALIFORNIA_STANDARDS);
    expect(parsed).toContainEqual(
      expect.objectContaining({
        id: 'urgent-prior-auth',
        limit: { unit: 'hours', amount: 96 },
        clockStartsAt: 'request',
      }),
    );
  });
});
