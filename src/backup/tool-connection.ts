/**
 * How pg_dump and pg_restore reach the server in DATABASE_URL without the password
 * showing: the URL goes on the command line without it (command lines are visible to
 * every user of the machine, `ps`), and the password in PGPASSWORD, which libpq reads
 * and only the child process sees (PostgreSQL docs, 34.15 "Environment Variables").
 */
export interface ToolConnection {
  /** For `--dbname`: the URL with no password in it. */
  readonly dbname: string;
  /** The child's environment: the caller's, plus PGPASSWORD when the URL had one. */
  readonly env: NodeJS.ProcessEnv;
}

export function toolConnection(url: string, env: NodeJS.ProcessEnv = process.env): ToolConnection {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: {
      ...env,
      // Never wait on a password prompt (there is no terminal to answer it) nor forever on
      // an unreachable host.
      PGCONNECT_TIMEOUT: env.PGCONNECT_TIMEOUT ?? '10',
      ...(password === undefined ? {} : { PGPASSWORD: password }),
    },
  };
}
