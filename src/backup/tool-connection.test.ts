import { describe, expect, it } from 'vitest';
import { toolConnection } from './tool-connection.ts';

describe('handing the connection to pg_dump and pg_restore', () => {
  it('keeps the password off the command line and gives it through PGPASSWORD', () => {
    const { dbname, env } = toolConnection('postgres://timely:s3cr%40t@db.internal:5433/care', {
      PATH: '/usr/bin',
    });
    expect(dbname).toBe('postgres://timely@db.internal:5433/care');
    expect(dbname).not.toContain('s3cr');
    expect(env.PGPASSWORD).toBe('s3cr@t');
    expect(env.PATH).toBe('/usr/bin');
  });

  it('keeps the query parameters libpq understands', () => {
    const { dbname } = toolConnection('postgres://u:p@h/db?sslmode=require', {});
    expect(dbname).toBe('postgres://u@h/db?sslmode=require');
  });

  it('leaves a PGPASSWORD (or ~/.pgpass) of the caller alone when the URL has none', () => {
    const { env } = toolConnection('postgres://u@h/db', { PGPASSWORD: 'from-env' });
    expect(env.PGPASSWORD).toBe('from-env');
  });

  it('bounds the wait for an unreachable server, unless the caller set it', () => {
    expect(toolConnection('postgres://h/db', {}).env.PGCONNECT_TIMEOUT).toBe('10');
    expect(
      toolConnection('postgres://h/db', { PGCONNECT_TIMEOUT: '3' }).env.PGCONNECT_TIMEOUT,
    ).toBe('3');
  });
});
