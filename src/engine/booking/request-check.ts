/**
 * A fast structural check of a request, equivalent to (never looser than) `requestSchema`.
 * Placing hundreds of thousands of requests cannot afford a schema walk and a copy per
 * request, so requests this check accepts are used as given, with defaults applied by
 * the engine; anything it declines goes through the zod schema, which either accepts it
 * (an unusual but valid shape, such as one with an extension) or explains what is wrong.
 * A property test holds the two to agreement.
 */
import { REQUEST_TYPES, type RequestInput } from './model.ts';

const KEYS = new Set([
  'id',
  'patientId',
  'type',
  'standard',
  'clockStart',
  'notBefore',
  'language',
  'modality',
  'center',
  'maxTravelKm',
  'priorClinician',
  'extension',
]);
const EXTENSION_KEYS = new Set(['deadline', 'reason', 'recordedBy', 'recordedAt']);
const TYPES = new Set<string>(REQUEST_TYPES);
const MODALITY = new Set(['in-person', 'video', 'any']);

function isId(x: unknown): boolean {
  return typeof x === 'string' && x.length >= 1 && x.length <= 128;
}

function isOptionalId(x: unknown): boolean {
  return x === undefined || isId(x);
}

/** zod counts code points for string lengths; `length` counts UTF-16 units, so check both. */
function isLanguage(x: unknown): boolean {
  if (typeof x !== 'string' || x.length < 2 || x.length > 16) return false;
  return x.length >= 4 || [...x].length >= 2;
}

/**
 * An extension the schema takes as it is: a plain object of exactly its four fields, and a
 * reason the schema's trim leaves unchanged (the simulator's follow-ups carry one each).
 */
function isPlainExtension(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Object.getPrototypeOf(x) !== Object.prototype) {
    return false;
  }
  let keys = 0;
  for (const key in x) {
    if (!EXTENSION_KEYS.has(key) || !Object.hasOwn(x, key)) return false;
    keys++;
  }
  const e = x as Record<string, unknown>;
  return (
    keys === 4 &&
    Number.isSafeInteger(e.deadline) &&
    Number.isSafeInteger(e.recordedAt) &&
    isId(e.recordedBy) &&
    typeof e.reason === 'string' &&
    e.reason.length >= 1 &&
    e.reason.trim() === e.reason
  );
}

/** True only for requests the schema accepts and for which its defaults are the only change. */
export function isPlainValidRequest(x: unknown): x is RequestInput {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (const key in x) if (!KEYS.has(key)) return false;
  const r = x as Record<string, unknown>;
  return (
    isId(r.id) &&
    isId(r.patientId) &&
    typeof r.type === 'string' &&
    TYPES.has(r.type) &&
    isId(r.standard) &&
    Number.isSafeInteger(r.clockStart) &&
    (r.notBefore === undefined || Number.isSafeInteger(r.notBefore)) &&
    (r.language === undefined || isLanguage(r.language)) &&
    (r.modality === undefined || (typeof r.modality === 'string' && MODALITY.has(r.modality))) &&
    isOptionalId(r.center) &&
    (r.maxTravelKm === undefined ||
      (typeof r.maxTravelKm === 'number' &&
        Number.isFinite(r.maxTravelKm) &&
        r.maxTravelKm >= 0)) &&
    isOptionalId(r.priorClinician) &&
    (r.extension === undefined || isPlainExtension(r.extension))
  );
}
