/**
 * Every kind of bad input ends with exit code 2 and exactly one line on stderr naming
 * the problem — no stack trace, nothing on stdout. Unexpected failures end with exit
 * code 1, also in one line.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { runTimely } from './testing.ts';

const at = ['--at', '2026-11-24T10:00'];
const standard = ['--standard', 'nonurgent-nonphysician-mh'];

function expectOneLine(stderr: string, message: RegExp): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^timely: /);
  expect(stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
  expect(stderr).toMatch(message);
}

describe('usage errors and bad input: exit 2, one line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timely-bad-'));
    await writeFile(join(dir, 'broken.json'), '{"name": "x",');
    await writeFile(
      join(dir, 'bad-date.json'),
      JSON.stringify({ name: 'x', holidays: [{ name: 'y', date: '2026-02-30' }] }),
    );
    await writeFile(
      join(dir, 'typo.json'),
      JSON.stringify({ name: 'x', weekend: [6, 7], holidays: [] }),
    );
    await writeFile(
      join(dir, 'zone.json'),
      JSON.stringify({ name: 'x', timeZone: 'Mars/Olympus', holidays: [] }),
    );
    await writeFile(join(dir, 'list.json'), '[]');
    await mkdir(join(dir, 'folder.json'));
  });

  const cases: [string, string[], RegExp][] = [
    [
      'no command',
      [],
      /^timely: missing command \(one of: backup, deadline, demo, export, import, restore, serve, simulate, standards, stoppage, survey, tokens, users/,
    ],
    [
      'an unknown command',
      ['dedline'],
      /^timely: unknown command 'dedline' \(Did you mean deadline\?\)$/m,
    ],
    ['an unknown option', ['standards', '--jsno'], /^timely: unknown option '--jsno'/],
    ['an extra argument', ['standards', 'all'], /^timely: too many arguments for 'standards'/],
    [
      'a missing --standard',
      ['deadline', ...at],
      /^timely: required option '--standard <id>' not specified$/m,
    ],
    [
      'a missing --at',
      ['deadline', ...standard],
      /^timely: required option '--at <date-time>' not specified$/m,
    ],
    [
      '--at without a value',
      ['deadline', ...standard, '--at'],
      /^timely: option '--at <date-time>' argument missing$/m,
    ],
    [
      'an unknown standard',
      ['deadline', '--standard', 'foo', ...at],
      /^timely: --standard: unknown standard "foo" \(known: urgent-no-prior-auth, .*\)$/m,
    ],
    [
      'an unparseable date',
      ['deadline', ...standard, '--at', 'next tuesday'],
      /^timely: --at: expected an ISO 8601 date-time such as .*, got "next tuesday"$/m,
    ],
    [
      'an impossible date',
      ['deadline', ...standard, '--at', '2026-02-30T10:00'],
      /^timely: --at: /,
    ],
    [
      'a date the calendar cannot answer for',
      ['deadline', ...standard, '--at', '2290-01-01T10:00'],
      /^timely: year 2290 is outside/,
    ],
    [
      'an unknown calendar name',
      ['deadline', ...standard, ...at, '--calendar', 'texas'],
      /^timely: --calendar: unknown calendar "texas" \(built in: california; or a path to a JSON file\)$/m,
    ],
    [
      'a missing calendar file',
      ['deadline', ...standard, ...at, '--calendar', './nope.json'],
      /^timely: calendar file \.\/nope\.json: not found$/m,
    ],
    [
      'a calendar file that is a folder',
      ['deadline', ...standard, ...at, '--calendar', 'folder.json'],
      /^timely: calendar file folder\.json: is a directory$/m,
    ],
    [
      'a calendar file that is not JSON',
      ['deadline', ...standard, ...at, '--calendar', 'broken.json'],
      /^timely: calendar file broken\.json: not valid JSON \(.+\)$/m,
    ],
    [
      'a calendar file with an impossible date',
      ['deadline', ...standard, ...at, '--calendar', 'bad-date.json'],
      /^timely: calendar file bad-date\.json: not a valid calendar: field holidays\.0\.date: expected YYYY-MM-DD, got "2026-02-30"$/m,
    ],
    [
      'a calendar file with a misspelt field',
      ['deadline', ...standard, ...at, '--calendar', 'typo.json'],
      /^timely: calendar file typo\.json: not a valid calendar: field weekend: unknown field$/m,
    ],
    [
      'a calendar file with an unknown time zone',
      ['deadline', ...standard, ...at, '--calendar', 'zone.json'],
      /^timely: calendar file zone\.json: not a valid calendar: timeZone: unknown time zone "Mars\/Olympus"$/m,
    ],
    [
      'a calendar file holding a list',
      ['deadline', ...standard, ...at, '--calendar', 'list.json'],
      /^timely: calendar file list\.json: not a valid calendar: .*expected object/m,
    ],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    const { code, stdout, stderr } = await runTimely(argv, dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLine(stderr, message);
  });
});

describe('help and version', () => {
  it('--help lists the commands on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await runTimely(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Usage: timely/);
    expect(stdout).toMatch(/standards/);
    expect(stdout).toMatch(/deadline/);
  });

  it('deadline --help documents its options', async () => {
    const { code, stdout } = await runTimely(['deadline', '--help']);
    expect(code).toBe(0);
    for (const option of ['--standard', '--at', '--calendar', '--json'])
      expect(stdout).toContain(option);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runTimely(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('unexpected failures: exit 1, one line, no stack', () => {
  it('reports a failing output stream instead of throwing', async () => {
    let stderr = '';
    const code = await main(['standards'], {
      stdout: {
        write: () => {
          throw new Error('disk full');
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    // The message only: the error's stack stays out of the user's terminal.
    expect(stderr).toBe('timely: unexpected error: disk full\n');
  });

  it('never throws, even when stderr fails too', async () => {
    const broken = {
      write: () => {
        throw new Error('closed');
      },
    };
    await expect(
      main(['standards'], { stdout: broken, stderr: broken, cwd: process.cwd() }),
    ).resolves.toBe(1);
  });
});
