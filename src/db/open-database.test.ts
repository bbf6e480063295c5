import { describe, expect, it } from 'vitest';
import { openDatabase, redactPassword } from './open-database.ts';

describe('openDatabase', () => {
  it('fails at once, naming the server without its password, when it cannot connect', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused immediately.
    const opening = openDatabase({ url: 'postgres://timely:s3cret@127.0.0.1:1/timely' });
    await expect(opening).rejects.toThrow(
      /cannot connect to the database at postgres:\/\/timely:\*\*\*@127\.0\.0\.1:1\/timely/,
    );
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});

describe('redactPassword', () => {
  it.each([
    ['postgres://u:pw@host:5432/db', 'postgres://u:***@host:5432/db'],
    ['postgres://u@host/db', 'postgres://u@host/db'],
    ['not a url', '(unparseable database URL)'],
  ])('%s → %s', (url, expected) => {
    expect(redactPassword(url)).toBe(expected);
  });
});
