/**
 * Reading a FHIR search query string (https://hl7.org/fhir/R4/search.html) into plain
 * values, refusing what we do not implement rather than ignoring it: a parameter that is
 * not declared for the type (modifiers such as `status:not` included), one given twice
 * when it cannot be, or a value we cannot read is a 400 naming the parameter. FHIR lets a
 * server ignore unknown parameters; a silently ignored filter returns too much, so this
 * face behaves as if the client had sent `Prefer: handling=strict` (§3.1.1.4.6).
 *
 * Pure functions: no database, no Fastify.
 */
import { badParameter } from './outcome.ts';

/** Kinds of search parameter this face implements (a subset of FHIR's SearchParamType). */
export type ParamType = 'token' | 'reference' | 'date';

export interface ParamDefinition {
  readonly type: ParamType;
  /** the FHIR R4 SearchParameter this one implements, for the CapabilityStatement */
  readonly definition: string;
  readonly documentation: string;
}

/** `_count`: page size bounds (the REST lists' limits). */
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

/** Parameters every search takes: page size and the opaque cursor of `next` links. */
export const RESULT_PARAMETERS = ['_count', '_cursor'] as const;

/** The query string as Fastify parses it: repeated keys become arrays. */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

export interface ParsedSearch {
  /** each declared parameter that was given, with its values (one per occurrence) */
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly count: number;
  readonly cursor: string | undefined;
}

/** Checks every key against the declared parameters; values stay raw. */
export function parseSearch(
  query: RawQuery,
  declared: Readonly<Record<string, ParamDefinition>>,
): ParsedSearch {
  const params = new Map<string, string[]>();
  let count = DEFAULT_COUNT;
  let cursor: string | undefined;
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (name === '_count' || name === '_cursor') {
      const value = single(name, values);
      if (name === '_count') count = parseCount(value);
      else cursor = value;
      continue;
    }
    const definition = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (definition === undefined) {
      const known = [...Object.keys(declared), ...RESULT_PARAMETERS].join(', ');
      throw badParameter(name, `not a search parameter of this type (known: ${known})`);
    }
    // Two `date` parameters make a range (date=ge…&date=lt…); other repeats would be
    // an AND of tokens, which no Timely field can satisfy twice, so they are refused.
    if (definition.type !== 'date') single(name, values);
    for (const value of values) {
      if (value === '') throw badParameter(name, 'empty value');
    }
    params.set(name, values);
  }
  return { params, count, cursor };
}

function single(name: string, values: readonly string[]): string {
  const [value] = values;
  if (values.length !== 1 || value === undefined) throw badParameter(name, 'given more than once');
  return value;
}

function parseCount(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw badParameter('_count', `expected 1 to ${MAX_COUNT}`);
  const count = Number(value);
  if (count < 1 || count > MAX_COUNT) throw badParameter('_count', `expected 1 to ${MAX_COUNT}`);
  return count;
}

/** A token list `a,b` (OR) checked against the codes allowed. */
export function parseTokens<const C extends string>(
  name: string,
  value: string,
  allowed: readonly C[],
  system?: string,
): C[] {
  return value.split(',').map((token) => {
    let code = token;
    const bar = token.indexOf('|');
    if (bar !== -1) {
      if (system === undefined || (bar > 0 && token.slice(0, bar) !== system)) {
        throw badParameter(name, `unknown code system in "${token}"`);
      }
      code = token.slice(bar + 1);
    }
    if (!(allowed as readonly string[]).includes(code)) {
      throw badParameter(name, `unknown code "${code}" (known: ${allowed.join(', ')})`);
    }
    return code as C;
  });
}

/** Timely ids (see `../fields.ts`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;

export function isTimelyId(value: string): boolean {
  return ID.test(value);
}

/**
 * A reference list `Practitioner/c1,c2` (OR): `Type/id`, a bare id, or an absolute URL
 * ending in `Type/id`. Returns the ids.
 */
export function parseReferences(name: string, value: string, type: string): string[] {
  return value.split(',').map((reference) => {
    const parts = reference.split('/');
    const id = parts.at(-1) ?? '';
    const referencedType = parts.length > 1 ? parts.at(-2) : type;
    if (referencedType !== type) {
      throw badParameter(name, `expected a reference to ${type}, got "${reference}"`);
    }
    if (!isTimelyId(id)) throw badParameter(name, `"${reference}" is not a ${type} reference`);
    return id;
  });
}

/** A half-open interval of instants, epoch milliseconds; an end left open is undefined. */
export interface InstantRange {
  readonly from: number | undefined;
  readonly to: number | undefined;
}

const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The `date` values of one parameter, ANDed, as one half-open range of the instant
 * searched on (Appointment.start, Slot.start). Each value names a period by its
 * precision (`2026-03`, `2026-03-02`, `2026-03-02T09:00:00Z`: a month, a day, a second),
 * and the prefix says how the instant relates to it (§3.1.1.5.1): `eq` inside it, `ge`
 * not before its start, `gt` after its end, `lt` before its start, `le` not after its
 * end. `ne`, `sa`, `eb` and `ap` are not implemented. A day or month without an offset
 * is read in UTC (documented in the CapabilityStatement); so is a time without one.
 */
export function parseDateRange(name: string, values: readonly string[]): InstantRange {
  let from: number | undefined;
  let to: number | undefined;
  const raise = (bound: number) => {
    from = from === undefined ? bound : Math.max(from, bound);
  };
  const lower = (bound: number) => {
    to = to === undefined ? bound : Math.min(to, bound);
  };
  for (const raw of values) {
    const prefixMatch = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)/.exec(raw);
    const prefix = prefixMatch?.[1] ?? 'eq';
    const text = prefixMatch ? raw.slice(prefix.length) : raw;
    if (!['eq', 'gt', 'lt', 'ge', 'le'].includes(prefix)) {
      throw badParameter(name, `the prefix "${prefix}" is not supported (use eq, ge, gt, le, lt)`);
    }
    const period = periodOf(name, text);
    switch (prefix) {
      case 'eq':
        raise(period.start);
        lower(period.end);
        break;
      case 'ge':
        raise(period.start);
        break;
      case 'gt':
        raise(period.end);
        break;
      case 'lt':
        lower(period.start);
        break;
      case 'le':
        lower(period.end);
        break;
    }
  }
  return { from, to };
}

function periodOf(name: string, text: string): { start: number; end: number } {
  const match = DATE_VALUE.exec(text);
  const invalid = () =>
    badParameter(name, `"${text}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)`);
  if (match === null) throw invalid();
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw invalid();
  }
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number);
    if ((zh ?? 99) > 14 || (zm ?? 99) > 59) throw invalid();
    offsetMinutes = sign * ((zh ?? 0) * 60 + (zm ?? 0));
  }
  const start = utc - offsetMinutes * 60_000;
  let end: number;
  if (mo === undefined) end = Date.UTC(year + 1, 0, 1);
  else if (d === undefined) end = Date.UTC(year, month, 1);
  else if (h === undefined) end = Date.UTC(year, month - 1, day + 1);
  else if (s === undefined) end = start + 60_000;
  else if (fraction === undefined) end = start + 1000;
  else end = start + 1;
  return { start, end };
}
