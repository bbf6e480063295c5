/**
 * `GET /audit-events`: the audit trail, for the `compliance` role (src/auth/policy.ts):
 * who read or changed which record, whose information it was, when, from where and
 * with what outcome — in time order (`sort=-recordedAt`: newest first), filtered by patient, account, record, action and
 * time, with cursor pagination like every list.
 *
 * Reading the trail is itself not a read of health information, so it adds no events;
 * the rows hold ids and codes only, never names or member numbers.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditEventsTable } from '../../db/schema.ts';
import type { RouteOptions } from '../app.ts';
import { idSchema, instantSchema } from '../fields.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { problemResponses } from '../problem.ts';

const auditEventSchema = z
  .object({
    id: z.string(),
    recordedAt: instantSchema,
    action: z.enum(AUDIT_ACTIONS).meta({
      description: 'C create, R read, U update, D delete, E execute (FHIR AuditEvent.action)',
    }),
    outcome: z.enum(['success', 'failure']),
    actor: z.object({ userId: z.string().nullable(), role: z.string().nullable() }),
    entity: z.object({ type: z.string(), id: z.string(), centerId: z.string().nullable() }),
    patient: z.object({ centerId: z.string(), id: z.string() }).nullable(),
    sourceAddress: z.string().nullable(),
    requestId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });

const listQuery = z.strictObject({
  patientCenter: idSchema.optional(),
  patient: idSchema.optional().meta({ description: 'the patient id (with patientCenter)' }),
  actor: z.string().max(64).optional().meta({ description: 'the acting account id' }),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(200).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'recorded at or after' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'recorded before' }),
  sort: sortParam(['recordedAt'], 'recordedAt'),
  ...pageQueryFields,
});

const SORT = { columns: { recordedAt: 'recorded_at' }, key: ['id'] };

function toAuditEvent(row: Selectable<AuditEventsTable>): z.infer<typeof auditEventSchema> {
  return {
    id: row.id,
    recordedAt: row.recorded_at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actor: { userId: row.actor_user_id, role: row.actor_role },
    entity: { type: row.entity_type, id: row.entity_id, centerId: row.center_id },
    patient:
      row.patient_id !== null && row.patient_center_id !== null
        ? { centerId: row.patient_center_id, id: row.patient_id }
        : null,
    sourceAddress: row.source_address,
    requestId: row.request_id,
    detail: row.detail,
  };
}

export const auditEventRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail: every read and write of personal health information',
        querystring: listQuery,
        response: { 200: pageSchema(auditEventSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { sort, limit, cursor, ...filters } = request.query;
      let query = db.selectFrom('audit_events').selectAll();
      if (filters.patientCenter !== undefined) {
        query = query.where('patient_center_id', '=', filters.patientCenter);
      }
      if (filters.patient !== undefined) query = query.where('patient_id', '=', filters.patient);
      if (filters.actor !== undefined) query = query.where('actor_user_id', '=', filters.actor);
      if (filters.entityType !== undefined) {
        query = query.where('entity_type', '=', filters.entityType);
      }
      if (filters.entityId !== undefined) query = query.where('entity_id', '=', filters.entityId);
      if (filters.action !== undefined) query = query.where('action', '=', filters.action);
      if (filters.from !== undefined)
        query = query.where('recorded_at', '>=', new Date(filters.from));
      if (filters.to !== undefined) query = query.where('recorded_at', '<', new Date(filters.to));
      const page = await readPage(query, SORT, { sort, limit, cursor, filters });
      return { items: page.items.map(toAuditEvent), nextCursor: page.nextCursor };
    },
  );
};
