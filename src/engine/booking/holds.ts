/**
 * Appointments booked elsewhere — by another process over the same database, an import,
 * a clerk — held in a long-lived engine so that it never offers their time. A hold is
 * exactly what the engine's own booking would have done to the ledger, without a
 * request: every slot of the clinician overlapping the appointment is taken (however the
 * appointment lines up with the slots), the visit counts towards the day's cap on the
 * clinic-local day it starts, and the patient counts towards the caseload as a booking
 * does (a new patient joins it until their last booking with the clinician goes).
 * Releasing a hold undoes all three. Holds are keyed by the appointment's own id.
 */
import { TimelyError } from '../errors.ts';
import type { SlotLedger } from './ledger.ts';
import type { CompiledNetwork } from './network.ts';

export interface HoldInput {
  /** The appointment's id where it was booked (a database row id). */
  readonly id: string;
  readonly clinicianId: string;
  readonly patientId: string;
  /** Epoch ms, half-open [start, end). */
  readonly start: number;
  readonly end: number;
  /**
   * The patient is already one of the clinician's own (a follow-up with their prior
   * clinician): the hold adds no one to the caseload, as the engine's own booking would not.
   */
  readonly ownPatient?: boolean | undefined;
}

interface HoldRecord {
  readonly clinician: number;
  /** Clinician-day whose visit count it holds, or -1 (starts outside the horizon). */
  readonly clinicianDay: number;
  readonly slots: readonly number[];
  readonly patientId: string;
  readonly newPatient: boolean;
}

function invalid(path: string, message: string): never {
  throw new TimelyError('FIELD_INVALID', `${path}: ${message}`, { path });
}

export class HoldRegistry {
  private readonly byId = new Map<string, HoldRecord>();

  constructor(
    private readonly net: CompiledNetwork,
    private readonly ledger: SlotLedger,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Holds an appointment; holding an id again replaces its earlier hold. */
  hold(input: HoldInput): void {
    if (typeof input.id !== 'string' || input.id.length === 0) invalid('id', 'expected an id');
    if (typeof input.patientId !== 'string' || input.patientId.length === 0) {
      invalid('patientId', 'expected an id');
    }
    if (!Number.isInteger(input.start) || !Number.isInteger(input.end)) {
      invalid('start', 'expected start and end as whole epoch milliseconds');
    }
    if (input.end <= input.start) invalid('end', 'must be after start');
    const c = this.net.clinicianIndex.get(input.clinicianId);
    if (c === undefined) {
      throw new TimelyError('NOT_FOUND', `clinicianId: unknown clinician "${input.clinicianId}"`, {
        path: 'clinicianId',
      });
    }
    this.release(input.id);
    const { net, ledger } = this;
    const { index, horizonOffset, days } = net;
    const horizonStart = index.dayStart[horizonOffset]!;
    const horizonEnd = index.dayStart[horizonOffset + days]!;
    const slots: number[] = [];
    if (input.start < horizonEnd && input.end > horizonStart) {
      const first = ledger.horizonDayOf(input.start);
      const last = Math.min(ledger.horizonDayOf(input.end - 1), days - 1);
      for (let d = first; d <= last; d++) {
        const end = net.clinicianDayStart[c * days + d + 1]!;
        for (let s = net.clinicianDayStart[c * days + d]!; s < end; s++) {
          if (net.slotStart[s]! < input.end && input.start < net.slotEnd[s]!) {
            ledger.hold(s);
            slots.push(s);
          }
        }
      }
    }
    const clinicianDay =
      input.start >= horizonStart && input.start < horizonEnd
        ? c * days + ledger.horizonDayOf(input.start)
        : -1;
    if (clinicianDay >= 0) ledger.addVisit(clinicianDay);
    const newPatient = input.ownPatient !== true && ledger.isNewPatient(c, input.patientId, -1);
    ledger.addPatientBooking(c, input.patientId, newPatient);
    this.byId.set(input.id, {
      clinician: c,
      clinicianDay,
      slots,
      patientId: input.patientId,
      newPatient,
    });
  }

  /** Releases a hold (the appointment was cancelled or moved); false when it is not held. */
  release(id: string): boolean {
    const record = this.byId.get(id);
    if (record === undefined) return false;
    this.byId.delete(id);
    const ledger = this.ledger;
    for (const s of record.slots) ledger.unhold(s);
    ledger.removePatientBooking(record.clinician, record.patientId, record.newPatient);
    if (record.clinicianDay >= 0) {
      const freed: number[] = [];
      ledger.removeVisit(record.clinicianDay, freed);
      ledger.reset(freed);
    }
    return true;
  }
}
