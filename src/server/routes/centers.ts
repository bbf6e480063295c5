/**
 * Medical centers: `/centers` (list, create) and `/centers/{id}` (get, update, delete).
 * A center is network-wide (a Citus reference table): its id alone is its key.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { MedicalCentersTable } from '../../db/schema.ts';
import type { RouteOptions } from '../app.ts';
import { hasChanges, idSchema, instantSchema, nameSchema, timeZoneSchema } from '../fields.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { notFound, problemResponses } from '../problem.ts';

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

const centerSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    timeZone: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    createdAt: instantSchema,
  })
  .meta({ id: 'MedicalCenter' });

export const createSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  timeZone: timeZoneSchema.default('America/Los_Angeles'),
  lat: latitude.nullable().optional(),
  lon: longitude.nullable().optional(),
});

const patchSchema = z.strictObject({
  name: nameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  lat: latitude.nullable().optional(),
  lon: longitude.nullable().optional(),
});

const SORT = { columns: { id: 'id', name: 'name', createdAt: 'created_at' }, key: ['id'] };

const listQuery = z.strictObject({
  sort: sortParam(['id', 'name', 'createdAt'], 'id'),
  ...pageQueryFields,
});

const params = z.strictObject({ id: idSchema });

function toCenter(row: Selectable<MedicalCentersTable>): z.infer<typeof centerSchema> {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    lat: row.lat,
    lon: row.lon,
    createdAt: row.created_at.toISOString(),
  };
}

export function centerLocation(id: string): string {
  return `/centers/${encodeURIComponent(id)}`;
}

export const centerRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['centers'];

  app.get(
    '/centers',
    {
      schema: {
        tags,
        summary: 'List medical centers',
        querystring: listQuery,
        response: { 200: pageSchema(centerSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { sort, limit, cursor } = request.query;
      const page = await readPage(db.selectFrom('medical_centers').selectAll(), SORT, {
        sort,
        limit,
        cursor,
        filters: {},
      });
      return { items: page.items.map(toCenter), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/centers',
    {
      schema: {
        tags,
        summary: 'Create a medical center',
        body: createSchema,
        response: { 201: centerSchema, ...problemResponses(400, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { id, name, timeZone, lat, lon } = request.body;
      const row = await db
        .insertInto('medical_centers')
        .values({ id, name, time_zone: timeZone, lat: lat ?? null, lon: lon ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).header('location', centerLocation(row.id)).send(toCenter(row));
    },
  );

  app.get(
    '/centers/:id',
    {
      schema: {
        tags,
        summary: 'Get a medical center',
        params,
        response: { 200: centerSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const row = await db
        .selectFrom('medical_centers')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (row === undefined) throw notFound(`medical center ${request.params.id}`);
      return toCenter(row);
    },
  );

  app.patch(
    '/centers/:id',
    {
      schema: {
        tags,
        summary: 'Change a medical center',
        params,
        body: patchSchema,
        response: { 200: centerSchema, ...problemResponses(400, 404, 413, 415) },
      },
    },
    async (request) => {
      const { name, timeZone, lat, lon } = request.body;
      const changes = { name, time_zone: timeZone, lat, lon };
      const row = hasChanges(changes)
        ? await db
            .updateTable('medical_centers')
            .set(changes)
            .where('id', '=', request.params.id)
            .returningAll()
            .executeTakeFirst()
        : await db
            .selectFrom('medical_centers')
            .selectAll()
            .where('id', '=', request.params.id)
            .executeTakeFirst();
      if (row === undefined) throw notFound(`medical center ${request.params.id}`);
      return toCenter(row);
    },
  );

  app.delete(
    '/centers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a medical center that nothing refers to',
        params,
        response: { 204: z.null(), ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const deleted = await db
        .deleteFrom('medical_centers')
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound(`medical center ${request.params.id}`);
      return reply.code(204).send(null);
    },
  );
};
