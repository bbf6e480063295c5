/**
 * The refusals a restore shares between back ends, worded once. A restore replaces the
 * whole database, audit trail included, so it never lands on data by accident: the user
 * says `--force`, after being told to take a backup of what is there.
 */
import { TimelyError } from '../engine/errors.ts';
import type { DatabaseContents } from './database-contents.ts';

export function refuseUnlessEmpty(
  contents: DatabaseContents,
  description: string,
  force: boolean,
): void {
  if (force || contents.dataRows === 0) return;
  const rows = contents.dataRows.toLocaleString('en-US');
  throw new TimelyError(
    'CONFLICT',
    `${description} holds data (${rows} rows): a restore replaces all of it; back it up first (timely backup FILE), then restore with --force`,
    { path: '--force' },
  );
}

export function refuseNotTimely(shown: string): TimelyError {
  return new TimelyError('FIELD_INVALID', `${shown}: not a backup of a Timely database`, {
    path: 'FILE',
  });
}
