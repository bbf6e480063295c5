/**
 * `timely tokens add NAME [--days N] [--label TEXT]` issues a further API token for an
 * account and prints it once; `timely tokens revoke ID` ends one at once (the id is the
 * 16 hex digits after `timely_` in the token, and what `tokens add` prints).
 */
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import { withCliDatabase } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { writeLines } from '../output.ts';

const ACTIONS = ['add', 'revoke'] as const;

const options = z.object({
  days: z.string().optional(),
  label: z.string().optional(),
  data: z.string().optional(),
});

export const command = defineCommand({
  name: 'tokens',
  summary: 'API tokens: add NAME (a further token), revoke ID',
  configure: (cmd) => {
    cmd
      .argument('<action>', ACTIONS.join(' | '))
      .argument('<target>', 'add: the account NAME; revoke: the token ID')
      .option('--days <n>', 'for add: days until the token expires (default 90, at most 366)')
      .option('--label <text>', 'for add: what the token is for')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const [action, target = ''] = input.args;
    const { issueToken, revokeToken } = await import('../../auth/accounts.ts');
    if (action === 'revoke') {
      await withCliDatabase(opts.data, io, (db) => revokeToken(db, target));
      writeLines(io.stdout, [`timely: token ${target} revoked`]);
      return EXIT_OK;
    }
    if (action !== 'add') {
      throw new TimelyError(
        'FIELD_INVALID',
        `action: expected one of ${ACTIONS.join(', ')}, got "${action ?? ''}"`,
        { path: 'action' },
      );
    }
    if (opts.days !== undefined && !/^\d{1,4}$/.test(opts.days)) {
      throw new TimelyError(
        'FIELD_INVALID',
        `--days: expected a whole number, got "${opts.days}"`,
        {
          path: '--days',
        },
      );
    }
    const days = opts.days === undefined ? undefined : Number(opts.days);
    const token = await withCliDatabase(opts.data, io, (db) =>
      issueToken(db, target, { days, label: opts.label }),
    );
    writeLines(io.stdout, [
      `API token for "${target}" (id ${token.id}, expires ${token.expiresAt.toISOString()}); shown only now:`,
      token.token,
    ]);
    return EXIT_OK;
  },
});
