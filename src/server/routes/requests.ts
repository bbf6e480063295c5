/**
 * Requests for care, read back: `GET /requests` (the scheduler's queue: by default the
 * requests still waiting — open or waitlisted — earliest deadline first) and
 * `GET /requests/{centerId}/{id}`. Booking a stored request goes through the booking
 * service (`POST /requests/{centerId}/{id}/book`, routes/booking.ts).
 *
 * A request names a member and their need: personal health information. Each one read
 * leaves an audit event, written before the answer goes out (audit.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { REQUEST_STATUSES, REQUEST_TYPES } from '../../db/schema.ts';
import { californiaStandards } from '../../engine/rules/standards.ts';
import type { RouteOptions } from '../app.ts';
import { type AuditEntry, recordAudit } from '../audit.ts';
import { idSchema, instantSchema } from '../fields.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { notFound, problemResponses } from '../problem.ts';

type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The queue: what a scheduler still has to place. */
const WAITING: readonly RequestStatus[] = ['open', 'waitlisted'];

const requestSchema = z
  .object({
    centerId: idSchema.meta({ description: "the member's home center, which owns the request" }),
    id: idSchema,
    patient: z.object({ id: idSchema, name: z.string(), memberNumber: z.string() }),
    type: z.enum(REQUEST_TYPES),
    standard: z.string(),
    status: z.enum(REQUEST_STATUSES),
    clockStart: instantSchema,
    deadline: instantSchema.meta({ description: "the standard's deadline" }),
    extensionDeadline: instantSchema
      .nullable()
      .meta({ description: 'a longer deadline the treating provider recorded, if any' }),
    notBefore: instantSchema.nullable(),
    language: z.string(),
    modality: z.enum(['in-person', 'video', 'any']),
    priorClinicianId: idSchema.nullable(),
  })
  .meta({ id: 'CareRequest' });

const statusList = z
  .string()
  .max(100)
  .optional()
  .transform((text, context) => {
    if (text === undefined || text === '') return [...WAITING];
    const statuses = text.split(',').map((s) => s.trim());
    const unknown = statuses.find((s) => !(REQUEST_STATUSES as readonly string[]).includes(s));
    if (unknown !== undefined) {
      context.addIssue({
        code: 'custom',
        message: `unknown status "${unknown}"; expected a comma-separated list of ${REQUEST_STATUSES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(statuses)].sort() as RequestStatus[];
  })
  .meta({
    description: 'comma-separated statuses; open and waitlisted (the queue) when omitted',
  });

const standardIds = californiaStandards.ids() as [string, ...string[]];

const listQuery = z.strictObject({
  center: idSchema.optional(),
  status: statusList,
  standard: z.enum(standardIds).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  sort: sortParam(['deadline', 'clockStart'], 'deadline'),
  ...pageQueryFields,
});

const params = z.strictObject({ centerId: idSchema, id: idSchema });

const SORT = {
  columns: { deadline: 'requests.deadline', clockStart: 'requests.clock_start' },
  key: ['requests.center_id', 'requests.id'],
};

function requestEvent(centerId: string, id: string, patientId: string): AuditEntry {
  return { action: 'R', entityType: 'Request', entityId: id, patient: { centerId, id: patientId } };
}

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

export const requestRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['requests'];

  function selectRequests() {
    return db
      .selectFrom('requests')
      .innerJoin('patients', (join) =>
        join
          .onRef('patients.center_id', '=', 'requests.center_id')
          .onRef('patients.id', '=', 'requests.patient_id'),
      )
      .select([
        'requests.center_id',
        'requests.id',
        'requests.patient_id',
        'patients.name as patient_name',
        'patients.member_number',
        'requests.type',
        'requests.standard',
        'requests.status',
        'requests.clock_start',
        'requests.deadline',
        'requests.extension_deadline',
        'requests.not_before',
        'requests.language',
        'requests.modality',
        'requests.prior_clinician_id',
      ]);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof selectRequests>['execute']>>[number];

  function toRequest(row: Row): z.infer<typeof requestSchema> {
    return {
      centerId: row.center_id,
      id: row.id,
      patient: { id: row.patient_id, name: row.patient_name, memberNumber: row.member_number },
      type: row.type,
      standard: row.standard,
      status: row.status,
      clockStart: row.clock_start.toISOString(),
      deadline: row.deadline.toISOString(),
      extensionDeadline: iso(row.extension_deadline),
      notBefore: iso(row.not_before),
      language: row.language,
      modality: row.modality,
      priorClinicianId: row.prior_clinician_id,
    };
  }

  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary:
          'List requests: by default the queue (open and waitlisted), earliest deadline first',
        querystring: listQuery,
        response: { 200: pageSchema(requestSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { center, status, standard, type, sort, limit, cursor } = request.query;
      let query = selectRequests().where(sql.ref('requests.status'), 'in', status);
      if (center !== undefined) query = query.where('requests.center_id', '=', center);
      if (standard !== undefined) query = query.where('requests.standard', '=', standard);
      if (type !== undefined) query = query.where('requests.type', '=', type);
      const filters = { center, status: status.join(','), standard, type };
      const page = await readPage(query, SORT, { sort, limit, cursor, filters });
      await recordAudit(
        db,
        request,
        page.items.map((row) => requestEvent(row.center_id, row.id, row.patient_id)),
      );
      return { items: page.items.map(toRequest), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/requests/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Get a request',
        params,
        response: { 200: requestSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const row = await selectRequests()
        .where('requests.center_id', '=', centerId)
        .where('requests.id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw notFound(`request ${centerId}/${id}`);
      await recordAudit(db, request, [requestEvent(centerId, id, row.patient_id)]);
      return toRequest(row);
    },
  );
};
