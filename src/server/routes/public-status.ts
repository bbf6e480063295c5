/**
 * `GET /public/status?weeks=N`: the public status page's figures — for each standard,
 * week by week, how many requests each medical center and the whole network had and how
 * many met their deadline — with the regulator's help line. No sign-in (policy: anyone).
 *
 * It names no one: counts per center, standard and week only, judged once by
 * `access-window.ts` like the access overview's. Any figure under 11 requests is withheld,
 * with the complementary cells that would give it away (`src/access/suppression.ts`,
 * docs/public-status.md): a withheld cell carries no count and no share at all, only
 * `suppressed: true` and why.
 *
 * Anyone may call it, so the answer is computed at most once a minute per `weeks` and
 * shared (the same figures for every caller: there is no caller-specific part), cached
 * by browsers and proxies for as long, and rate-limited per address.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { REGULATOR_HOTLINE } from '../../access/hotline.ts';
import { SUPPRESSION_THRESHOLD, suppressGroup, type Withheld } from '../../access/suppression.ts';
import type { Database } from '../../db/schema.ts';
import { CALIFORNIA_STANDARDS, describeLimit } from '../../engine/rules/standards.ts';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import { rollupCounts } from './access-rollup.ts';
import {
  ACCESS_TIME_ZONE,
  mondayOf,
  type WeekWindow,
  weeksParam,
  weekWindow,
} from './access-window.ts';

/** How long one computed answer serves every caller, and browsers may keep it (seconds). */
export const PUBLIC_STATUS_MAX_AGE = 60;
/** Calls per address per minute: a page load is one; a script polling it needs no more. */
export const PUBLIC_STATUS_CALLS_PER_MINUTE = 120;

/** What a withheld cell says instead of its figures. */
export const WITHHELD_TEXT: Readonly<Record<Withheld, string>> = {
  small: `fewer than ${SUPPRESSION_THRESHOLD}`,
  complementary: `hidden so that a count under ${SUPPRESSION_THRESHOLD} cannot be worked out`,
};

const count = z.number().int().min(0);
const weekStart = z.string().meta({ description: 'the Monday the week starts on (YYYY-MM-DD)' });

const shownCell = z.strictObject({
  weekStart,
  suppressed: z.literal(false),
  requests: count,
  met: count,
  referred: count,
  missed: count,
  pending: count,
  judged: count.meta({ description: 'met + referred + missed' }),
  compliance: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: 'met ÷ judged; null while none is judged' }),
});

// Strict: a count slipped into a withheld cell fails the response (a 500), never leaks.
const withheldCell = z.strictObject({
  weekStart,
  suppressed: z.literal(true),
  reason: z.enum(['small', 'complementary']).meta({
    description: `small: fewer than ${SUPPRESSION_THRESHOLD} requests; complementary: withheld so that a small one cannot be worked out from the total`,
  }),
  text: z.string(),
});

const cellSchema = z.discriminatedUnion('suppressed', [shownCell, withheldCell]);
type Cell = z.infer<typeof cellSchema>;

const responseSchema = z
  .object({
    asOf: z.string(),
    timeZone: z.string(),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    threshold: z.number().int().meta({ description: 'cells with fewer requests are withheld' }),
    hotline: z.object({
      name: z.string(),
      number: z.string(),
      telephone: z.string().meta({ description: 'a tel: URI' }),
      purpose: z.string(),
    }),
    centers: z.array(z.object({ id: z.string(), name: z.string() })),
    standards: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        limit: z.string().meta({ description: 'the longest wait the standard allows' }),
        citation: z.string(),
        network: z.array(cellSchema).meta({ description: 'the whole network, week by week' }),
        centers: z.array(
          z.object({
            center: z.string().meta({ description: 'a medical center id' }),
            weeks: z.array(cellSchema),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PublicStatus' });

type PublicStatus = z.infer<typeof responseSchema>;

const querySchema = z.strictObject({ weeks: weeksParam });

interface Counts {
  requests: number;
  met: number;
  referred: number;
  missed: number;
  pending: number;
}

const NONE: Counts = { requests: 0, met: 0, referred: 0, missed: 0, pending: 0 };

export const publicStatusRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const answers = new Map<
    number,
    { readonly until: number; readonly answer: Promise<PublicStatus> }
  >();

  app.get(
    '/public/status',
    {
      config: {
        rateLimit: { max: PUBLIC_STATUS_CALLS_PER_MINUTE, timeWindow: 60_000 },
      },
      schema: {
        tags: ['public'],
        summary: 'Weekly compliance per standard and medical center, for the public (no sign-in)',
        description:
          `Counts only. A cell with fewer than ${SUPPRESSION_THRESHOLD} requests is withheld ` +
          '(suppressed: true), and so are the complementary cells that would let one be worked ' +
          'out from the network total: docs/public-status.md.',
        security: [],
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const { weeks } = request.query;
      const now = Date.now();
      let cached = answers.get(weeks);
      if (cached === undefined || cached.until <= now) {
        const fresh = {
          until: now + PUBLIC_STATUS_MAX_AGE * 1000,
          answer: publicStatus(db, weeks),
        };
        answers.set(weeks, fresh);
        // A failure is not kept: the next call tries again.
        fresh.answer.catch(() => {
          if (answers.get(weeks) === fresh) answers.delete(weeks);
        });
        cached = fresh;
      }
      const answer = await cached.answer;
      reply.header('cache-control', `public, max-age=${PUBLIC_STATUS_MAX_AGE}`);
      return answer;
    },
  );
};

async function publicStatus(db: Kysely<Database>, weeks: number): Promise<PublicStatus> {
  const asOf = new Date();
  const window = weekWindow(asOf, weeks);
  const [{ rows }, centers] = await Promise.all([
    // The access rollup (migration 0012), so a year of a full network costs no more
    // than a week of a small one.
    rollupCounts(window, { group: 'center' }).execute(db),
    db.selectFrom('medical_centers').select(['id', 'name']).orderBy('name').orderBy('id').execute(),
  ]);
  const counts = new Map<string, Counts>();
  const weekNumber = new Map<string, number>(window.mondays.map((monday, i) => [monday, i + 1]));
  for (const row of rows) {
    counts.set(`${row.standard} ${weekNumber.get(row.week)} ${row.group_id}`, row);
  }
  const present = new Set(rows.map((row) => row.standard));
  return {
    asOf: asOf.toISOString(),
    timeZone: ACCESS_TIME_ZONE,
    weeks: [...window.mondays],
    threshold: SUPPRESSION_THRESHOLD,
    hotline: { ...REGULATOR_HOTLINE },
    centers,
    standards: standardsIn(present).map((standard) => ({
      ...standard,
      ...standardTable(window, centers, (week, center) =>
        counts.get(`${standard.id} ${week} ${center}`),
      ),
    })),
  };
}

/** The standards that have requests in the window: the rules table's, in its order, first. */
function standardsIn(present: ReadonlySet<string>) {
  const known = CALIFORNIA_STANDARDS.filter((s) => present.has(s.id)).map((s) => ({
    id: s.id,
    title: s.title,
    limit: describeLimit(s.limit),
    citation: s.citation,
  }));
  const others = [...present]
    .filter((id) => !CALIFORNIA_STANDARDS.some((s) => s.id === id))
    .sort()
    .map((id) => ({ id, title: id, limit: '', citation: '' }));
  return [...known, ...others];
}

/** One standard's cells: each week's group of centers, suppressed as one group. */
function standardTable(
  window: WeekWindow,
  centers: readonly { readonly id: string }[],
  countsOf: (week: number, center: string) => Counts | undefined,
): { network: Cell[]; centers: { center: string; weeks: Cell[] }[] } {
  const network: Cell[] = [];
  const rows = centers.map((center) => ({ center: center.id, weeks: [] as Cell[] }));
  window.mondays.forEach((_, i) => {
    const week = i + 1;
    const monday = mondayOf(window, week);
    const cells = centers.map((center) => countsOf(week, center.id) ?? NONE);
    const decision = suppressGroup(cells.map((cell) => cell.requests));
    cells.forEach((cell, c) => {
      rows[c]?.weeks.push(cellOf(monday, cell, decision.cells[c] ?? null));
    });
    network.push(cellOf(monday, sum(cells), decision.total));
  });
  return { network, centers: rows };
}

function cellOf(weekStart: string, counts: Counts, withheld: Withheld | null): Cell {
  if (withheld !== null) {
    return { weekStart, suppressed: true, reason: withheld, text: WITHHELD_TEXT[withheld] };
  }
  const judged = counts.met + counts.referred + counts.missed;
  return {
    weekStart,
    suppressed: false,
    requests: counts.requests,
    met: counts.met,
    referred: counts.referred,
    missed: counts.missed,
    pending: counts.pending,
    judged,
    compliance: judged === 0 ? null : counts.met / judged,
  };
}

function sum(cells: readonly Counts[]): Counts {
  const total = { ...NONE };
  for (const cell of cells) {
    total.requests += cell.requests;
    total.met += cell.met;
    total.referred += cell.referred;
    total.missed += cell.missed;
    total.pending += cell.pending;
  }
  return total;
}
