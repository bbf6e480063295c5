/**
 * Hotline cases, recorded and read: `POST /hotline/cases` (intake of a call),
 * `GET /hotline/cases` (the queue: open and investigating first, least time left
 * first) and `GET /hotline/cases/{centerId}/{id}` (the case with its notes, history,
 * and the member's requests and appointments). Changes are in hotline-case-changes.ts.
 *
 * A case names a member and their care: personal health information. Every case,
 * request and appointment shown leaves an audit event before the answer goes out, and
 * intake writes its event in its transaction (audit.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { instantFromEpochMs } from '../../engine/time.ts';
import {
  CASE_CATEGORIES,
  CASE_STATUSES,
  type CaseStatus,
  URGENCIES,
} from '../../hotline/case-codes.ts';
import { dueAt } from '../../hotline/clocks.ts';
import type { RouteOptions } from '../app.ts';
import { type AuditEntry, recordAudit } from '../audit.ts';
import { booleanQuerySchema, idSchema, instantSchema } from '../fields.ts';
import { centerTimeZone, checkedLinks, requireAssignee, requireMember } from '../hotline-checks.ts';
import {
  type CaseRow,
  caseEvent,
  caseRecords,
  findCase,
  memberOf,
  selectCases,
  toCase,
} from '../hotline-store.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { fieldProblem, notFound, problemResponses } from '../problem.ts';
import { caseDetailSchema, caseParams, caseSchema, intakeSchema } from './hotline-schemas.ts';

/** A call logged a little "ahead" by a clock that runs fast is still taken. */
const CLOCK_SKEW_MS = 5 * 60_000;

const statusList = z
  .string()
  .max(100)
  .optional()
  .transform((text, context) => {
    if (text === undefined || text === '') return [...CASE_STATUSES];
    const statuses = text.split(',').map((s) => s.trim());
    const unknown = statuses.find((s) => !(CASE_STATUSES as readonly string[]).includes(s));
    if (unknown !== undefined) {
      context.addIssue({
        code: 'custom',
        message: `unknown status "${unknown}"; expected a comma-separated list of ${CASE_STATUSES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(statuses)].sort() as CaseStatus[];
  })
  .meta({ description: 'comma-separated statuses; all when omitted' });

const listQuery = z.strictObject({
  status: statusList,
  urgency: z.enum(URGENCIES).optional(),
  category: z.enum(CASE_CATEGORIES).optional(),
  center: idSchema.optional(),
  assignee: idSchema
    .optional()
    .meta({ description: 'an account id, or `none` for the cases nobody is assigned' }),
  needsMatching: booleanQuerySchema
    .optional()
    .meta({ description: 'true: only cases whose member is not matched yet' }),
  sort: sortParam(['timeLeft', 'receivedAt'], 'timeLeft'),
  ...pageQueryFields,
});

/**
 * `timeLeft`: open and investigating cases first (`settled` is false for them), then by
 * the due instant — least time left first; the key breaks ties.
 */
const SORT = {
  columns: { timeLeft: 'complaints.settled', receivedAt: 'complaints.received_at' },
  key: ['complaints.due_at', 'complaints.center_id', 'complaints.id'],
};

function location(centerId: string, id: string): string {
  return `/hotline/cases/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`;
}

export const hotlineCaseRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['hotline'];

  app.get(
    '/hotline/cases',
    {
      schema: {
        tags,
        summary: 'The case queue: open and investigating first, least time left first',
        querystring: listQuery,
        response: {
          200: pageSchema(caseSchema).extend({ asOf: instantSchema }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const asOf = new Date();
      const q = request.query;
      let query = selectCases(db).where(sql.ref('complaints.status'), 'in', q.status);
      if (q.urgency !== undefined) query = query.where('complaints.urgency', '=', q.urgency);
      if (q.category !== undefined) query = query.where('complaints.category', '=', q.category);
      if (q.center !== undefined) query = query.where('complaints.center_id', '=', q.center);
      if (q.assignee === 'none') query = query.where('complaints.assigned_to', 'is', null);
      else if (q.assignee !== undefined)
        query = query.where('complaints.assigned_to', '=', q.assignee);
      if (q.needsMatching !== undefined) {
        query = query.where(
          'complaints.patient_id',
          q.needsMatching === 'true' ? 'is' : 'is not',
          null,
        );
      }
      const filters = {
        status: q.status.join(','),
        urgency: q.urgency,
        category: q.category,
        center: q.center,
        assignee: q.assignee,
        needsMatching: q.needsMatching,
      };
      const page = await readPage(query, SORT, {
        sort: q.sort,
        limit: q.limit,
        cursor: q.cursor,
        filters,
      });
      await recordAudit(
        db,
        request,
        page.items.map((row) => caseEvent('R', row)),
      );
      return {
        items: page.items.map((row) => toCase(row, asOf)),
        nextCursor: page.nextCursor,
        asOf: asOf.toISOString(),
      };
    },
  );

  app.get(
    '/hotline/cases/:centerId/:id',
    {
      schema: {
        tags,
        summary: "A case, with its notes, history and the member's requests and appointments",
        params: caseParams,
        response: { 200: caseDetailSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const asOf = new Date();
      const row = await findCase(db, centerId, id);
      if (row === undefined) throw notFound(`case ${centerId}/${id}`);
      const records = await caseRecords(db, row);
      const patient = memberOf(row);
      await recordAudit(db, request, [
        caseEvent('R', row),
        ...records.memberRequests.map(
          (r): AuditEntry => ({ action: 'R', entityType: 'Request', entityId: r.id, patient }),
        ),
        ...records.memberAppointments.map(
          (a): AuditEntry => ({
            action: 'R',
            entityType: 'Appointment',
            entityId: a.id,
            centerId: a.centerId,
            patient,
          }),
        ),
      ]);
      return { ...toCase(row, asOf), asOf: asOf.toISOString(), ...records };
    },
  );

  app.post(
    '/hotline/cases',
    {
      schema: {
        tags,
        summary: 'Record a call: a new case, for a member found or not found yet',
        body: intakeSchema,
        response: { 201: caseSchema, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const now = new Date();
      const receivedAt = body.receivedAt === undefined ? now : new Date(body.receivedAt);
      if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        throw fieldProblem(
          'invalid-request',
          'body',
          'receivedAt',
          'a call cannot come in the future',
        );
      }
      const principal = request.principal;
      const row: CaseRow = await db.transaction().execute(async (trx) => {
        let centerId: string;
        let links: Awaited<ReturnType<typeof checkedLinks>> = [];
        if (body.member !== undefined) {
          await requireMember(trx, body.member, 'member');
          centerId = body.member.centerId;
          links = await checkedLinks(trx, body.member, body);
        } else {
          centerId = body.unknownMember!.centerId;
        }
        const zone = await centerTimeZone(
          trx,
          centerId,
          body.member === undefined ? 'unknownMember.centerId' : 'member.centerId',
        );
        if (body.assignedTo !== undefined) await requireAssignee(trx, body.assignedTo);
        const unknown = body.unknownMember;
        const created = await trx
          .insertInto('complaints')
          .values({
            center_id: centerId,
            patient_center_id: body.member?.centerId ?? null,
            patient_id: body.member?.id ?? null,
            given_member_number: unknown?.memberNumber ?? null,
            given_member_name: unknown?.name ?? null,
            given_birth_date: unknown?.birthDate ?? null,
            caller_relation: body.caller.relation,
            caller_name: body.caller.name ?? null,
            received_by: principal?.userId ?? null,
            received_at: receivedAt,
            category: body.category,
            account: body.account,
            urgency: body.urgency,
            due_at: new Date(dueAt(instantFromEpochMs(receivedAt.getTime()), body.urgency, zone)),
            assigned_to: body.assignedTo ?? null,
          })
          .returning(['center_id', 'id'])
          .executeTakeFirstOrThrow();
        const key = { center_id: created.center_id, complaint_id: created.id };
        if (links.length > 0) {
          await trx
            .insertInto('complaint_links')
            .values(links.map((link) => ({ ...key, ...link })))
            .execute();
        }
        const actor = principal?.userId ?? null;
        await trx
          .insertInto('complaint_history')
          .values([
            { ...key, actor_user_id: actor, kind: 'recorded' as const },
            ...(body.assignedTo === undefined
              ? []
              : [
                  {
                    ...key,
                    actor_user_id: actor,
                    kind: 'assigned' as const,
                    assigned_to: body.assignedTo,
                  },
                ]),
          ])
          .execute();
        const stored = (await findCase(trx, created.center_id, created.id))!;
        await recordAudit(trx, request, [
          caseEvent('C', stored, {
            category: body.category,
            urgency: body.urgency,
            needsMatching: stored.patient_id === null,
            links: links.length,
          }),
        ]);
        return stored;
      });
      return reply
        .code(201)
        .header('location', location(row.center_id, row.id))
        .send(toCase(row, now));
    },
  );
};
