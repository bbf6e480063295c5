/**
 * A fast structural check of a request, equivalent to (never looser than) `requestSchema`.
 * Placing hundreds of thousands of requests cannot afford a schema walk and a copy per
 * request, so requests this check accepts are used as given, with defaults applied by
 * the engine; anything it declines goes through the zod schema, which either accepts it
 * (an unusual but valid shape, such as one with an extension) or explains what is wrong.
 * A property test holds the two to agreement.
 */
import { REQUEST_TYPES, type RequestInput } from './model.ts';

/**
 * Whether a key is one of the schema's. Every key of every request is checked: a switch
 * over these few constants compares interned strings, cheaper than a `Set` look-up.
 */
function isRequestKey(key: string): boolean {
  switch (key) {
    case 'id':
    case 'patientId':
    case 'type':
    case 'standard':
    case 'clockStart':
    case 'notBefore':
    case 'language':
    case 'modality':
    case 'center':
    case 'maxTravelKm':
    case 'priorClinician':
    case 'extension':
      return true;
    default:
      return false;
  }
}
const EXTENSION_KEYS = new Set(['deadline', 'reason', 'recordedBy', 'recordedAt']);
/** The schema's request types and modalities, compared directly (see `isRequestKey`). */
function isType(x: string): boolean {
  for (let i = 0; i < REQUEST_TYPES.length; i++) if (REQUEST_TYPES[i] === x) return true;
  return false;
}

function isModality(x: unknown): boolean {
  return x === 'any' || x === 'in-person' || x === 'video';
}

function isId(x: unknown): boolean {
  return typeof x === 'string' && x.length >= 1 && x.length <= 128;
}

function isOptionalId(x: unknown): boolean {
  return x === undefined || isId(x);
}

/**
 * zod counts code points for string lengths; `length` counts UTF-16 units, so check both.
 * Two units are one code point only when they form a surrogate pair; three or more units
 * hold at least two code points. (Counted without `[...x]`, which would allocate an array
 * for every request's language.)
 */
function isLanguage(x: unknown): boolean {
  if (typeof x !== 'string' || x.length < 2 || x.length > 16) return false;
  if (x.length > 2) return true;
  const hi = x.charCodeAt(0);
  const lo = x.charCodeAt(1);
  return !(hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff);
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
  for (const key in x) if (!isRequestKey(key)) return false;
  const r = x as Record<string, unknown>;
  return (
    isId(r.id) &&
    isId(r.patientId) &&
    typeof r.type === 'string' &&
    isType(r.type) &&
    isId(r.standard) &&
    Number.isSafeInteger(r.clockStart) &&
    (r.notBefore === undefined || Number.isSafeInteger(r.notBefore)) &&
    (r.language === undefined || isLanguage(r.language)) &&
    (r.modality === undefined || isModality(r.modality)) &&
    isOptionalId(r.center) &&
    (r.maxTravelKm === undefined ||
      (typeof r.maxTravelKm === 'number' &&
        Number.isFinite(r.maxTravelKm) &&
        r.maxTravelKm >= 0)) &&
    isOptionalId(r.priorClinician) &&
    (r.extension === undefined || isPlainExtension(r.extension))
  );
}
