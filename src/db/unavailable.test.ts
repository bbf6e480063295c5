import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, unavailableReason } from './unavailable.ts';

/** An error as node-postgres or Node's `net` raise it: a message and maybe a code. */
function failure(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), fields);
}

describe('unavailableReason', () => {
  it.each([
    [
      'nothing listens on the port',
      failure('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }),
      'ECONNREFUSED',
    ],
    ['the connection was reset', failure('read ECONNRESET', { code: 'ECONNRESET' }), 'ECONNRESET'],
    ['a write to a closed socket', failure('write EPIPE', { code: 'EPIPE' }), 'EPIPE'],
    [
      'the host does not resolve',
      failure('getaddrinfo ENOTFOUND db', { code: 'ENOTFOUND' }),
      'ENOTFOUND',
    ],
    [
      'the resolver is away',
      failure('getaddrinfo EAI_AGAIN db', { code: 'EAI_AGAIN' }),
      'EAI_AGAIN',
    ],
    [
      'the connect timed out in the kernel',
      failure('connect ETIMEDOUT', { code: 'ETIMEDOUT' }),
      'ETIMEDOUT',
    ],
    [
      'the server closed the socket',
      failure('Connection terminated unexpectedly'),
      'connection-lost',
    ],
    [
      'the client gave up connecting',
      failure('Connection terminated due to connection timeout'),
      'connection-lost',
    ],
    [
      'a client that had lost its connection',
      failure('Client has encountered a connection error and is not queryable'),
      'connection-lost',
    ],
    [
      'no pool connection in time',
      failure('timeout exceeded when trying to connect'),
      'connect-timeout',
    ],
    [
      'class 08: connection_failure',
      failure('connection failure', { code: '08006' }),
      'sqlstate 08006',
    ],
    [
      'class 08: could not establish',
      failure('could not connect', { code: '08001' }),
      'sqlstate 08001',
    ],
    [
      'admin_shutdown (pg_ctl stop)',
      failure('terminating connection due to administrator command', { code: '57P01' }),
      'sqlstate 57P01',
    ],
    [
      'crash_shutdown',
      failure('terminating connection because of crash of another server process', {
        code: '57P02',
      }),
      'sqlstate 57P02',
    ],
    [
      'cannot_connect_now (starting up)',
      failure('the database system is starting up', { code: '57P03' }),
      'sqlstate 57P03',
    ],
    [
      'too_many_connections',
      failure('sorry, too many clients already', { code: '53300' }),
      'sqlstate 53300',
    ],
  ])('%s → %s', (_, error, reason) => {
    expect(unavailableReason(error)).toBe(reason);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('looks inside an AggregateError (Node tries every address of a host) and a cause', () => {
    const refused = failure('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' });
    expect(unavailableReason(new AggregateError([refused], 'all addresses failed'))).toBe(
      'ECONNREFUSED',
    );
    expect(unavailableReason(new Error('opening failed', { cause: refused }))).toBe('ECONNREFUSED');
  });

  it.each([
    ['a unique violation', failure('duplicate key value', { code: '23505' })],
    ['an exclusion violation (a taken slot)', failure('conflicting key value', { code: '23P01' })],
    [
      'a serialization failure (retried elsewhere)',
      failure('could not serialize', { code: '40001' }),
    ],
    ['a query cancelled by statement_timeout', failure('canceling statement', { code: '57014' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    [
      'a server message that happens to read like the library',
      failure('Connection terminated by trigger', { code: 'P0001' }),
    ],
    ['not an error at all', 'ECONNREFUSED'],
    ['null', null],
  ])('%s is not unavailability', (_, error) => {
    expect(unavailableReason(error)).toBeUndefined();
  });

  it('stops following a cause that points back at itself', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(unavailableReason(loop)).toBeUndefined();
  });
});
