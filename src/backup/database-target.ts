/**
 * Which database a backup reads or a restore replaces, chosen as `timely serve` chooses
 * (src/transfer/open-store.ts): the PostgreSQL server in DATABASE_URL when it is set,
 * otherwise PGlite with its data in the --data folder.
 */
import { redactPassword } from '../db/open-database.ts';

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string; readonly description: string }
  | {
      readonly kind: 'pglite';
      /** the folder, resolved */
      readonly dir: string;
      /** the folder as the user wrote it, for messages */
      readonly shown: string;
      readonly description: string;
    };

export function databaseTarget(
  url: string | undefined,
  dir: string,
  shown: string,
): DatabaseTarget {
  if (url) return { kind: 'postgres', url, description: `PostgreSQL at ${redactPassword(url)}` };
  return { kind: 'pglite', dir, shown, description: `PGlite in ${shown}` };
}
