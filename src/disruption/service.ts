/**
 * The disruption plan's one entry point (docs/disruption.md): the HTTP routes, the
 * command line and the benchmark all go through it. Each step checks the stoppage's
 * status, acts in transactions, and leaves an audit trail of every member's record it
 * reads or changes.
 */
import type { Kysely } from 'kysely';
import { BookingService } from '../booking/booking-service.ts';
import type { Database } from '../db/schema.ts';
import type { BookingPolicy } from '../engine/booking/policy.ts';
import { BusinessCalendar, CALIFORNIA, type CalendarDefinition } from '../engine/rules/calendar.ts';
import { californiaStandards, type StandardsTable } from '../engine/rules/standards.ts';
import { type AuditContext, auditRecord } from '../server/audit.ts';
import { endStoppage } from './ending.ts';
import { applyPlan, beginExecution, executionProgress } from './execution.ts';
import { DEFAULT_EXTERNAL_VISIT_COST, impactReport, predictionOf } from './impact-report.ts';
import type {
  DeclareStoppageInput,
  EndResult,
  EndStoppageInput,
  ExecutionProgress,
  ImpactReport,
  NotificationRow,
  PlanEntry,
  PlanSummary,
  SimulatedPrediction,
  Stoppage,
  StoppageClinician,
} from './model.ts';
import { type EntryFilter, readPlanEntries, summarizePlan, writePlan } from './plan-store.ts';
import { computePlan, type PlanSettings } from './planner.ts';
import {
  declareStoppage,
  readStoppage,
  readStoppageStatus,
  readStoppages,
  setParticipation,
  stoppageClinicians,
  wrongStatus,
} from './stoppage-store.ts';

export interface DisruptionServiceOptions {
  readonly now?: (() => number) | undefined;
  /** What an external visit costs in the impact report (default 250). */
  readonly visitCost?: number | undefined;
  readonly calendar?: CalendarDefinition | undefined;
  readonly standards?: StandardsTable | undefined;
  readonly policy?: Partial<BookingPolicy> | undefined;
}

export class DisruptionService {
  private readonly now: () => number;
  private readonly visitCost: number;
  private readonly calendar: CalendarDefinition;
  private readonly standards: StandardsTable;
  private readonly policy: Partial<BookingPolicy>;
  private readonly timeZone: string;
  private booking: BookingService | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    options: DisruptionServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.visitCost = options.visitCost ?? DEFAULT_EXTERNAL_VISIT_COST;
    this.calendar = options.calendar ?? CALIFORNIA;
    this.standards = options.standards ?? californiaStandards;
    this.policy = options.policy ?? {};
    this.timeZone = new BusinessCalendar(this.calendar).timeZone;
  }

  private settings(): PlanSettings {
    return {
      now: this.now(),
      calendar: this.calendar,
      standards: this.standards,
      policy: this.policy,
    };
  }

  async declare(input: DeclareStoppageInput, context: AuditContext): Promise<Stoppage> {
    const id = await declareStoppage(this.db, input, context);
    return readStoppage(this.db, id);
  }

  list(): Promise<Stoppage[]> {
    return readStoppages(this.db);
  }

  get(id: string): Promise<Stoppage> {
    return readStoppage(this.db, id);
  }

  async clinicians(id: string): Promise<StoppageClinician[]> {
    await readStoppage(this.db, id);
    return stoppageClinicians(this.db, id);
  }

  async setParticipation(
    id: string,
    changes: readonly { centerId: string; id: string; participating: boolean }[],
    context: AuditContext,
  ): Promise<Stoppage> {
    await setParticipation(this.db, await readStoppage(this.db, id), changes, context);
    return readStoppage(this.db, id);
  }

  /** Computes the plan and stores it (replacing an earlier preview); changes nothing else. */
  async preview(id: string, context: AuditContext): Promise<PlanSummary> {
    const started = performance.now();
    const stoppage = await readStoppage(this.db, id);
    if (stoppage.status !== 'draft') throw wrongStatus(stoppage, 'a preview', 'draft');
    const settings = this.settings();
    const plan = await computePlan(this.db, stoppage, settings);
    await this.db.transaction().execute(async (trx) => {
      await writePlan(trx, id, plan);
      await trx
        .updateTable('stoppages')
        .set({ previewed_at: new Date(settings.now) })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('audit_events')
        .values(
          auditRecord(context, {
            action: 'E',
            entityType: 'Stoppage',
            entityId: id,
            detail: { step: 'preview', entries: plan.seq.length },
          }),
        )
        .execute();
    });
    const { totals, byStandard } = await summarizePlan(this.db, id);
    return {
      stoppageId: id,
      computedAt: settings.now,
      totals,
      byStandard,
      ms: Math.round(performance.now() - started),
    };
  }

  /** A page of the plan's entries; each member named is an audited read. */
  async planEntries(
    id: string,
    filter: EntryFilter,
    context: AuditContext,
  ): Promise<{ items: PlanEntry[]; next: number | null }> {
    await readStoppage(this.db, id);
    const page = await readPlanEntries(this.db, id, filter);
    await this.auditReads(
      context,
      page.items.map((e) => ({ patient: e.patient, entityId: e.appointment.id })),
      'Appointment',
    );
    return page;
  }

  /** Starts or resumes execution and runs it to the end. */
  async execute(
    id: string,
    context: AuditContext,
    options: {
      onProgress?: ((progress: ExecutionProgress) => void) | undefined;
      batchSize?: number | undefined;
    } = {},
  ): Promise<ExecutionProgress> {
    await this.begin(id, context);
    return this.runExecution(id, context, options);
  }

  /** The first half of `execute`: checks and marks the stoppage executing (the routes answer then). */
  async begin(id: string, context: AuditContext): Promise<Stoppage> {
    const stoppage = await readStoppage(this.db, id);
    await beginExecution(this.db, stoppage, this.now(), context);
    return readStoppage(this.db, id);
  }

  /** The second half of `execute`: applies what is left of the plan. */
  runExecution(
    id: string,
    context: AuditContext,
    options: {
      onProgress?: ((progress: ExecutionProgress) => void) | undefined;
      batchSize?: number | undefined;
    } = {},
  ): Promise<ExecutionProgress> {
    this.booking ??= new BookingService(this.db, {
      now: this.now,
      calendar: this.calendar,
      standards: this.standards,
      policy: this.policy,
    });
    return applyPlan(this.db, id, context, {
      now: this.now,
      booking: this.booking,
      timeZone: this.timeZone,
      batchSize: options.batchSize,
      onProgress: options.onProgress,
    });
  }

  async progress(id: string): Promise<ExecutionProgress> {
    // Polled while an execution runs: the plan's counts are read once, here.
    return executionProgress(this.db, await readStoppageStatus(this.db, id));
  }

  async end(id: string, input: EndStoppageInput, context: AuditContext): Promise<EndResult> {
    const stoppage = await readStoppage(this.db, id);
    const moveBack = await endStoppage(this.db, stoppage, input, this.settings(), context);
    return { stoppage: await readStoppage(this.db, id), moveBack };
  }

  async report(
    id: string,
    options: { visitCost?: number | undefined } = {},
  ): Promise<ImpactReport> {
    const stoppage = await readStoppage(this.db, id);
    return impactReport(this.db, stoppage, {
      visitCost: options.visitCost ?? this.visitCost,
      timeZone: this.timeZone,
    });
  }

  async attachPrediction(
    id: string,
    output: unknown,
    scenario: string | undefined,
    context: AuditContext,
  ): Promise<SimulatedPrediction> {
    await readStoppage(this.db, id);
    const prediction = predictionOf(output, scenario, this.now());
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('stoppages')
        .set({ prediction: JSON.stringify(prediction) })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('audit_events')
        .values(
          auditRecord(context, {
            action: 'U',
            entityType: 'Stoppage',
            entityId: id,
            detail: { step: 'prediction', scenario: prediction.scenario },
          }),
        )
        .execute();
    });
    return prediction;
  }

  /**
   * The members to tell: one row per applied entry that changed an appointment, with
   * the member's number and name; every row is an audited read of the member.
   */
  async notifications(
    id: string,
    page: { limit: number; after?: number | undefined },
    context: AuditContext,
  ): Promise<{ items: NotificationRow[]; next: number | null }> {
    await readStoppage(this.db, id);
    let query = this.db
      .selectFrom('stoppage_plan as p')
      .innerJoin('patients as m', (join) =>
        join.onRef('m.center_id', '=', 'p.patient_center_id').onRef('m.id', '=', 'p.patient_id'),
      )
      .select([
        'p.seq',
        'p.patient_center_id',
        'p.patient_id',
        'm.member_number',
        'm.name',
        'p.result',
        'p.clinician_id',
        'p.starts_at',
        'p.next_clinician_id',
        'p.next_provider',
        'p.next_starts_at',
        'p.applied_at',
      ])
      .where('p.stoppage_id', '=', id)
      .where('p.applied_at', 'is not', null)
      .where('p.result', '<>', 'kept')
      .orderBy('p.seq')
      .limit(page.limit + 1);
    if (page.after !== undefined) query = query.where('p.seq', '>', page.after);
    const rows = await query.execute();
    const items = rows.slice(0, page.limit).map(
      (r): NotificationRow => ({
        seq: r.seq,
        patientCenterId: r.patient_center_id,
        patientId: r.patient_id,
        memberNumber: r.member_number,
        patientName: r.name,
        result: r.result,
        oldClinicianId: r.clinician_id,
        oldStart: r.starts_at.getTime(),
        newClinicianId: r.next_clinician_id,
        newProvider: r.next_provider,
        newStart: r.next_starts_at?.getTime() ?? null,
        appliedAt: r.applied_at!.getTime(),
      }),
    );
    await this.auditReads(
      context,
      items.map((r) => ({
        patient: { centerId: r.patientCenterId, id: r.patientId },
        entityId: r.patientId,
      })),
      'Patient',
    );
    return { items, next: rows.length > page.limit ? items[items.length - 1]!.seq : null };
  }

  private async auditReads(
    context: AuditContext,
    reads: readonly { patient: { centerId: string; id: string }; entityId: string }[],
    entityType: string,
  ): Promise<void> {
    if (reads.length === 0) return;
    await this.db
      .insertInto('audit_events')
      .values(
        reads.map((r) =>
          auditRecord(context, {
            action: 'R',
            entityType,
            entityId: r.entityId,
            centerId: r.patient.centerId,
            patient: r.patient,
            detail: { list: 'stoppage' },
          }),
        ),
      )
      .execute();
  }
}
