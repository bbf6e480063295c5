/**
 * Accounts, tokens, sign-in and sessions against a real database, run on every back end
 * (`accounts.pglite.int.test.ts`, `accounts.postgres.int.test.ts`). One throw-away
 * database per file, seeded with the booking fixture's network (for clinician links).
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNetwork } from '../booking/booking-fixture.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import {
  createAccount,
  disableAccount,
  issueToken,
  listAccounts,
  revokeToken,
  tokenCache,
  tokenPrincipal,
} from './accounts.ts';
import { parseToken } from './secrets.ts';
import { createSession, endSession, findSession } from './sessions.ts';
import { LOCK_MINUTES, MAX_FAILED_SIGN_INS, signIn } from './sign-in.ts';

const NOW = new Date('2026-03-02T16:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const PASSWORD = 'correct horse battery staple';

export function describeAccounts(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  describe('creating accounts', () => {
    it('creates an account with a first token that names it', async () => {
      const { account, token } = await createAccount(
        db,
        { name: 'sam.scheduler', role: 'scheduler', centerId: 'north' },
        { now: NOW },
      );
      expect(account).toMatchObject({ name: 'sam.scheduler', role: 'scheduler', active: true });
      expect(token.token).toMatch(/^timely_[0-9a-f]{16}_/);
      const principal = await tokenPrincipal(db, token.token, later(1));
      expect(principal).toMatchObject({
        name: 'sam.scheduler',
        role: 'scheduler',
        centerId: 'north',
        clinician: null,
        via: 'token',
      });
    });

    it('stores neither the token nor the password, only their hashes', async () => {
      const { account, token } = await createAccount(
        db,
        { name: 'hidden', role: 'admin', password: PASSWORD },
        { now: NOW },
      );
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      const tokens = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', account.id)
        .execute();
      const everything = JSON.stringify([user, tokens]);
      expect(everything).not.toContain(PASSWORD);
      // The secret is base64url and may itself hold '_': take it as the parser does.
      const secret = parseToken(token.token)?.secret ?? 'unparsed';
      expect(secret).toHaveLength(43);
      expect(everything).not.toContain(secret);
      expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    });

    it('links a clinician account to its clinician, and only that role', async () => {
      const { account } = await createAccount(db, {
        name: 'dr.one',
        role: 'clinician',
        clinician: { centerId: 'north', id: 'c-1' },
      });
      expect(account.clinician).toEqual({ centerId: 'north', id: 'c-1' });
      expect(account.centerId).toBe('north');
      await expect(createAccount(db, { name: 'dr.none', role: 'clinician' })).rejects.toThrow(
        /^clinician: a clinician account must name its clinician/,
      );
      await expect(
        createAccount(db, {
          name: 'dr.ghost',
          role: 'clinician',
          clinician: { centerId: 'north', id: 'nobody' },
        }),
      ).rejects.toThrow(/^clinician: no clinician north\/nobody/);
      await expect(
        createAccount(db, {
          name: 'dr.twin',
          role: 'clinician',
          clinician: { centerId: 'north', id: 'c-1' },
        }),
      ).rejects.toThrow(/already linked to the account "dr.one"/);
      await expect(
        createAccount(db, {
          name: 'sched.x',
          role: 'scheduler',
          clinician: { centerId: 'north', id: 'c-2' },
        }),
      ).rejects.toThrow(/^clinician: only a clinician account/);
    });

    it('refuses a second account of the same name whatever its case, and bad names and passwords', async () => {
      await createAccount(db, { name: 'Casey', role: 'hotline' });
      await expect(createAccount(db, { name: 'casey', role: 'hotline' })).rejects.toThrow(
        /^name: an account named "casey" exists/,
      );
      await expect(createAccount(db, { name: 'bad name', role: 'hotline' })).rejects.toThrow(
        /^name: /,
      );
      await expect(
        createAccount(db, { name: 'short.pw', role: 'hotline', password: 'abc' }),
      ).rejects.toThrow(/^password: must be at least 12 characters/);
      // The database refuses what the code would have let through, too.
      await expect(
        sql`INSERT INTO users (name, display_name, role) VALUES ('has space', 'x', 'admin')`.execute(
          db,
        ),
      ).rejects.toThrow(/users_name_shape/);
    });

    it('lists accounts with their live tokens, and no secrets', async () => {
      const accounts = await listAccounts(db, later(1));
      const sam = accounts.find((a) => a.name === 'sam.scheduler');
      expect(sam).toMatchObject({ role: 'scheduler', liveTokens: 1, hasPassword: false });
      expect(JSON.stringify(accounts)).not.toMatch(/scrypt|secret/);
    });
  });

  describe('tokens', () => {
    it('refuses an expired, a revoked, a tampered and a malformed token', async () => {
      await createAccount(db, { name: 'script', role: 'compliance' }, { now: NOW });
      const short = await issueToken(db, 'script', { now: NOW, days: 1 });
      expect(await tokenPrincipal(db, short.token, later(60))).toBeDefined();
      expect(await tokenPrincipal(db, short.token, later(24 * 60))).toBeUndefined();

      const revoked = await issueToken(db, 'script', { now: NOW });
      await revokeToken(db, revoked.id, later(1));
      expect(await tokenPrincipal(db, revoked.token, later(2))).toBeUndefined();

      const good = await issueToken(db, 'script', { now: NOW });
      const tampered = `${good.token.slice(0, -1)}${good.token.endsWith('A') ? 'B' : 'A'}`;
      expect(await tokenPrincipal(db, tampered, later(1))).toBeUndefined();
      expect(await tokenPrincipal(db, 'Bearer nonsense', later(1))).toBeUndefined();
      expect(await tokenPrincipal(db, good.token, later(1))).toMatchObject({ name: 'script' });
    });

    it('says which token id is unknown or malformed', async () => {
      await expect(revokeToken(db, '0123456789abcdef')).rejects.toThrow(
        /^id: no token "0123456789abcdef"/,
      );
      await expect(revokeToken(db, 'xyz')).rejects.toThrow(
        /^id: a token id is 16 hexadecimal digits/,
      );
      await expect(issueToken(db, 'script', { days: 0 })).rejects.toThrow(/^days: /);
      await expect(issueToken(db, 'nobody')).rejects.toThrow(/^name: no account named "nobody"/);
    });

    it('keeps a token’s row between checks, and sees a change made elsewhere at the next check', async () => {
      await createAccount(db, { name: 'kept', role: 'scheduler' }, { now: NOW });
      const token = await issueToken(db, 'kept', { now: NOW });
      // Another handle on the same database has a cache of its own, as another server would.
      const server = db.withoutPlugins();
      expect(await tokenPrincipal(server, token.token, later(1))).toMatchObject({ name: 'kept' });
      const reads = tokenCache(server).rowReads;
      for (let i = 0; i < 3; i++) {
        expect(await tokenPrincipal(server, token.token, later(1))).toMatchObject({
          role: 'scheduler',
        });
      }
      expect(tokenCache(server).rowReads).toBe(reads); // nothing changed: no row read

      await sql`UPDATE users SET role = 'compliance' WHERE name = 'kept'`.execute(db);
      expect(await tokenPrincipal(server, token.token, later(2))).toMatchObject({
        role: 'compliance',
      });
      await revokeToken(db, token.id, later(2));
      expect(await tokenPrincipal(server, token.token, later(3))).toBeUndefined();
    });

    it('disabling an account ends its tokens and sessions at once', async () => {
      const { account, token } = await createAccount(
        db,
        { name: 'leaver', role: 'scheduler', password: PASSWORD },
        { now: NOW },
      );
      const session = await createSession(db, account.id, NOW);
      expect(await findSession(db, session.secret, later(1))).toBeDefined();
      await disableAccount(db, 'LEAVER', later(2));
      expect(await tokenPrincipal(db, token.token, later(3))).toBeUndefined();
      expect(await findSession(db, session.secret, later(3))).toBeUndefined();
      expect(await signIn(db, 'leaver', PASSWORD, later(3))).toMatchObject({
        ok: false,
        why: 'disabled',
      });
      await expect(issueToken(db, 'leaver')).rejects.toThrow(/is disabled/);
    });
  });

  describe('signing in', () => {
    it('signs in with the right password, whatever the name’s case', async () => {
      await createAccount(db, { name: 'Pat.Compliance', role: 'compliance', password: PASSWORD });
      const result = await signIn(db, 'pat.compliance', PASSWORD, NOW);
      expect(result).toMatchObject({
        ok: true,
        principal: { name: 'Pat.Compliance', role: 'compliance' },
      });
    });

    it('refuses an unknown name and a token-only account without a hint to the caller', async () => {
      expect(await signIn(db, 'no.such.user', PASSWORD, NOW)).toEqual({
        ok: false,
        why: 'unknown-name',
        userId: null,
      });
      expect(await signIn(db, 'sam.scheduler', PASSWORD, NOW)).toMatchObject({
        ok: false,
        why: 'no-password',
      });
    });

    it(`locks an account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_SIGN_INS} wrong passwords, even to the right one`, async () => {
      await createAccount(db, { name: 'target', role: 'scheduler', password: PASSWORD });
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
        expect(await signIn(db, 'target', `wrong password ${i}`, NOW)).toMatchObject({
          ok: false,
          why: 'wrong-password',
        });
      }
      expect(await signIn(db, 'target', PASSWORD, later(1))).toMatchObject({
        ok: false,
        why: 'locked',
      });
      expect(await signIn(db, 'target', PASSWORD, later(LOCK_MINUTES - 1))).toMatchObject({
        why: 'locked',
      });
      expect(await signIn(db, 'target', PASSWORD, later(LOCK_MINUTES + 1))).toMatchObject({
        ok: true,
      });
      const row = await db
        .selectFrom('users')
        .select(['failed_sign_ins', 'locked_until'])
        .where('name', '=', 'target')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ failed_sign_ins: 0, locked_until: null });
    });

    it('counts concurrent wrong guesses exactly', async () => {
      await createAccount(db, { name: 'raced', role: 'scheduler', password: PASSWORD });
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => signIn(db, 'raced', `guess ${i}`, NOW)),
      );
      const row = await db
        .selectFrom('users')
        .select('failed_sign_ins')
        .where('name', '=', 'raced')
        .executeTakeFirstOrThrow();
      expect(row.failed_sign_ins).toBe(8);
    });
  });

  describe('sessions', () => {
    it('finds a live session with its own CSRF token, and ends it at sign-out', async () => {
      const { account } = await createAccount(db, {
        name: 'browser',
        role: 'scheduler',
        password: PASSWORD,
      });
      const session = await createSession(db, account.id, NOW);
      const live = await findSession(db, session.secret, later(1));
      expect(live?.principal).toMatchObject({ name: 'browser', via: 'session' });
      expect(live?.csrfMatches(session.csrfToken)).toBe(true);
      expect(live?.csrfMatches(undefined)).toBe(false);
      expect(live?.csrfMatches(session.secret)).toBe(false);

      const other = await createSession(db, account.id, NOW);
      expect((await findSession(db, other.secret, later(1)))?.csrfMatches(session.csrfToken)).toBe(
        false,
      );

      await endSession(db, session.secret, later(2));
      expect(await findSession(db, session.secret, later(3))).toBeUndefined();
      expect(await findSession(db, other.secret, later(3))).toBeDefined();
    });

    it('expires a session after its hours', async () => {
      const { account } = await createAccount(db, { name: 'sleepy', role: 'scheduler' });
      const session = await createSession(db, account.id, NOW);
      expect(await findSession(db, session.secret, later(13 * 60))).toBeUndefined();
      expect(await findSession(db, 'not-a-secret', NOW)).toBeUndefined();
    });
  });
}
