/**
 * `timely survey refresh [--weeks N] [--all] [--data DIR]`: computes the regulator's rate
 * of compliance (docs/provider-survey.md) for the last N weeks (13 by default, this week
 * included) and stores it, as the server does on the page's first read — so a database
 * can be made ready before anyone opens the page. Weeks already final are left alone,
 * and this week is recomputed only when older than 15 minutes, unless `--all`
 * recomputes every week asked for. Prints one line per week computed.
 */
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import { withCliDatabase } from '../cli-database.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { writeLines } from '../output.ts';

const options = z.object({
  weeks: z.string().optional(),
  all: z.boolean().optional(),
  data: z.string().optional(),
});

export const command = defineCommand({
  name: 'survey',
  summary: "the regulator's provider survey: refresh (compute the weeks due and store them)",
  configure: (cmd) => {
    cmd
      .argument('<action>', 'refresh')
      .option('--weeks <n>', 'weeks back, this week included (1 to 53, default 13)')
      .option('--all', 'recompute every week asked for, final ones included')
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const [action] = input.args;
    if (action !== 'refresh') {
      throw new TimelyError('FIELD_INVALID', `action: expected refresh, got "${action ?? ''}"`, {
        path: 'action',
      });
    }
    const weeks = opts.weeks === undefined ? 13 : Number(opts.weeks);
    if (
      !(Number.isInteger(weeks) && weeks >= 1 && weeks <= 53 && /^\d+$/.test(opts.weeks ?? '13'))
    ) {
      throw new TimelyError(
        'FIELD_INVALID',
        `--weeks: expected a whole number from 1 to 53, got "${opts.weeks}"`,
        { path: '--weeks' },
      );
    }
    const { ProviderSurveyRefresher } = await import('../../server/provider-survey.ts');
    const { weekWindow } = await import('../../server/routes/access-window.ts');
    const started = performance.now();
    const computed = await withCliDatabase(opts.data, io, async (db) => {
      const mondays = weekWindow(new Date(), weeks).mondays;
      if (opts.all) {
        // Forget the weeks asked for: each is computed again (and final if it is over).
        await db
          .deleteFrom('provider_survey_weeks')
          .where('week', 'in', [...mondays])
          .execute();
      }
      return new ProviderSurveyRefresher(db).refresh(mondays);
    });
    writeLines(io.stdout, [
      ...computed.map(
        (w) =>
          `timely: week of ${w.week}: ${w.clinicians} clinicians surveyed in ${(w.ms / 1000).toFixed(1)} s${w.final ? '' : ' (this week: provisional)'}`,
      ),
      `timely: provider survey: ${computed.length} week${computed.length === 1 ? '' : 's'} computed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ]);
    return EXIT_OK;
  },
});
