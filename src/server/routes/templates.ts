/**
 * Weekly templates: `/templates` (list, filtered by center, clinician and the day they
 * are in force; create) and `/templates/{centerId}/{id}` (get, update, delete). A
 * template is a clinician's week for a period: bookable sessions and protected admin
 * blocks (planning & preparation time), written and read as one document, so its rows
 * in three tables change in one transaction or not at all.
 *
 * Sessions and admin blocks are half-open intervals `[start, start + minutes)` within
 * one day; none may overlap another on the same weekday (back to back is fine).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import {
  type AdminBlocksTable,
  type Database,
  SESSION_KINDS,
  type TemplateSessionsTable,
  type TemplatesTable,
} from '../../db/schema.ts';
import type { RouteOptions } from '../app.ts';
import {
  hasChanges,
  idSchema,
  instantSchema,
  localDateSchema,
  nameSchema,
  wallTimeSchema,
  weekdaySchema,
} from '../fields.ts';
import { pageQueryFields, pageSchema, readPage, sortParam } from '../pagination.ts';
import { fieldProblem, notFound, Problem, problemResponses } from '../problem.ts';

const MINUTES_PER_DAY = 24 * 60;

export const sessionIn = z.strictObject({
  weekday: weekdaySchema,
  startTime: wallTimeSchema,
  minutes: z.number().int().min(5).max(240),
  kind: z.enum(SESSION_KINDS),
});
export const adminBlockIn = z.strictObject({
  weekday: weekdaySchema,
  startTime: wallTimeSchema,
  minutes: z.number().int().min(5).max(720),
  label: z.string().trim().min(1).max(100).default('planning & preparation'),
});
const sessionsIn = z.array(sessionIn).max(200);
const adminBlocksIn = z.array(adminBlockIn).max(100);
const dailyVisitCap = z.number().int().min(1).max(100).nullable();

const templateSchema = z
  .object({
    centerId: idSchema,
    id: idSchema,
    clinicianId: idSchema,
    name: z.string(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    dailyVisitCap: z.number().int().nullable(),
    sessions: z.array(
      z.object({
        id: z.string(),
        weekday: z.number().int(),
        startTime: z.string(),
        minutes: z.number().int(),
        kind: z.enum(SESSION_KINDS),
      }),
    ),
    adminBlocks: z.array(
      z.object({
        id: z.string(),
        weekday: z.number().int(),
        startTime: z.string(),
        minutes: z.number().int(),
        label: z.string(),
      }),
    ),
    createdAt: instantSchema,
  })
  .meta({ id: 'Template' });

type TemplateOut = z.infer<typeof templateSchema>;
type TimeBlock = { weekday: number; startTime: string; minutes: number };

export const createSchema = z
  .strictObject({
    centerId: idSchema,
    id: idSchema.optional().meta({ description: 'kept when given; a UUID otherwise' }),
    clinicianId: idSchema,
    name: nameSchema,
    effectiveFrom: localDateSchema.meta({ description: 'first day it applies' }),
    effectiveTo: localDateSchema
      .nullable()
      .optional()
      .meta({ description: 'last day it applies; null = open-ended' }),
    dailyVisitCap: dailyVisitCap.optional(),
    sessions: sessionsIn,
    adminBlocks: adminBlocksIn.default([]),
  })
  .superRefine((template, context) => {
    const problem =
      rangeProblem(template.effectiveFrom, template.effectiveTo) ??
      overlapProblem(template.sessions, template.adminBlocks);
    if (problem) context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

const patchSchema = z.strictObject({
  name: nameSchema.optional(),
  effectiveFrom: localDateSchema.optional(),
  effectiveTo: localDateSchema.nullable().optional(),
  dailyVisitCap: dailyVisitCap.optional(),
  sessions: sessionsIn.optional().meta({ description: 'replaces every session' }),
  adminBlocks: adminBlocksIn.optional().meta({ description: 'replaces every admin block' }),
});

const SORT = {
  columns: {
    effectiveFrom: 'effective_from',
    name: 'name',
    createdAt: 'created_at',
    id: 'id',
  },
  key: ['center_id', 'id'],
};

const listQuery = z.strictObject({
  center: idSchema.optional(),
  clinician: idSchema.optional(),
  activeOn: localDateSchema.optional().meta({ description: 'in force on this day' }),
  sort: sortParam(['effectiveFrom', 'name', 'createdAt', 'id'], 'effectiveFrom'),
  ...pageQueryFields,
});

const params = z.strictObject({ centerId: idSchema, id: idSchema });

interface FieldIssue {
  path: (string | number)[];
  message: string;
}

function rangeProblem(from: string, to: string | null | undefined): FieldIssue | undefined {
  return to != null && to < from
    ? { path: ['effectiveTo'], message: 'must not be before effectiveFrom' }
    : undefined;
}

/** The first session or block that runs past midnight or overlaps an earlier one. */
function overlapProblem(
  sessions: readonly TimeBlock[],
  adminBlocks: readonly TimeBlock[],
): FieldIssue | undefined {
  const blocks = [
    ...sessions.map((block, index) => ({ block, path: ['sessions', index] })),
    ...adminBlocks.map((block, index) => ({ block, path: ['adminBlocks', index] })),
  ].map(({ block, path }) => {
    const [hours = 0, minutes = 0] = block.startTime.split(':').map(Number);
    const start = hours * 60 + minutes;
    return { weekday: block.weekday, start, end: start + block.minutes, path };
  });
  for (const { end, path } of blocks) {
    if (end > MINUTES_PER_DAY) return { path: [...path, 'minutes'], message: 'runs past midnight' };
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = blocks[i]!;
      const b = blocks[j]!;
      // Half-open intervals [start, end): back to back does not overlap.
      if (a.weekday === b.weekday && a.start < b.end && b.start < a.end) {
        return { path: [...a.path, 'startTime'], message: `overlaps ${b.path.join('.')}` };
      }
    }
  }
  return undefined;
}

function toTemplate(
  row: Selectable<TemplatesTable>,
  sessions: readonly Selectable<TemplateSessionsTable>[],
  blocks: readonly Selectable<AdminBlocksTable>[],
): TemplateOut {
  return {
    centerId: row.center_id,
    id: row.id,
    clinicianId: row.clinician_id,
    name: row.name,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    dailyVisitCap: row.daily_visit_cap,
    sessions: sessions.map((s) => ({
      id: s.id,
      weekday: s.weekday,
      startTime: s.start_time,
      minutes: s.minutes,
      kind: s.kind,
    })),
    adminBlocks: blocks.map((b) => ({
      id: b.id,
      weekday: b.weekday,
      startTime: b.start_time,
      minutes: b.minutes,
      label: b.label,
    })),
    createdAt: row.created_at.toISOString(),
  };
}

/** Templates with their sessions and admin blocks: three queries, whatever the count. */
async function withParts(
  db: Kysely<Database>,
  rows: readonly Selectable<TemplatesTable>[],
): Promise<TemplateOut[]> {
  if (rows.length === 0) return [];
  const [sessions, blocks] = await Promise.all([
    db
      .selectFrom('template_sessions')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('center_id', 'template_id'),
          'in',
          rows.map((row) => eb.tuple(row.center_id, row.id)),
        ),
      )
      .orderBy('weekday')
      .orderBy('start_time')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('admin_blocks')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('center_id', 'template_id'),
          'in',
          rows.map((row) => eb.tuple(row.center_id, row.id)),
        ),
      )
      .orderBy('weekday')
      .orderBy('start_time')
      .orderBy('id')
      .execute(),
  ]);
  const of = <P extends { center_id: string; template_id: string }>(
    parts: readonly P[],
    row: Selectable<TemplatesTable>,
  ) => parts.filter((part) => part.center_id === row.center_id && part.template_id === row.id);
  return rows.map((row) => toTemplate(row, of(sessions, row), of(blocks, row)));
}

async function replaceParts(
  trx: Kysely<Database>,
  centerId: string,
  templateId: string,
  sessions: readonly z.infer<typeof sessionIn>[] | undefined,
  adminBlocks: readonly z.output<typeof adminBlockIn>[] | undefined,
): Promise<void> {
  if (sessions !== undefined) {
    await trx
      .deleteFrom('template_sessions')
      .where('center_id', '=', centerId)
      .where('template_id', '=', templateId)
      .execute();
    if (sessions.length > 0) {
      await trx
        .insertInto('template_sessions')
        .values(
          sessions.map((s) => ({
            center_id: centerId,
            template_id: templateId,
            weekday: s.weekday,
            start_time: s.startTime,
            minutes: s.minutes,
            kind: s.kind,
          })),
        )
        .execute();
    }
  }
  if (adminBlocks !== undefined) {
    await trx
      .deleteFrom('admin_blocks')
      .where('center_id', '=', centerId)
      .where('template_id', '=', templateId)
      .execute();
    if (adminBlocks.length > 0) {
      await trx
        .insertInto('admin_blocks')
        .values(
          adminBlocks.map((b) => ({
            center_id: centerId,
            template_id: templateId,
            weekday: b.weekday,
            start_time: b.startTime,
            minutes: b.minutes,
            label: b.label,
          })),
        )
        .execute();
    }
  }
}

async function readTemplate(
  db: Kysely<Database>,
  centerId: string,
  id: string,
): Promise<TemplateOut | undefined> {
  const row = await db
    .selectFrom('templates')
    .selectAll()
    .where('center_id', '=', centerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : (await withParts(db, [row]))[0];
}

function location(centerId: string, id: string): string {
  return `/templates/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`;
}

export const templateRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const tags = ['templates'];

  app.get(
    '/templates',
    {
      schema: {
        tags,
        summary: 'List templates with their sessions and admin blocks',
        querystring: listQuery,
        response: { 200: pageSchema(templateSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { center, clinician, activeOn, sort, limit, cursor } = request.query;
      let query = db.selectFrom('templates').selectAll();
      if (center !== undefined) query = query.where('center_id', '=', center);
      if (clinician !== undefined) query = query.where('clinician_id', '=', clinician);
      if (activeOn !== undefined) {
        query = query
          .where('effective_from', '<=', activeOn)
          .where((eb) =>
            eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', activeOn)]),
          );
      }
      const filters = { center, clinician, activeOn };
      const page = await readPage(query, SORT, { sort, limit, cursor, filters });
      return { items: await withParts(db, page.items), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/templates',
    {
      schema: {
        tags,
        summary: 'Create a template with its sessions and admin blocks',
        body: createSchema,
        response: { 201: templateSchema, ...problemResponses(400, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await db.transaction().execute(async (trx) => {
        const clinician = await trx
          .selectFrom('clinicians')
          .select('id')
          .where('center_id', '=', body.centerId)
          .where('id', '=', body.clinicianId)
          .executeTakeFirst();
        if (clinician === undefined) {
          throw fieldProblem(
            'unprocessable',
            'body',
            'clinicianId',
            'no such clinician in centerId',
          );
        }
        const row = await trx
          .insertInto('templates')
          .values({
            center_id: body.centerId,
            ...(body.id === undefined ? {} : { id: body.id }),
            clinician_id: body.clinicianId,
            name: body.name,
            effective_from: body.effectiveFrom,
            effective_to: body.effectiveTo ?? null,
            daily_visit_cap: body.dailyVisitCap ?? null,
          })
          .returning(['center_id', 'id'])
          .executeTakeFirstOrThrow();
        await replaceParts(trx, row.center_id, row.id, body.sessions, body.adminBlocks);
        return readTemplate(trx, row.center_id, row.id);
      });
      if (created === undefined) throw new Error('the template just written cannot be read');
      return reply
        .code(201)
        .header('location', location(created.centerId, created.id))
        .send(created);
    },
  );

  app.get(
    '/templates/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Get a template',
        params,
        response: { 200: templateSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const template = await readTemplate(db, centerId, id);
      if (template === undefined) throw notFound(`template ${centerId}/${id}`);
      return template;
    },
  );

  app.patch(
    '/templates/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Change a template; sessions and adminBlocks, when given, replace the lists',
        params,
        body: patchSchema,
        response: { 200: templateSchema, ...problemResponses(400, 404, 413, 415, 422) },
      },
    },
    async (request) => {
      const { centerId, id } = request.params;
      const b = request.body;
      return db.transaction().execute(async (trx) => {
        const current = await readTemplate(trx, centerId, id);
        if (current === undefined) throw notFound(`template ${centerId}/${id}`);
        const from = b.effectiveFrom ?? current.effectiveFrom;
        const to = b.effectiveTo === undefined ? current.effectiveTo : b.effectiveTo;
        const problem =
          rangeProblem(from, to) ??
          overlapProblem(b.sessions ?? current.sessions, b.adminBlocks ?? current.adminBlocks);
        if (problem) {
          const path = problem.path.join('.');
          throw new Problem('unprocessable', `${path}: ${problem.message}`, [
            { path, in: 'body', message: problem.message },
          ]);
        }
        const changes = {
          name: b.name,
          effective_from: b.effectiveFrom,
          effective_to: b.effectiveTo,
          daily_visit_cap: b.dailyVisitCap,
        };
        if (hasChanges(changes)) {
          await trx
            .updateTable('templates')
            .set(changes)
            .where('center_id', '=', centerId)
            .where('id', '=', id)
            .execute();
        }
        await replaceParts(trx, centerId, id, b.sessions, b.adminBlocks);
        const updated = await readTemplate(trx, centerId, id);
        if (updated === undefined) throw notFound(`template ${centerId}/${id}`);
        return updated;
      });
    },
  );

  app.delete(
    '/templates/:centerId/:id',
    {
      schema: {
        tags,
        summary: 'Delete a template with its sessions and admin blocks',
        params,
        response: { 204: z.null(), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { centerId, id } = request.params;
      // Sessions and admin blocks go with it (ON DELETE CASCADE), in the same statement.
      const deleted = await db
        .deleteFrom('templates')
        .where('center_id', '=', centerId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound(`template ${centerId}/${id}`);
      return reply.code(204).send(null);
    },
  );
};
