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
import { RADIX_KEY_LIMIT, radixSortIndices } from './radix-sort.ts';
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
const RADIX_MIN_BATCH = 100_000;

export function priorityOrder(
  records: readonly RequestRecord[],
  urgentFirst: boolean,
  /** Whether records are already in submission (seq) order, the last tie-break. */
  inSeqOrder = true,
): Uint32Array {
  const n = records.length;
  let order: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  let minClock = Number.POSITIVE_INFINITY;
  let maxClock = Number.NEGATIVE_INFINITY;
  let minDeadline = Number.POSITIVE_INFINITY;
  let maxDeadline = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    minClock = Math.min(minClock, r.clockStart);
    maxClock = Math.max(maxClock, r.clockStart);
    minDeadline = Math.min(minDeadline, r.deadline);
    maxDeadline = Math.max(maxDeadline, r.deadline);
  }
  const deadlineSpan = maxDeadline - minDeadline + 1;
  // The radix sort's fixed cost (65,536 buckets a pass) pays off only for large batches,
  // and spans of centuries do not fit its keys: otherwise compare the same keys directly.
  const radix =
    n >= RADIX_MIN_BATCH &&
    maxClock - minClock < RADIX_KEY_LIMIT &&
    2 * deadlineSpan < RADIX_KEY_LIMIT;
  if (!radix) {
    return order.sort((a, b) => compareRequests(records[a]!, records[b]!, urgentFirst));
  }
  const key = new Float64Array(n);
  if (!inSeqOrder) {
    for (let i = 0; i < n; i++) key[i] = records[i]!.seq;
    order = radixSortIndices(order, key);
  }
  // In seq order, two more stable passes give (urgent, deadline, clock, seq).
  for (let i = 0; i < n; i++) key[i] = records[i]!.clockStart - minClock;
  const byClock = radixSortIndices(order, key);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    key[i] = (urgentFirst && r.urgent ? 0 : deadlineSpan) + (r.deadline - minDeadline);
  }
  return radixSortIndices(byClock, key);
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
  registry: Map<string, RequestRecord>,
  firstSeq: number,
): RequestRecord[] {
  const requests = validated(input);
  const out: RequestRecord[] = new Array(requests.length);
  let i = 0;
  try {
    for (; i < requests.length; i++) {
      const record = compileRequest(requests[i]!, i, net, standards, profiles, firstSeq + i);
      if (registry.has(record.id)) {
        fail(`requests[${i}].id`, `request "${record.id}" was already submitted`);
      }
      registry.set(record.id, record);
      out[i] = record;
    }
  } catch (error) {
    // All or nothing: a bad request leaves no request of its batch registered.
    for (let k = 0; k < i; k++) registry.delete(out[k]!.id);
    throw error;
  }
  return out;
}

function compileRequest(
  request: RequestInput | Request,
  i: number,
  net: CompiledNetwork,
  standards: StandardsTable,
  profiles: ProfileCache,
  seq: number,
): RequestRecord {
  {
    const root = `requests[${i}]`;
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
    return {
      id: request.id,
      patientId: request.patientId,
      type: request.type,
      standard: request.standard,
      clockStart,
      language,
      modality,
      center: request.center,
      maxTravelKm,
      seq,
      urgent: standard.urgent,
      deadline: extension ? (extension.deadline as Instant) : standardDeadline,
      standardDeadline,
      minStart: Math.max(clockStart, request.notBefore ?? clockStart),
      prior,
      profile: profiles.profileOf(request.type, language, modality, center, maxTravelKm, prior),
      state: 'pending',
      appointment: -1,
      waitlistReason: null,
    };
  }
}
