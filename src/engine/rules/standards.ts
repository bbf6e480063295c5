/**
 * California's timely-access standards for behavioral health, as data. A regulator
 * changes them and another state has others, so nothing else in Timely hard-codes a
 * limit: code asks this table (or a table a plan supplies in the same shape).
 *
 * Sources: Health & Safety Code § 1367.03(a)(5) and (a)(8) as amended by SB 221
 * (Stats. 2021, ch. 724), and 28 CCR § 1300.67.2.2(c)(5) and (c)(8).
 */
import { z } from 'zod';
import { TimelyError } from '../errors.ts';

export const standardLimit = z.discriminatedUnion('unit', [
  z
    .object({ unit: z.literal('minutes'), amount: z.number().int().positive() })
    .describe('elapsed time'),
  z
    .object({ unit: z.literal('hours'), amount: z.number().int().positive() })
    .describe('elapsed time'),
  z
    .object({ unit: z.literal('business-days'), amount: z.number().int().positive() })
    .describe('ends at the end of the nth business day after the day the clock starts'),
]);
export type StandardLimit = z.infer<typeof standardLimit>;

export const clockStart = z.enum(['request', 'prior-appointment', 'call']);
export type ClockStart = z.infer<typeof clockStart>;

export const standardDefinition = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    limit: standardLimit,
    clockStartsAt: clockStart.describe('the event that starts the clock'),
    urgent: z.boolean().describe('urgent standards are served before non-urgent ones'),
    citation: z.string().min(1),
  })
  .strict();
export type Standard = z.infer<typeof standardDefinition>;

export const CALIFORNIA_STANDARDS: readonly Standard[] = Object.freeze([
  {
    id: 'urgent-no-prior-auth',
    title: 'Urgent appointment, no prior authorization required',
    limit: { unit: 'hours', amount: 48 },
    clockStartsAt: 'request',
    urgent: true,
    citation: 'Cal. Health & Safety Code § 1367.03(a)(5)(A); 28 CCR § 1300.67.2.2(c)(5)(A)',
  },
  {
    id: 'urgent-prior-auth',
    title: 'Urgent appointment, prior authorization required',
    limit: { unit: 'hours', amount: 96 },
    clockStartsAt: 'request',
    urgent: true,
    citation: 'Cal. Health & Safety Code § 1367.03(a)(5)(B); 28 CCR § 1300.67.2.2(c)(5)(B)',
  },
  {
    id: 'nonurgent-nonphysician-mh',
    title: 'Non-urgent appointment with a non-physician mental health care provider',
    limit: { unit: 'business-days', amount: 10 },
    clockStartsAt: 'request',
    urgent: false,
    citation: 'Cal. Health & Safety Code § 1367.03(a)(5)(E); 28 CCR § 1300.67.2.2(c)(5)(E)',
  },
  {
    id: 'nonurgent-psychiatry',
    title: 'Non-urgent appointment with a psychiatrist (specialist physician)',
    limit: { unit: 'business-days', amount: 15 },
    clockStartsAt: 'request',
    urgent: false,
    citation: 'Cal. Health & Safety Code § 1367.03(a)(5)(D); 28 CCR § 1300.67.2.2(c)(5)(D)',
  },
  {
    id: 'followup-nonphysician-mh',
    title:
      'Non-urgent follow-up with a non-physician mental health care provider during a course of treatment',
    limit: { unit: 'business-days', amount: 10 },
    clockStartsAt: 'prior-appointment',
    urgent: false,
    citation: 'Cal. Health & Safety Code § 1367.03(a)(5)(F), added by SB 221 (2021)',
  },
  {
    id: 'telephone-triage',
    title: 'Telephone triage or screening',
    limit: { unit: 'minutes', amount: 30 },
    clockStartsAt: 'call',
    urgent: true,
    citation: 'Cal. Health & Safety Code § 1367.03(a)(8); 28 CCR § 1300.67.2.2(c)(8)',
  },
] satisfies Standard[]);

/** A lookup over a validated table of standards. */
export class StandardsTable {
  private readonly byId: ReadonlyMap<string, Standard>;

  constructor(readonly standards: readonly Standard[] = CALIFORNIA_STANDARDS) {
    const parsed = z.array(standardDefinition).safeParse(standards);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TimelyError(
        'FIELD_INVALID',
        `standards[${issue?.path.join('.')}]: ${issue?.message}`,
        { path: `standards.${issue?.path.join('.')}` },
      );
    }
    const map = new Map<string, Standard>();
    for (const s of parsed.data) {
      if (map.has(s.id))
        throw new TimelyError('FIELD_INVALID', `standard "${s.id}" is listed twice`);
      map.set(s.id, s);
    }
    this.byId = map;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The standard with this id, or undefined. */
  find(id: string): Standard | undefined {
    return this.byId.get(id);
  }

  get(id: string, path = 'standard'): Standard {
    const standard = this.byId.get(id);
    if (!standard) {
      throw new TimelyError(
        'STANDARD_UNKNOWN',
        `${path}: unknown standard "${id}" (known: ${[...this.byId.keys()].join(', ')})`,
        { path },
      );
    }
    return standard;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

export const californiaStandards = new StandardsTable();

/** Human-readable limit, e.g. "48 hours", "10 business days". */
export function describeLimit(limit: StandardLimit): string {
  const unit = limit.unit === 'business-days' ? 'business day' : limit.unit.replace(/s$/, '');
  return `${limit.amount} ${unit}${limit.amount === 1 ? '' : 's'}`;
}
