/**
 * Working a hotline case: `PATCH /hotline/cases/{centerId}/{id}` (assign; move it along
 * open → investigating → resolved | closed, settling with a resolution code),
 * `POST …/notes`, `POST …/reopen` (a settled case back to investigating) and
 * `POST …/match` (the member of a case recorded without one).
 *
 * Each change is one transaction that locks the case row first (`FOR UPDATE`), so two
 * people working the same case see each other's change before theirs is checked: the
 * second of two "resolve" clicks is a 409, not a second resolution. The change, its
 * history row and its audit event commit together. Refusals: a move the flow does not
 * allow from the stored status is a 409; a resolution code missing or of the wrong kind
 * is a 422 (src/hotline/transitions.ts decides, this file maps).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type CaseStatus, isSettled, type ResolutionCode } from '../../hotline/case-codes.ts';
import {
  checkTransition,
  mayEdit,
  mayReopen,
  REOPENED_STATUS,
  refusalMessage,
} from '../../hotline/transitions.ts';
import type { RouteOptions } from '../app.ts';
import { type AuditDetail, recordAudit } from '../audit.ts';
import { checkedLinks, requireAssignee, requireMember } from '../hotline-checks.ts';
import { caseEvent, findCase, memberOf, NOTE_ENTITY, toCase } from '../hotline-store.ts';
import { fieldProblem, notFound, Problem, problemResponses } from '../problem.ts';
import {
  caseParams,
  caseSchema,
  changeSchema,
  matchSchema,
  noteResponseSchema,
  noteSchema,
  reopenSchema,
} from './hotline-schemas.ts';

/** The case row, locked for the rest of the transaction; 404 when there is none. */
async function lockCase(trx: Transaction<Database>, centerId: string, id: string) {
  const row = await trx
    .selectFrom('complaints')
    .select(['center_id', 'id', 'status', 'resolution_code', 'patient_center_id', 'patient_id'])
    .where('center_id', '=', centerId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw notFound(`case ${centerId}/${id}`);
  return { ...row, status: row.status as CaseStatus };
}

function conflict(path: string, message: string): Problem {
  return new Problem('conflict', message, [{ path, in: 'body', message }]);
}

async function readCase(db: Kysely<Database>, centerId: string, id: string) {
  return (await findCase(db, centerId, id))!;
}

export const hotlineCaseChangeRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['hotline'];

  app.patch(
    '/hotline/cases/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Assign a case, or move it along its status flow (with a resolution code)',
        params: caseParams,
        body: changeSchema,
        response: { 200: caseSchema, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const body = request.body;
      if (body.status === undefined && body.assignedTo === undefined) {
        throw fieldProblem(
          'invalid-request',
          'body',
          body.resolutionCode === undefined ? '' : 'status',
          body.resolutionCode === undefined
            ? 'nothing to change: give status, resolutionCode or assignedTo'
            : 'required with resolutionCode: resolved or closed',
        );
      }
      const actor = request.principal?.userId ?? null;
      const row = await db.transaction().execute(async (trx) => {
        const stored = await lockCase(trx, centerId, id);
        const detail: Record<string, string | number | boolean | null> = {};
        const key = { center_id: centerId, complaint_id: id };
        if (body.assignedTo !== undefined) {
          if (!mayEdit(stored.status)) {
            throw conflict('assignedTo', `the case is ${stored.status}: reopen it first`);
          }
          if (body.assignedTo !== null) await requireAssignee(trx, body.assignedTo);
          await trx
            .updateTable('complaints')
            .set({ assigned_to: body.assignedTo })
            .where('center_id', '=', centerId)
            .where('id', '=', id)
            .execute();
          await trx
            .insertInto('complaint_history')
            .values({
              ...key,
              actor_user_id: actor,
              kind: 'assigned',
              assigned_to: body.assignedTo,
            })
            .execute();
          detail.assigned = body.assignedTo !== null;
        }
        if (body.status !== undefined) {
          const check = checkTransition(
            stored.status,
            body.status,
            body.resolutionCode as ResolutionCode | undefined,
          );
          if (!check.ok) {
            const message = refusalMessage(check.refusal);
            throw check.refusal.kind === 'not-allowed'
              ? conflict('status', message)
              : fieldProblem('unprocessable', 'body', 'resolutionCode', message);
          }
          const settles = isSettled(body.status);
          await trx
            .updateTable('complaints')
            .set({
              status: body.status,
              resolution_code: check.resolutionCode,
              resolved_at: settles ? new Date() : null,
            })
            .where('center_id', '=', centerId)
            .where('id', '=', id)
            .execute();
          await trx
            .insertInto('complaint_history')
            .values({
              ...key,
              actor_user_id: actor,
              kind: 'status',
              from_status: stored.status,
              to_status: body.status,
              resolution_code: check.resolutionCode,
            })
            .execute();
          detail.from = stored.status;
          detail.status = body.status;
          if (check.resolutionCode !== null) detail.resolutionCode = check.resolutionCode;
        }
        await recordAudit(trx, request, [caseEvent('U', stored, detail)]);
        return readCase(trx, centerId, id);
      });
      return toCase(row, new Date());
    },
  );

  app.post(
    '/hotline/cases/:centerId/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note to a case (notes are never changed: a correction is a new note)',
        params: caseParams,
        body: noteSchema,
        response: { 201: noteResponseSchema, ...problemResponses(400, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { centerId, id } = request.params;
      const principal = request.principal!;
      const note = await db.transaction().execute(async (trx) => {
        const stored = await lockCase(trx, centerId, id);
        const written = await trx
          .insertInto('complaint_notes')
          .values({
            center_id: centerId,
            complaint_id: id,
            author_user_id: principal.userId,
            text: request.body.text,
          })
          .returning(['id', 'written_at', 'text'])
          .executeTakeFirstOrThrow();
        await recordAudit(trx, request, [
          {
            action: 'C',
            entityType: NOTE_ENTITY,
            entityId: written.id,
            centerId,
            patient: memberOf(stored),
            detail: { caseId: id },
          },
        ]);
        return written;
      });
      const author = await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', principal.userId)
        .executeTakeFirstOrThrow();
      return reply.code(201).send({
        id: note.id,
        author: { id: principal.userId, name: author.display_name },
        writtenAt: note.written_at.toISOString(),
        text: note.text,
      });
    },
  );

  app.post(
    '/hotline/cases/:centerId/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a resolved or closed case: back to investigating, its history kept',
        params: caseParams,
        body: reopenSchema,
        response: { 200: caseSchema, ...problemResponses(400, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const actor = request.principal?.userId ?? null;
      const row = await db.transaction().execute(async (trx) => {
        const stored = await lockCase(trx, centerId, id);
        if (!mayReopen(stored.status)) {
          throw new Problem(
            'conflict',
            `the case is ${stored.status}, not resolved or closed: there is nothing to reopen`,
          );
        }
        await trx
          .updateTable('complaints')
          .set({ status: REOPENED_STATUS, resolution_code: null, resolved_at: null })
          .where('center_id', '=', centerId)
          .where('id', '=', id)
          .execute();
        const key = { center_id: centerId, complaint_id: id };
        // The history keeps what it was settled with: the code goes on the reopening row.
        await trx
          .insertInto('complaint_history')
          .values({
            ...key,
            actor_user_id: actor,
            kind: 'reopened',
            from_status: stored.status,
            to_status: REOPENED_STATUS,
            resolution_code: stored.resolution_code,
          })
          .execute();
        const detail: AuditDetail = { from: stored.status, status: REOPENED_STATUS };
        const entries = [caseEvent('U', stored, detail)];
        const noteText = request.body?.note;
        if (noteText !== undefined && actor !== null) {
          const written = await trx
            .insertInto('complaint_notes')
            .values({ ...key, author_user_id: actor, text: noteText })
            .returning('id')
            .executeTakeFirstOrThrow();
          entries.push({
            action: 'C',
            entityType: NOTE_ENTITY,
            entityId: written.id,
            centerId,
            patient: memberOf(stored),
            detail: { caseId: id },
          });
        }
        await recordAudit(trx, request, entries);
        return readCase(trx, centerId, id);
      });
      return toCase(row, new Date());
    },
  );

  app.post(
    '/hotline/cases/:centerId/:id/match',
    {
      schema: {
        tags,
        summary: 'Set the member of a case recorded for a member not found at intake',
        params: caseParams,
        body: matchSchema,
        response: { 200: caseSchema, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const { member } = request.body;
      const actor = request.principal?.userId ?? null;
      const row = await db.transaction().execute(async (trx) => {
        const stored = await lockCase(trx, centerId, id);
        if (stored.patient_id !== null) {
          throw conflict('member', 'the case is already matched to a member');
        }
        await requireMember(trx, member, 'member');
        const links = await checkedLinks(trx, member, request.body);
        // The case stays at its center (a shard key is never moved); the member is named
        // by their own center, as an appointment names its patient's.
        await trx
          .updateTable('complaints')
          .set({ patient_center_id: member.centerId, patient_id: member.id })
          .where('center_id', '=', centerId)
          .where('id', '=', id)
          .execute();
        const key = { center_id: centerId, complaint_id: id };
        if (links.length > 0) {
          await trx
            .insertInto('complaint_links')
            .values(links.map((link) => ({ ...key, ...link })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        await trx
          .insertInto('complaint_history')
          .values({ ...key, actor_user_id: actor, kind: 'matched' })
          .execute();
        const matched = { ...stored, patient_center_id: member.centerId, patient_id: member.id };
        await recordAudit(trx, request, [
          caseEvent('U', matched, { matched: true, links: links.length }),
        ]);
        return readCase(trx, centerId, id);
      });
      return toCase(row, new Date());
    },
  );
};
