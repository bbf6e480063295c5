/**
 * Requests from a trusted in-process caller (the simulator), by numbers: a column per
 * field, refilled batch after batch. Such a caller submits millions of requests whose
 * fields it made itself; as `RequestInput` objects each would cost an object, an id
 * string, a validation and a parse of its clinician and center ids, which together cost
 * more than placing it. The engine registers these without validating them and names
 * them lazily (see `numberedRequestId`).
 */
import { grown } from '../typed-arrays.ts';
import { REQUEST_TYPES, type RequestType } from './model.ts';

/** Request ids of numbered requests are `request-N`, N being the request number plus one. */
export const NUMBERED_REQUEST_PREFIX = 'request-';

export function numberedRequestId(q: number): string {
  return `${NUMBERED_REQUEST_PREFIX}${q + 1}`;
}

/** The request number a `request-N` id names, or -1 when it is not of that form. */
export function numberOfRequestId(id: string): number {
  if (!id.startsWith(NUMBERED_REQUEST_PREFIX)) return -1;
  const q = Number(id.slice(NUMBERED_REQUEST_PREFIX.length)) - 1;
  return Number.isSafeInteger(q) && q >= 0 && numberedRequestId(q) === id ? q : -1;
}

export const MODALITY_CODES = ['any', 'in-person', 'video'] as const;
export type RequestModality = (typeof MODALITY_CODES)[number];

/**
 * One request, as the caller fills it: a caller keeps one such object and refills it
 * for each `RequestBatch.add`, so submitting allocates nothing per request.
 */
export interface NumberedRequest {
  patientId: string;
  type: RequestType;
  /** Id of a standard of the engine's table. */
  standard: string;
  clockStart: number;
  /** Earliest acceptable start (NaN: the clock start). */
  notBefore: number;
  language: string;
  modality: RequestModality;
  /** Home medical center's number in the compiled network, or -1. */
  center: number;
  maxTravelKm: number;
  /** The prior clinician's number in the compiled network (follow-ups), or -1. */
  priorClinician: number;
  /** The deadline of a recorded extension (NaN: none, the standard's deadline). */
  extensionDeadline: number;
}

const INITIAL = 1024;

/** A batch of numbered requests, as columns (see the module's comment). */
export class RequestBatch {
  length = 0;
  readonly patientId: string[] = [];
  readonly standard: string[] = [];
  readonly language: string[] = [];
  /** Index into REQUEST_TYPES. */
  typeCode = new Uint8Array(INITIAL);
  /** Index into MODALITY_CODES. */
  modality = new Uint8Array(INITIAL);
  clockStart = new Float64Array(INITIAL);
  notBefore = new Float64Array(INITIAL);
  center = new Int32Array(INITIAL);
  maxTravelKm = new Float64Array(INITIAL);
  priorClinician = new Int32Array(INITIAL);
  extensionDeadline = new Float64Array(INITIAL);

  add(r: NumberedRequest): void {
    if (this.length === this.typeCode.length) this.grow(this.length * 2);
    const i = this.length++;
    this.patientId[i] = r.patientId;
    this.standard[i] = r.standard;
    this.language[i] = r.language;
    this.typeCode[i] = REQUEST_TYPES.indexOf(r.type);
    this.modality[i] = MODALITY_CODES.indexOf(r.modality);
    this.clockStart[i] = r.clockStart;
    this.notBefore[i] = r.notBefore;
    this.center[i] = r.center;
    this.maxTravelKm[i] = r.maxTravelKm;
    this.priorClinician[i] = r.priorClinician;
    this.extensionDeadline[i] = r.extensionDeadline;
  }

  type(i: number): RequestType {
    return REQUEST_TYPES[this.typeCode[i]!]!;
  }

  /** Empties the batch for reuse; its columns keep their size. */
  clear(): void {
    this.length = 0;
  }

  private grow(size: number): void {
    this.typeCode = grown(this.typeCode, size);
    this.modality = grown(this.modality, size);
    this.clockStart = grown(this.clockStart, size);
    this.notBefore = grown(this.notBefore, size);
    this.center = grown(this.center, size);
    this.maxTravelKm = grown(this.maxTravelKm, size);
    this.priorClinician = grown(this.priorClinician, size);
    this.extensionDeadline = grown(this.extensionDeadline, size);
  }
}
