/**
 * Clinicians: `/clinicians` (list across the network, filtered by center, discipline,
 * language, active; create) and `/clinicians/{centerId}/{id}` (get, update, delete).
 *
 * A clinician belongs to one center, and the item path carries the whole primary key
 * `(center_id, id)`: a read or write names its center, so on Citus it goes to one node
 * (docs/database.md). Deleting a clinician deletes their templates and time off
 * (ON DELETE CASCADE); one with appointments is refused with 409.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import { type CliniciansTable, MODALITIES } from '../../db/schema.ts';
import type { RouteOptions } from '../app.ts';
import {
  booleanQuerySchema,
  codeSchema,
  hasChanges,
  idSchema,
  instantSchema,
  languageSchema,
  nameSchema,
} from '../fields.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { fieldProblem, notFound, problemResponses } from '../problem.ts';

const modalities = z
  .array(z.enum(MODALITIES))
  .min(1)
  .max(MODALITIES.length)
  .refine((list) => new Set(list).size === list.length, 'a modality is listed twice');
const languages = z.array(languageSchema).min(1).max(20);
const caseloadCap = z.number().int().min(1).max(10_000).nullable();

const clinicianSchema = z
  .object({
    centerId: idSchema,
    id: idSchema,
    name: z.string(),
    discipline: z.string(),
    languages: z.array(z.string()),
    modalities: z.array(z.enum(MODALITIES)),
    active: z.boolean(),
    caseloadCap: z.number().int().nullable(),
    createdAt: instantSchema,
  })
  .meta({ id: 'Clinician' });

export const createSchema = z.strictObject({
  centerId: idSchema,
  id: idSchema.optional().meta({ description: 'kept when given; a UUID otherwise' }),
  name: nameSchema,
  discipline: codeSchema.meta({ description: 'psychologist, lcsw, lmft, psychiatrist, …' }),
  languages: languages.default(['en']),
  modalities,
  active: z.boolean().default(true),
  caseloadCap: caseloadCap.optional().meta({ description: 'most active patients; null = none' }),
});

const patchSchema = z.strictObject({
  name: nameSchema.optional(),
  discipline: codeSchema.optional(),
  languages: languages.optional(),
  modalities: modalities.optional(),
  active: z.boolean().optional(),
  caseloadCap: caseloadCap.optional(),
});

const SORT = {
  columns: { name: 'name', discipline: 'discipline', createdAt: 'created_at', id: 'id' },
  key: ['center_id', 'id'],
};

const listQuery = z.strictObject({
  center: idSchema.optional(),
  discipline: codeSchema.optional(),
  language: languageSchema.optional(),
  active: booleanQuerySchema.optional(),
  sort: sortParam(['name', 'discipline', 'createdAt', 'id'], 'name'),
  ...pageQueryFields,
});

const params = z.strictObject({ centerId: idSchema, id: idSchema });

function toClinician(row: Selectable<CliniciansTable>): z.infer<typeof clinicianSchema> {
  return {
    centerId: row.center_id,
    id: row.id,
    name: row.name,
    discipline: row.discipline,
    languages: row.languages,
    modalities: row.modalities,
    active: row.active,
    caseloadCap: row.caseload_cap,
    createdAt: row.created_at.toISOString(),
  };
}

function location(centerId: string, id: string): string {
  return `/clinicians/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`;
}

export const clinicianRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['clinicians'];

  app.get(
    '/clinicians',
    {
      schema: {
        tags,
        summary: 'List clinicians',
        querystring: listQuery,
        response: { 200: pageSchema(clinicianSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { center, discipline, language, active, sort, limit, cursor } = request.query;
      let query = db.selectFrom('clinicians').selectAll();
      if (center !== undefined) query = query.where('center_id', '=', center);
      if (discipline !== undefined) query = query.where('discipline', '=', discipline);
      if (language !== undefined)
        query = query.where('languages', '@>', sql<string[]>`ARRAY[${language}]::text[]`);
      if (active !== undefined) query = query.where('active', '=', active === 'true');
      const filters = { center, discipline, language, active };
      const page = await readPage(query, SORT, { sort, limit, cursor, filters });
      return { items: page.items.map(toClinician), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/clinicians',
    {
      schema: {
        tags,
        summary: 'Create a clinician',
        body: createSchema,
        response: { 201: clinicianSchema, ...problemResponses(400, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await db.transaction().execute(async (trx) => {
        const center = await trx
          .selectFrom('medical_centers')
          .select('id')
          .where('id', '=', body.centerId)
          .executeTakeFirst();
        if (center === undefined) {
          throw fieldProblem('unprocessable', 'body', 'centerId', 'no such medical center');
        }
        return trx
          .insertInto('clinicians')
          .values({
            center_id: body.centerId,
            ...(body.id === undefined ? {} : { id: body.id }),
            name: body.name,
            discipline: body.discipline,
            languages: body.languages,
            modalities: body.modalities,
            active: body.active,
            caseload_cap: body.caseloadCap ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      return reply
        .code(201)
        .header('location', location(row.center_id, row.id))
        .send(toClinician(row));
    },
  );

  app.get(
    '/clinicians/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Get a clinician',
        params,
        response: { 200: clinicianSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const row = await db
        .selectFrom('clinicians')
        .selectAll()
        .where('center_id', '=', centerId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw notFound(`clinician ${centerId}/${id}`);
      return toClinician(row);
    },
  );

  app.patch(
    '/clinicians/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Change a clinician',
        params,
        body: patchSchema,
        response: { 200: clinicianSchema, ...problemResponses(400, 404, 413, 415) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const b = request.body;
      const changes = {
        name: b.name,
        discipline: b.discipline,
        languages: b.languages,
        modalities: b.modalities,
        active: b.active,
        caseload_cap: b.caseloadCap,
      };
      const row = hasChanges(changes)
        ? await db
            .updateTable('clinicians')
            .set(changes)
            .where('center_id', '=', centerId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst()
        : await db
            .selectFrom('clinicians')
            .selectAll()
            .where('center_id', '=', centerId)
            .where('id', '=', id)
            .executeTakeFirst();
      if (row === undefined) throw notFound(`clinician ${centerId}/${id}`);
      return toClinician(row);
    },
  );

  app.delete(
    '/clinicians/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Delete a clinician (and their templates); refused while appointments exist',
        params,
        response: { 204: z.null(), ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const { centerId, id } = request.params;
      const deleted = await db
        .deleteFrom('clinicians')
        .where('center_id', '=', centerId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound(`clinician ${centerId}/${id}`);
      return reply.code(204).send(null);
    },
  );
};
