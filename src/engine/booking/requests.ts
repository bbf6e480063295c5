/**
 * Requests as the engine keeps them: validated, with the deadline computed once,
 * their profile resolved, and an order of service (the booking policy's priority).
 */
import { TimelyError } from '../errors.ts';
import type { StandardsTable } from '../rules/standards.ts';
import type { Instant } from '../time.ts';
import { parseOrThrow } from '../validation.ts';
import {
  DEFAULT_MAX_TRAVEL_KM,
  type Request,
  type RequestInput,
  type RequestType,
  requestsSchema,
} from './model.ts';
import type { CompiledNetwork } from './network.ts';
import type { Profile, ProfileCache } from './profiles.ts';
import { isPlainValidRequest } from './request-check.ts';

export type RequestState = 'pending' | 'booked' | 'referred' | 'waitlisted' | 'closed';

/**
 * A request as the engine keeps it: the caller's fields with defaults applied (the
 * caller's object is not copied and must not be changed after it is submitted), plus
 * what the engine derives once.
 */
export interface RequestRecord {
  readonly id: string;
  readonly patientId: string;
  readonly type: RequestType;
  readonly standard: string;
  readonly clockStart: number;
  readonly language: string;
  readonly modality: 'in-person' | 'video' | 'any';
  readonly center: string | undefined;
  readonly maxTravelKm: number;
  /** Registration order: the last tie-break, so equal requests are served first come first served. */
  readonly seq: number;
  readonly urgent: boolean;
  /** The standard's deadline, or the recorded extension's. */
  readonly deadline: Instant;
  readonly standardDeadline: Instant;
  /** Earliest acceptable start: the clock start, or `notBefore` when later. */
  readonly minStart: number;
  /** The patient's own clinician (follow-ups), or -1. */
  readonly prior: number;
  readonly profile: Profile;
  state: RequestState;
  /** Number of the appointment that currently serves the request, or -1. */
  appointment: number;
  waitlistReason: WaitlistReason | null;
}

export type WaitlistReason = 'no-fitting-clinician' | 'no-capacity-in-horizon';

export function compareRequests(a: RequestRecord, b: RequestRecord, urgentFirst: boolean): number {
  if (urgentFirst && a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  return a.deadline - b.deadline || a.clockStart - b.clockStart || a.seq - b.seq;
}

/**
 * The order of service for a batch, as indices into `records`. Sorting by keys held in
 * typed arrays is several times faster than a comparator that walks objects.
 */
export function priorityOrder(
  records: readonly RequestRecord[],
  urgentFirst: boolean,
): Uint32Array {
  const n = records.length;
  const urgent = new Uint8Array(n);
  const deadline = new Float64Array(n);
  const clock = new Float64Array(n);
  const seq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    urgent[i] = urgentFirst && r.urgent ? 0 : 1;
    deadline[i] = r.deadline;
    clock[i] = r.clockStart;
    seq[i] = r.seq;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort(
    (a, b) =>
      urgent[a]! - urgent[b]! ||
      deadline[a]! - deadline[b]! ||
      clock[a]! - clock[b]! ||
      seq[a]! - seq[b]!,
  );
}

function fail(path: string, message: string): never {
  throw new TimelyError('FIELD_INVALID', `${path}: ${message}`, { path });
}

/** Validates a batch: the fast check for plain requests, the schema for the rest. */
function validated(input: readonly RequestInput[]): readonly (RequestInput | Request)[] {
  if (!Array.isArray(input)) return parseOrThrow(requestsSchema, input, 'requests');
  for (let i = 0; i < input.length; i++) {
    if (!isPlainValidRequest(input[i])) return parseOrThrow(requestsSchema, input, 'requests');
  }
  return input;
}

export function compileRequests(
  input: readonly RequestInput[],
  net: CompiledNetwork,
  standards: StandardsTable,
  profiles: ProfileCache,
  known: ReadonlyMap<string, RequestRecord>,
  firstSeq: number,
): RequestRecord[] {
  const requests = validated(input);
  const seen = new Set<string>();
  const out: RequestRecord[] = new Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i]!;
    const root = `requests[${i}]`;
    if (known.has(request.id) || seen.has(request.id)) {
      fail(`${root}.id`, `request "${request.id}" was already submitted`);
    }
    seen.add(request.id);
    const standard = standards.get(request.standard, `${root}.standard`);
    const modality = request.modality ?? 'any';
    let center = -1;
    if (request.center !== undefined) {
      const c = net.centerIndex.get(request.center);
      if (c === undefined) fail(`${root}.center`, `unknown medical center "${request.center}"`);
      center = c;
    }
    if (modality === 'in-person' && center < 0) {
      fail(`${root}.center`, 'in-person care needs the home medical center');
    }
    let prior = -1;
    if (request.priorClinician !== undefined) {
      const c = net.clinicianIndex.get(request.priorClinician);
      if (c === undefined)
        fail(`${root}.priorClinician`, `unknown clinician "${request.priorClinician}"`);
      prior = c;
    }
    const clockStart = request.clockStart;
    const standardDeadline = net.index.deadline(standard.limit, clockStart as Instant);
    const extension = 'extension' in request ? request.extension : undefined;
    const language = request.language ?? 'en';
    const maxTravelKm = request.maxTravelKm ?? DEFAULT_MAX_TRAVEL_KM;
    out[i] = {
      id: request.id,
      patientId: request.patientId,
      type: request.type,
      standard: request.standard,
      clockStart,
      language,
      modality,
      center: request.center,
      maxTravelKm,
      seq: firstSeq + i,
      urgent: standard.urgent,
      deadline: extension ? (extension.deadline as Instant) : standardDeadline,
      standardDeadline,
      minStart: Math.max(clockStart, request.notBefore ?? clockStart),
      prior,
      profile: profiles.profileOf(
        { type: request.type, language, modality, center, maxTravelKm },
        prior,
      ),
      state: 'pending',
      appointment: -1,
      waitlistReason: null,
    };
  }
  return out;
}
