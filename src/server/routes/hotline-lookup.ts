/**
 * What the hotline's intake form looks up: `GET /hotline/members` (a caller's member by
 * member number, or by name — `GET /patients` filters by member number only, and lists
 * whole centers, which the hotline does not need) and `GET /hotline/assignees` (the
 * accounts a case may be assigned to).
 *
 * The lookup answers at most 20 members, each read audited like any patient read.
 * Names match case-insensitively from the start of any word ("gar" finds "Ana García"
 * and "Garfield Moss"), so a caller's first or last name is enough.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteOptions } from '../app.ts';
import { recordAudit } from '../audit.ts';
import { idSchema, localDateSchema } from '../fields.ts';
import { ASSIGNABLE_ROLES } from '../hotline-checks.ts';
import { problemResponses } from '../problem.ts';

export const LOOKUP_LIMIT = 20;

const lookupQuery = z
  .strictObject({
    memberNumber: z.string().trim().min(1).max(40).optional(),
    name: z.string().trim().min(2, 'at least 2 letters').max(200).optional(),
    birthDate: localDateSchema.optional(),
    center: idSchema.optional(),
  })
  .superRefine((query, context) => {
    if (query.memberNumber === undefined && query.name === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['memberNumber'],
        message: 'give the member number or a name to look up',
      });
    }
  });

const memberSchema = z.object({
  centerId: idSchema,
  centerName: z.string(),
  id: idSchema,
  memberNumber: z.string(),
  name: z.string(),
  birthDate: z.string().nullable(),
});

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

export const hotlineLookupRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['hotline'];

  app.get(
    '/hotline/members',
    {
      schema: {
        tags,
        summary: 'Find a caller’s member by member number or name (at most 20)',
        querystring: lookupQuery,
        response: {
          200: z.object({ items: z.array(memberSchema).meta({ description: 'by name' }) }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query;
      let query = db
        .selectFrom('patients as p')
        .innerJoin('medical_centers as m', 'm.id', 'p.center_id')
        .select([
          'p.center_id',
          'm.name as center_name',
          'p.id',
          'p.member_number',
          'p.name',
          'p.birth_date',
        ]);
      if (q.memberNumber !== undefined) query = query.where('p.member_number', '=', q.memberNumber);
      if (q.name !== undefined) {
        const word = likeLiteral(q.name.toLowerCase());
        query = query.where((eb) =>
          eb.or([
            eb(sql`lower(p.name)`, 'like', `${word}%`),
            eb(sql`lower(p.name)`, 'like', `% ${word}%`),
          ]),
        );
      }
      if (q.birthDate !== undefined) query = query.where('p.birth_date', '=', q.birthDate);
      if (q.center !== undefined) query = query.where('p.center_id', '=', q.center);
      const rows = await query
        .orderBy('p.name')
        .orderBy('p.center_id')
        .orderBy('p.id')
        .limit(LOOKUP_LIMIT)
        .execute();
      await recordAudit(
        db,
        request,
        rows.map((row) => ({
          action: 'R' as const,
          entityType: 'Patient',
          entityId: row.id,
          patient: { centerId: row.center_id, id: row.id },
          detail: { lookup: 'hotline' },
        })),
      );
      return {
        items: rows.map((row) => ({
          centerId: row.center_id,
          centerName: row.center_name,
          id: row.id,
          memberNumber: row.member_number,
          name: row.name,
          birthDate: row.birth_date,
        })),
      };
    },
  );

  app.get(
    '/hotline/assignees',
    {
      schema: {
        tags,
        summary: 'The active accounts a case may be assigned to (hotline and admin)',
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
          }),
        },
      },
    },
    async () => {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'display_name', 'role'])
        .where('active', '=', true)
        .where('role', 'in', ASSIGNABLE_ROLES)
        .orderBy('display_name')
        .orderBy('id')
        .execute();
      return { items: rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role })) };
    },
  );
};
