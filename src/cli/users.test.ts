/**
 * `timely users` and `timely tokens` end to end, in-process, on a PGlite data folder of
 * their own: the token printed once works, revoking it and disabling the account end it,
 * and bad input is one line and exit 2.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenPrincipal } from '../auth/accounts.ts';
import { signIn } from '../auth/sign-in.ts';
import { openDatabase } from '../db/open-database.ts';
import { runTimely } from './testing.ts';

const TOKEN = /^timely_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/m;

describe('timely users and tokens', () => {
  let dir: string;
  let data: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timely-users-'));
    data = ['--data', join(dir, 'data')];
    await writeFile(join(dir, 'password.txt'), 'a long enough password\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What the database says a token or a password is worth now. */
  async function check<T>(
    work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
  ) {
    const database = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      return await work(database.db);
    } finally {
      await database.close();
    }
  }

  it('adds an account and prints a working token once; lists it; revokes; disables', async () => {
    const added = await runTimely(
      ['users', 'add', 'casey', '--role', 'compliance', '--password-file', 'password.txt', ...data],
      dir,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/created compliance account "casey" with a password/);
    const first = TOKEN.exec(added.stdout)?.[0] ?? '';
    expect(await check((db) => tokenPrincipal(db, first))).toMatchObject({
      name: 'casey',
      role: 'compliance',
    });
    expect(await check((db) => signIn(db, 'casey', 'a long enough password'))).toMatchObject({
      ok: true,
    });

    const second = await runTimely([
      'tokens',
      'add',
      'casey',
      '--days',
      '7',
      '--label',
      'report script',
      ...data,
    ]);
    expect(second.code).toBe(0);
    const secondToken = TOKEN.exec(second.stdout)?.[0] ?? '';
    const secondId = /id ([0-9a-f]{16})/.exec(second.stdout)?.[1] ?? '';

    const listed = await runTimely(['users', 'list', '--json', ...data]);
    expect(JSON.parse(listed.stdout).accounts).toEqual([
      expect.objectContaining({ name: 'casey', role: 'compliance', active: true, liveTokens: 2 }),
    ]);
    expect(listed.stdout).not.toContain(first);

    expect((await runTimely(['tokens', 'revoke', secondId, ...data])).code).toBe(0);
    expect(await check((db) => tokenPrincipal(db, secondToken))).toBeUndefined();
    expect(await check((db) => tokenPrincipal(db, first))).toBeDefined();

    const disabled = await runTimely(['users', 'disable', 'casey', ...data]);
    expect(disabled.stdout).toMatch(/disabled "casey"/);
    expect(await check((db) => tokenPrincipal(db, first))).toBeUndefined();
    const table = await runTimely(['users', 'list', ...data]);
    expect(table.stdout.split('\n')[1]).toMatch(/^casey\s+compliance\s+-\s+-\s+no\s+yes\s+0$/);
  });

  it.each([
    [
      'an unknown action',
      ['users', 'remove', 'x'],
      /^timely: action: expected one of add, list, disable, got "remove"$/,
    ],
    ['a missing role', ['users', 'add', 'x'], /^timely: --role: required/],
    [
      'an unknown role',
      ['users', 'add', 'x', '--role', 'king'],
      /^timely: --role: expected one of .*got "king"$/,
    ],
    [
      'a malformed clinician',
      ['users', 'add', 'x', '--role', 'clinician', '--clinician', 'c-1'],
      /^timely: --clinician: expected CENTER\/ID/,
    ],
    [
      'an unknown clinician',
      ['users', 'add', 'x', '--role', 'clinician', '--clinician', 'north/c-1'],
      /^timely: clinician: no clinician north\/c-1$/,
    ],
    [
      'a missing password file',
      ['users', 'add', 'x', '--role', 'admin', '--password-file', 'nope.txt'],
      /^timely: --password-file: cannot read .*nope\.txt \(ENOENT\)$/,
    ],
    [
      'a short password',
      ['users', 'add', 'y', '--role', 'admin', '--password-file', 'short.txt'],
      /^timely: password: must be at least 12 characters$/,
    ],
    [
      'disabling no one',
      ['users', 'disable', 'nobody'],
      /^timely: name: no account named "nobody"$/,
    ],
    [
      'a malformed token id',
      ['tokens', 'revoke', 'abc'],
      /^timely: id: a token id is 16 hexadecimal digits$/,
    ],
    [
      'bad days',
      ['tokens', 'add', 'casey', '--days', 'ten'],
      /^timely: --days: expected a whole number, got "ten"$/,
    ],
  ])('refuses %s with one line and exit 2', async (_, argv, message) => {
    await writeFile(join(dir, 'short.txt'), 'short\n');
    const run = await runTimely([...argv, ...data], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });
});
