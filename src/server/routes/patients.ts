/**
 * Patients (plan members): `/patients` (list, filtered by center and member number;
 * create) and `/patients/{centerId}/{id}` (get, update, delete). A patient belongs to
 * their home center; a member number is unique within it (409 when taken).
 *
 * Names, member numbers and birth dates are personal data: they are never logged
 * (logger.ts), and the request log names the route template, not the URL. Every patient
 * read or written leaves an audit event (`audit.ts`): a write's in its transaction, a
 * read's before the answer goes out.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PatientsTable } from '../../db/schema.ts';
import type { RouteOptions } from '../app.ts';
import { type AuditEntry, recordAudit } from '../audit.ts';
import {
  hasChanges,
  idSchema,
  instantSchema,
  languageSchema,
  localDateSchema,
  nameSchema,
} from '../fields.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { fieldProblem, notFound, problemResponses } from '../problem.ts';

const memberNumber = z.string().trim().min(1).max(40);

const patientSchema = z
  .object({
    centerId: idSchema,
    id: idSchema,
    memberNumber: z.string(),
    name: z.string(),
    birthDate: z.string().nullable(),
    language: z.string(),
    createdAt: instantSchema,
  })
  .meta({ id: 'Patient' });

export const createSchema = z.strictObject({
  centerId: idSchema.meta({ description: "the member's home medical center" }),
  id: idSchema.optional().meta({ description: 'kept when given; a UUID otherwise' }),
  memberNumber,
  name: nameSchema,
  birthDate: localDateSchema.nullable().optional(),
  language: languageSchema.default('en'),
});

const patchSchema = z.strictObject({
  memberNumber: memberNumber.optional(),
  name: nameSchema.optional(),
  birthDate: localDateSchema.nullable().optional(),
  language: languageSchema.optional(),
});

const SORT = {
  columns: { name: 'name', memberNumber: 'member_number', createdAt: 'created_at', id: 'id' },
  key: ['center_id', 'id'],
};

const listQuery = z.strictObject({
  center: idSchema.optional(),
  memberNumber: memberNumber.optional(),
  sort: sortParam(['name', 'memberNumber', 'createdAt', 'id'], 'name'),
  ...pageQueryFields,
});

const params = z.strictObject({ centerId: idSchema, id: idSchema });

function toPatient(row: Selectable<PatientsTable>): z.infer<typeof patientSchema> {
  return {
    centerId: row.center_id,
    id: row.id,
    memberNumber: row.member_number,
    name: row.name,
    birthDate: row.birth_date,
    language: row.language,
    createdAt: row.created_at.toISOString(),
  };
}

function patientEvent(action: AuditEntry['action'], centerId: string, id: string): AuditEntry {
  return { action, entityType: 'Patient', entityId: id, patient: { centerId, id } };
}

function location(centerId: string, id: string): string {
  return `/patients/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`;
}

export const patientRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['patients'];

  app.get(
    '/patients',
    {
      schema: {
        tags,
        summary: 'List patients',
        querystring: listQuery,
        response: { 200: pageSchema(patientSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { center, memberNumber: member, sort, limit, cursor } = request.query;
      let query = db.selectFrom('patients').selectAll();
      if (center !== undefined) query = query.where('center_id', '=', center);
      if (member !== undefined) query = query.where('member_number', '=', member);
      const filters = { center, memberNumber: member };
      const page = await readPage(query, SORT, { sort, limit, cursor, filters });
      await recordAudit(
        db,
        request,
        page.items.map((row) => patientEvent('R', row.center_id, row.id)),
      );
      return { items: page.items.map(toPatient), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/patients',
    {
      schema: {
        tags,
        summary: 'Create a patient',
        body: createSchema,
        response: { 201: patientSchema, ...problemResponses(400, 409, 413, 415, 422) },
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
        const created = await trx
          .insertInto('patients')
          .values({
            center_id: body.centerId,
            ...(body.id === undefined ? {} : { id: body.id }),
            member_number: body.memberNumber,
            name: body.name,
            birth_date: body.birthDate ?? null,
            language: body.language,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, request, [patientEvent('C', created.center_id, created.id)]);
        return created;
      });
      return reply
        .code(201)
        .header('location', location(row.center_id, row.id))
        .send(toPatient(row));
    },
  );

  app.get(
    '/patients/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Get a patient',
        params,
        response: { 200: patientSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const row = await db
        .selectFrom('patients')
        .selectAll()
        .where('center_id', '=', centerId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw notFound(`patient ${centerId}/${id}`);
      await recordAudit(db, request, [patientEvent('R', centerId, id)]);
      return toPatient(row);
    },
  );

  app.patch(
    '/patients/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Change a patient',
        params,
        body: patchSchema,
        response: { 200: patientSchema, ...problemResponses(400, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const b = request.body;
      const changes = {
        member_number: b.memberNumber,
        name: b.name,
        birth_date: b.birthDate,
        language: b.language,
      };
      const changed = hasChanges(changes);
      const row = await db.transaction().execute(async (trx) => {
        const found = changed
          ? await trx
              .updateTable('patients')
              .set(changes)
              .where('center_id', '=', centerId)
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst()
          : await trx
              .selectFrom('patients')
              .selectAll()
              .where('center_id', '=', centerId)
              .where('id', '=', id)
              .executeTakeFirst();
        if (found === undefined) throw notFound(`patient ${centerId}/${id}`);
        // An empty change still answers with the record: that is a read.
        await recordAudit(trx, request, [patientEvent(changed ? 'U' : 'R', centerId, id)]);
        return found;
      });
      return toPatient(row);
    },
  );

  app.delete(
    '/patients/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Delete a patient entered by mistake; refused once anything refers to them',
        params,
        response: { 204: z.null(), ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const { centerId, id } = request.params;
      await db.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom('patients')
          .where('center_id', '=', centerId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (deleted.numDeletedRows === 0n) throw notFound(`patient ${centerId}/${id}`);
        await recordAudit(trx, request, [patientEvent('D', centerId, id)]);
      });
      return reply.code(204).send(null);
    },
  );
};
