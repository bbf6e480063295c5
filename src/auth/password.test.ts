import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';

/** A cheap cost for the tests that do not test the cost itself. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash, so one password gives different hashes', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!', CHEAP),
      hashPassword('same password!', CHEAP),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('verifies hashes made with other costs (they name their parameters)', async () => {
    const hash = await hashPassword('an older password', CHEAP);
    expect(hash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('an older password', hash)).toBe(true);
  });

  it('treats the same text in another Unicode normal form as the same password', async () => {
    const composed = 'Contraseña segura 1';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed, CHEAP))).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing or working for minutes', async () => {
    const hash = await hashPassword('whatever it is', CHEAP);
    const parts = hash.split('$');
    for (const bad of [
      '',
      'plain text',
      parts.slice(0, 5).join('$'),
      ['bcrypt', ...parts.slice(1)].join('$'),
      [parts[0], '1000', ...parts.slice(2)].join('$'), // not a power of two
      [parts[0], String(2 ** 24), ...parts.slice(2)].join('$'), // 16 GiB of work
      [...parts.slice(0, 5), 'short'].join('$'),
    ]) {
      expect(await verifyPassword('whatever it is', bad)).toBe(false);
    }
  });

  it('has a decoy hash no password is known for', async () => {
    const decoy = await decoyHash();
    expect(await decoyHash()).toBe(decoy);
    expect(await verifyPassword('', decoy)).toBe(false);
    expect(await verifyPassword('password', decoy)).toBe(false);
  });

  it('asks for 12 to 256 characters', () => {
    expect(passwordProblem('elevenchars')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeUndefined();
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
  });
});
