/**
 * `timely users add NAME --role ROLE [--center ID] [--clinician CENTER/ID]
 * [--password-file FILE] [--days N]` creates an account and prints its first API token,
 * once; `timely users list [--json]`; `timely users disable NAME` (its sessions and
 * tokens end at once).
 *
 * A password is read from a file, never from the command line, where `ps` and the shell
 * history would show it to anyone on the machine.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { USER_ROLES } from '../../db/schema.ts';
import { TimelyError } from '../../engine/errors.ts';
import { withCliDatabase } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { formatTable, writeJson, writeLines } from '../output.ts';

const ACTIONS = ['add', 'list', 'disable'] as const;

const options = z.object({
  role: z.string().optional(),
  center: z.string().optional(),
  clinician: z.string().optional(),
  passwordFile: z.string().optional(),
  days: z.string().optional(),
  data: z.string().optional(),
  json: z.boolean().optional(),
});

export const command = defineCommand({
  name: 'users',
  summary: 'manage accounts: add NAME --role ROLE, list, disable NAME',
  configure: (cmd) => {
    cmd
      .argument('<action>', ACTIONS.join(' | '))
      .argument('[name]', 'the account (for add and disable)')
      .option('--role <role>', `for add: ${USER_ROLES.join(', ')}`)
      .option('--center <id>', 'for add: the medical center the account works for')
      .option('--clinician <center/id>', 'for add with --role clinician: the clinician it is')
      .option(
        '--password-file <file>',
        "for add: a file whose first line is the account's password",
      )
      .option('--days <n>', 'for add: days until the first token expires (default 90)')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)')
      .option('--json', 'for list: JSON on stdout');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const [action, name] = input.args;
    if (!(ACTIONS as readonly string[]).includes(action ?? '')) {
      throw usage('action', `expected one of ${ACTIONS.join(', ')}, got "${action ?? ''}"`);
    }
    const { createAccount, disableAccount, isRole, listAccounts } = await import(
      '../../auth/accounts.ts'
    );

    if (action === 'list') {
      const accounts = await withCliDatabase(opts.data, io, (db) => listAccounts(db));
      if (opts.json) {
        writeJson(io.stdout, { accounts });
      } else {
        writeLines(
          io.stdout,
          formatTable([
            ['NAME', 'ROLE', 'CENTER', 'CLINICIAN', 'ACTIVE', 'PASSWORD', 'TOKENS'],
            ...accounts.map((a) => [
              a.name,
              a.role,
              a.centerId ?? '-',
              a.clinician ? `${a.clinician.centerId}/${a.clinician.id}` : '-',
              a.active ? 'yes' : 'no',
              a.hasPassword ? 'yes' : 'no',
              String(a.liveTokens),
            ]),
          ]),
        );
      }
      return EXIT_OK;
    }

    if (name === undefined) throw usage('name', `"users ${action}" needs the account's NAME`);
    if (action === 'disable') {
      await withCliDatabase(opts.data, io, (db) => disableAccount(db, name));
      writeLines(io.stdout, [`timely: disabled "${name}"; its sessions and tokens have ended`]);
      return EXIT_OK;
    }

    const role = opts.role;
    if (role === undefined) throw usage('--role', `required (one of ${USER_ROLES.join(', ')})`);
    if (!isRole(role))
      throw usage('--role', `expected one of ${USER_ROLES.join(', ')}, got "${role}"`);
    const clinician = opts.clinician === undefined ? undefined : clinicianOf(opts.clinician);
    const password =
      opts.passwordFile === undefined
        ? undefined
        : await readPassword(resolve(io.cwd, opts.passwordFile));
    const days = opts.days === undefined ? undefined : wholeNumber('--days', opts.days);
    const { account, token } = await withCliDatabase(opts.data, io, (db) =>
      createAccount(
        db,
        { name, role, centerId: opts.center, clinician, password },
        { tokenDays: days },
      ),
    );
    writeLines(io.stdout, [
      `timely: created ${account.role} account "${account.name}"${password ? ' with a password' : ''}`,
      `API token (id ${token.id}, expires ${token.expiresAt.toISOString()}); shown only now, store it safely:`,
      token.token,
    ]);
    return EXIT_OK;
  },
});

function clinicianOf(text: string): { centerId: string; id: string } {
  const [centerId, id, ...rest] = text.split('/');
  if (!centerId || !id || rest.length > 0) {
    throw usage('--clinician', `expected CENTER/ID, got "${text}"`);
  }
  return { centerId, id };
}

async function readPassword(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw usage('--password-file', `cannot read ${file} (${code})`);
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d{1,4}$/.test(text)) throw usage(option, `expected a whole number, got "${text}"`);
  return Number(text);
}

function usage(path: string, message: string): TimelyError {
  return new TimelyError('FIELD_INVALID', `${path}: ${message}`, { path });
}
