/**
 * Facts about a network and its requests computed straight from the input, without the
 * engine's compiled arrays: which template applies on a day, whether an interval lies
 * in a session, an admin block, time off or a holiday, travel distances, and whether a
 * clinician or external provider fits a request. The booking tests judge the engine by
 * these. Test support only; nothing in the engine imports this file.
 */
import { Temporal } from 'temporal-polyfill';
import { BusinessCalendar, CALIFORNIA } from '../rules/calendar.ts';
import { deadlineFor } from '../rules/deadline.ts';
import { californiaStandards } from '../rules/standards.ts';
import { type DayNumber, dayNumberOf, dayNumberOfDate, type Instant } from '../time.ts';
import {
  DEFAULT_MAX_TRAVEL_KM,
  type Network,
  type NetworkInput,
  networkSchema,
  type RequestInput,
  type RequestType,
} from './model.ts';
import type { Appointment, Outcome } from './outcomes.ts';

type Clinician = Network['clinicians'][number];
type Template = Network['templates'][number];
type External = Network['externalProviders'][number];

/** A request with the schema's defaults written out. */
export interface PlainRequest {
  readonly id: string;
  readonly patientId: string;
  readonly type: RequestType;
  readonly standard: string;
  readonly clockStart: number;
  readonly notBefore: number | undefined;
  readonly language: string;
  readonly modality: 'in-person' | 'video' | 'any';
  readonly center: string | undefined;
  readonly maxTravelKm: number;
  readonly priorClinician: string | undefined;
  readonly extensionDeadline: number | undefined;
  /** Earliest acceptable start. */
  readonly minStart: number;
  readonly urgent: boolean;
  /** The deadline in force (the extension's, else the standard's). */
  readonly deadline: number;
  readonly standardDeadline: number;
}

export function minutesOfClock(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** Great-circle distance by the haversine formula (mean Earth radius 6,371 km). */
export function haversineKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export class NetworkFacts {
  readonly network: Network;
  readonly calendar: BusinessCalendar;
  readonly zone: string;
  readonly horizonFirst: DayNumber;
  readonly horizonLast: DayNumber;
  private readonly clinicians = new Map<string, Clinician>();
  private readonly clinicianOrder = new Map<string, number>();
  private readonly templates = new Map<string, Template>();
  private readonly externals = new Map<string, External>();

  constructor(input: NetworkInput) {
    this.network = networkSchema.parse(input);
    this.calendar = new BusinessCalendar(this.network.calendar ?? CALIFORNIA);
    this.zone = this.calendar.timeZone;
    this.horizonFirst = dayNumberOfDate(this.network.horizon.from);
    this.horizonLast = dayNumberOfDate(this.network.horizon.to);
    this.network.clinicians.forEach((c, i) => {
      this.clinicians.set(c.id, c);
      this.clinicianOrder.set(c.id, i);
    });
    for (const t of this.network.templates) this.templates.set(t.id, t);
    for (const p of this.network.externalProviders) this.externals.set(p.id, p);
  }

  clinician(id: string): Clinician {
    const c = this.clinicians.get(id);
    if (!c) throw new Error(`no clinician ${id}`);
    return c;
  }

  /** The clinician's position in the network (the engine's tie-break between equal starts). */
  clinicianRank(id: string): number {
    return this.clinicianOrder.get(id)!;
  }

  external(id: string): External {
    const p = this.externals.get(id);
    if (!p) throw new Error(`no external provider ${id}`);
    return p;
  }

  private readonly locals = new Map<number, { day: DayNumber; minute: number; weekday: number }>();

  /** Local calendar day, minute of day and ISO weekday of an instant (Temporal, memoized). */
  local(t: number): { day: DayNumber; minute: number; weekday: number } {
    let found = this.locals.get(t);
    if (!found) {
      const z = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(this.zone);
      found = {
        day: dayNumberOf(z.year, z.month, z.day),
        minute: z.hour * 60 + z.minute,
        weekday: z.dayOfWeek,
      };
      this.locals.set(t, found);
    }
    return found;
  }

  /** The template in force for a clinician on a day, if any. */
  templateOn(clinicianId: string, day: DayNumber): Template | undefined {
    const c = this.clinician(clinicianId);
    const a = c.schedule.find(
      (s) => dayNumberOfDate(s.from) <= day && (s.to === undefined || day <= dayNumberOfDate(s.to)),
    );
    return a ? this.templates.get(a.template) : undefined;
  }

  isHoliday(day: DayNumber): boolean {
    return this.calendar.holidayOn(day) !== undefined;
  }

  /**
   * Why an internal appointment [start, end) could not be held with a clinician, or null
   * when it is exactly one of the clinician's template sessions on an open day.
   */
  whyNotASession(clinicianId: string, start: number, end: number): string | null {
    const c = this.clinician(clinicianId);
    if (!c.active) return 'clinician is not active';
    const { day, minute, weekday } = this.local(start);
    if (day < this.horizonFirst || day > this.horizonLast) return 'outside the horizon';
    if (this.isHoliday(day)) return `holiday ${this.calendar.holidayOn(day)!.name}`;
    const template = this.templateOn(clinicianId, day);
    if (!template) return 'no template in force';
    for (const b of template.adminBlocks) {
      if (b.weekday !== weekday) continue;
      const from = minutesOfClock(b.start);
      if (minute < from + b.minutes && from < minute + (end - start) / 60_000) {
        return `admin block ${b.label}`;
      }
    }
    for (const off of c.timeOff) {
      if (off.from < end && start < off.to) return `time off (${off.reason})`;
    }
    const session = template.sessions.find(
      (s) =>
        s.weekday === weekday &&
        minutesOfClock(s.start) === minute &&
        start + s.minutes * 60_000 === end,
    );
    return session ? null : 'not a template session';
  }

  /** The session kind an appointment holds (see whyNotASession). */
  sessionKind(clinicianId: string, start: number): 'intake' | 'followup' | undefined {
    const { day, minute, weekday } = this.local(start);
    const template = this.templateOn(clinicianId, day);
    return template?.sessions.find(
      (s) => s.weekday === weekday && minutesOfClock(s.start) === minute,
    )?.kind;
  }

  dailyVisitCap(clinicianId: string, day: DayNumber): number {
    return this.templateOn(clinicianId, day)?.dailyVisitCap ?? Number.POSITIVE_INFINITY;
  }

  distanceKm(centerA: string, centerB: string): number {
    const a = this.network.centers.find((c) => c.id === centerA)!;
    const b = this.network.centers.find((c) => c.id === centerB)!;
    return haversineKm(a, b);
  }

  /** Disciplines that may serve a request under the default policy. */
  disciplinesFor(r: PlainRequest): string[] {
    if (r.type === 'followup' && r.priorClinician !== undefined) {
      return [this.clinician(r.priorClinician).discipline];
    }
    const physician = r.type === 'psychiatry';
    return this.network.disciplines.filter((d) => d.physician === physician).map((d) => d.id);
  }

  slotKindFor(r: PlainRequest): 'intake' | 'followup' {
    return r.type === 'followup' ? 'followup' : 'intake';
  }

  /** Whether the place fits: video when video is fine, or in person within travel. */
  private placeFits(
    r: PlainRequest,
    modalities: readonly string[],
    centers: readonly string[],
  ): boolean {
    const video = r.modality !== 'in-person' && modalities.includes('video');
    const inPerson =
      r.modality !== 'video' &&
      r.center !== undefined &&
      modalities.includes('in-person') &&
      centers.some((c) => this.distanceKm(r.center!, c) <= r.maxTravelKm);
    return video || inPerson;
  }

  /** Discipline, language, modality and place — everything but time and capacity. */
  clinicianFits(r: PlainRequest, clinicianId: string): boolean {
    const c = this.clinician(clinicianId);
    return (
      this.disciplinesFor(r).includes(c.discipline) &&
      c.languages.includes(r.language) &&
      this.placeFits(r, c.modalities, [c.center])
    );
  }

  externalFits(r: PlainRequest, providerId: string): boolean {
    const p = this.external(providerId);
    const disciplines = this.disciplinesFor(r);
    return (
      p.disciplines.some((d) => disciplines.includes(d)) &&
      p.languages.includes(r.language) &&
      this.placeFits(r, p.modalities, p.centers)
    );
  }

  /** A request with defaults applied and its deadline by the rules engine. */
  plain(input: RequestInput): PlainRequest {
    const standard = californiaStandards.get(input.standard);
    const standardDeadline = deadlineFor(
      standard.limit,
      input.clockStart as Instant,
      this.calendar,
    );
    const extensionDeadline = input.extension?.deadline;
    return {
      id: input.id,
      patientId: input.patientId,
      type: input.type,
      standard: input.standard,
      clockStart: input.clockStart,
      notBefore: input.notBefore,
      language: input.language ?? 'en',
      modality: input.modality ?? 'any',
      center: input.center,
      maxTravelKm: input.maxTravelKm ?? DEFAULT_MAX_TRAVEL_KM,
      priorClinician: input.priorClinician,
      extensionDeadline,
      minStart: Math.max(input.clockStart, input.notBefore ?? input.clockStart),
      urgent: standard.urgent,
      deadline: extensionDeadline ?? standardDeadline,
      standardDeadline,
    };
  }
}

/** Half-open intervals [a.start, a.end) and [b.start, b.end) share a moment. */
export function overlaps(
  a: { start: number; end: number },
  b: { start: number; end: number },
): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The appointment that serves an outcome (booked or referred), or null. */
export function appointmentOf(outcome: Outcome): Appointment | null {
  return 'appointment' in outcome ? outcome.appointment : null;
}
