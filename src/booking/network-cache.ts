/**
 * One compiled booking engine per process (per database and engine settings), built
 * once from a snapshot and kept current, instead of a snapshot and a compile per call.
 *
 * - Its own writes are applied directly (`held`, `released`) when they commit.
 * - Other processes' writes are read from the change log (`change-log.ts`) before each
 *   use: one indexed query, shared by the calls that arrive while it runs. An
 *   appointment change is applied as a hold or a release (idempotent: a hold replaces
 *   the one with the same id); any change to the network's tables, a new day, or a
 *   long silence rebuilds the engine from a new snapshot.
 *
 * The cache only decides what to offer. The booking transaction re-checks the caps
 * under the clinician's lock and the exclusion constraint has the last word, so a cache
 * that is behind can cost a 409 with fresh options, never a double booking.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { BookingEngine } from '../engine/booking/engine.ts';
import type { BookingPolicy } from '../engine/booking/policy.ts';
import type { CalendarDefinition } from '../engine/rules/calendar.ts';
import type { StandardsTable } from '../engine/rules/standards.ts';
import { type Instant, localDayOf, MS_PER_HOUR } from '../engine/time.ts';
import { FreshRead } from '../fresh-read.ts';
import { type Change, changesSince, pruneChanges, type Watermark } from './change-log.ts';
import {
  type ClinicianFacts,
  heldByEngine,
  horizonBounds,
  type LiveAppointment,
  loadNetworkSnapshot,
} from './network-snapshot.ts';

export interface CacheSettings {
  readonly now: () => number;
  readonly horizonDays: number;
  readonly calendar: CalendarDefinition;
  readonly timeZone: string;
  readonly standards: StandardsTable;
  readonly policy: Partial<BookingPolicy>;
}

/** The engine and what the service needs to read its answers. */
export interface CachedNetwork {
  readonly engine: BookingEngine;
  readonly clinicians: ReadonlyMap<string, ClinicianFacts>;
}

interface Built extends CachedNetwork {
  readonly day: number;
  readonly horizonStart: number;
  readonly caseloadSince: number;
  watermark: Watermark;
  /** Wall-clock time of the last read of the change log. */
  polledAt: number;
}

/** Change rows are kept this long; a reader silent for half of it rebuilds. */
const CHANGE_RETENTION_MS = 24 * MS_PER_HOUR;
const MAX_SILENCE_MS = CHANGE_RETENTION_MS / 2;

/** The key of an appointment in the engine: its primary key. */
function holdId(centerId: string, id: string): string {
  return `${centerId}/${id}`;
}

export class NetworkCache {
  private built: Built | null = null;
  /** One read of the change log at a time; calls arriving during one share the next. */
  private readonly polls = new FreshRead(() => this.poll());

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: CacheSettings,
  ) {}

  /**
   * The engine, current as of the call: a read of the change log that started after
   * the call did has been applied (or the engine rebuilt).
   */
  async current(): Promise<CachedNetwork> {
    await this.polls.next();
    return this.built!;
  }

  /** An appointment this process committed: held at once. */
  held(appointment: LiveAppointment): void {
    const built = this.built;
    if (built) this.hold(built, appointment);
  }

  /** An appointment this process cancelled or moved: released at once. */
  released(centerId: string, id: string): void {
    this.built?.engine.releaseHold(holdId(centerId, id));
  }

  /**
   * Runs `work` on the engine as if an appointment were already released (a
   * reschedule's options), then holds it again. Synchronous, so no other call sees the
   * engine in between.
   */
  without<T>(network: CachedNetwork, appointment: LiveAppointment, work: () => T): T {
    const released = network.engine.releaseHold(holdId(appointment.centerId, appointment.id));
    try {
      return work();
    } finally {
      if (released && this.built === network) this.hold(this.built, appointment);
    }
  }

  private async poll(): Promise<void> {
    const now = this.settings.now();
    const built = this.built;
    const today = localDayOf(now as Instant, this.settings.timeZone);
    if (built === null || built.day !== today || Date.now() - built.polledAt > MAX_SILENCE_MS) {
      await this.build(now);
      return;
    }
    const polledAt = Date.now();
    const { changes, watermark } = await changesSince(this.db, built.watermark);
    if (this.built !== built) return; // rebuilt meanwhile (cannot happen: one poll at a time)
    if (changes.some((c) => c.kind === 'network')) {
      await this.build(now);
      return;
    }
    for (const change of changes) this.apply(built, change);
    built.watermark = watermark;
    built.polledAt = polledAt;
  }

  private async build(now: number): Promise<void> {
    const { settings } = this;
    const polledAt = Date.now();
    const snapshot = await loadNetworkSnapshot(this.db, {
      now,
      horizonDays: settings.horizonDays,
      calendar: settings.calendar,
      timeZone: settings.timeZone,
    });
    const engine = new BookingEngine(snapshot.network, {
      standards: settings.standards,
      policy: settings.policy,
    });
    const bounds = horizonBounds(now, settings.horizonDays, settings.timeZone);
    const built: Built = {
      engine,
      clinicians: snapshot.clinicians,
      day: snapshot.day,
      horizonStart: bounds.horizonStart,
      caseloadSince: bounds.caseloadSince,
      watermark: snapshot.watermark,
      polledAt,
    };
    for (const appointment of snapshot.appointments) this.hold(built, appointment);
    this.built = built;
    // Old change rows serve no reader any more; failing to prune is no reason to fail.
    await pruneChanges(this.db, CHANGE_RETENTION_MS).catch(() => undefined);
  }

  private apply(built: Built, change: Change): void {
    if (change.kind !== 'appointment') return;
    const id = holdId(change.centerId, change.appointmentId);
    if (
      !change.live ||
      change.clinicianId === null ||
      change.patientId === null ||
      change.start === null ||
      change.end === null
    ) {
      built.engine.releaseHold(id);
      return;
    }
    this.hold(built, {
      centerId: change.centerId,
      id: change.appointmentId,
      clinicianId: change.clinicianId,
      patientId: change.patientId,
      start: change.start,
      end: change.end,
    });
  }

  private hold(built: Built, appointment: LiveAppointment): void {
    const id = holdId(appointment.centerId, appointment.id);
    const facts = built.clinicians.get(appointment.clinicianId);
    // A clinician of another center with the same id is not the engine's clinician.
    if (!heldByEngine(appointment, facts, built) || facts?.centerId !== appointment.centerId) {
      built.engine.releaseHold(id);
      return;
    }
    built.engine.hold({
      id,
      clinicianId: appointment.clinicianId,
      patientId: appointment.patientId,
      start: appointment.start,
      end: appointment.end,
    });
  }
}

/** Caches by database, then by settings: every service of a process shares one engine. */
const caches = new WeakMap<
  Kysely<Database>,
  { key: string; settings: CacheSettings; cache: NetworkCache }[]
>();
const standardsIds = new WeakMap<StandardsTable, number>();

/** The process's cache for a database and these settings. */
export function networkCacheFor(db: Kysely<Database>, settings: CacheSettings): NetworkCache {
  let standardsId = standardsIds.get(settings.standards);
  if (standardsId === undefined) {
    standardsId = standardsIds.get(settings.standards) ?? Math.random();
    standardsIds.set(settings.standards, standardsId);
  }
  const key = JSON.stringify([
    settings.horizonDays,
    settings.calendar,
    settings.timeZone,
    settings.policy,
    standardsId,
  ]);
  const list = caches.get(db) ?? [];
  caches.set(db, list);
  // The clock is compared by identity: services with their own clocks (tests) keep their own.
  const found = list.find((c) => c.key === key && c.settings.now === settings.now);
  if (found) return found.cache;
  const cache = new NetworkCache(db, settings);
  list.push({ key, settings, cache });
  return cache;
}
