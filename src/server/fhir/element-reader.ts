/**
 * Reading a posted FHIR resource (JSON) element by element against a profile, collecting
 * every problem as an issue that names its element (FHIRPath: `Appointment.slot[0]`)
 * instead of stopping at the first. Each helper returns undefined for a bad value, so a
 * caller reads on and reports everything at once. An element the profile does not list
 * is `not-supported`: refused, not dropped. Pure: no database, no Fastify.
 */
import type { Issue, IssueCode } from './outcome.ts';
import { isTimelyId } from './search-params.ts';

export type Json = Readonly<Record<string, unknown>>;

export const CODING_ELEMENTS = ['system', 'code', 'display', 'version', 'userSelected'];
export const CONCEPT_ELEMENTS = ['coding', 'text'];
export const REFERENCE_ELEMENTS = ['reference', 'type', 'display'];

/** Collects issues while reading; each helper returns undefined for a bad value. */
export class Reader {
  readonly issues: Issue[] = [];

  /**
   * `refused`: why an element outside the profile is not taken, by name; `otherwise`:
   * what is said of the others.
   */
  constructor(
    private readonly refused: Readonly<Record<string, string>> = {},
    private readonly otherwise = 'not part of the profile',
  ) {}

  fail(code: IssueCode, expression: string, message: string): undefined {
    this.issues.push({ code, expression, message: `${expression}: ${message}` });
    return undefined;
  }

  /** An object whose keys are all `elements`; `refused` says why another one is not. */
  object(
    value: unknown,
    at: string,
    elements: readonly string[],
    refused: Readonly<Record<string, string>> = this.refused,
  ): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail('structure', at, 'expected a JSON object');
    }
    for (const key of Object.keys(value)) {
      if (elements.includes(key)) continue;
      const message = key.startsWith('_')
        ? 'extensions of primitive values are not supported'
        : (refused[key] ?? this.otherwise);
      this.fail('not-supported', `${at}.${key.replace(/^_/, '')}`, message);
    }
    return value as Json;
  }

  array(value: unknown, at: string): readonly unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail('structure', at, 'expected a JSON array');
    if (value.length === 0) return this.fail('structure', at, 'an empty array is not allowed');
    return value;
  }

  /** At most one item: Timely books one slot in one period. */
  single(value: unknown, at: string, what: string): unknown {
    const items = this.array(value, at);
    if (items === undefined) return undefined;
    if (items.length > 1) return this.fail('not-supported', `${at}[1]`, `only one ${what}`);
    return items[0];
  }

  string(value: unknown, at: string): string | undefined {
    if (typeof value !== 'string' || value.trim() === '') {
      return this.fail('value', at, 'expected a non-empty string');
    }
    return value;
  }

  code<C extends string>(value: unknown, at: string, allowed: readonly C[]): C | undefined {
    const text = this.string(value, at);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) {
      return this.fail('code-invalid', at, `"${text}" is not one of ${allowed.join(', ')}`);
    }
    return text as C;
  }

  /** A FHIR dateTime to the second with its offset (an instant, not a day). */
  dateTime(value: unknown, at: string): number | undefined {
    const text = this.string(value, at);
    if (text === undefined) return undefined;
    const instant = parseInstant(text);
    if (instant === undefined) {
      return this.fail(
        'value',
        at,
        'expected a date-time with seconds and an offset, e.g. 2026-11-24T10:00:00-08:00',
      );
    }
    return instant;
  }

  /** `Type/id`, the only reference form taken (no absolute or logical references). */
  reference<T extends string>(
    value: unknown,
    at: string,
    types: readonly T[],
  ): { type: T; id: string } | undefined {
    const reference = this.object(value, at, REFERENCE_ELEMENTS);
    if (reference === undefined) return undefined;
    if (reference.reference === undefined) {
      return this.fail('required', `${at}.reference`, `expected ${types.join(' or ')}/{id}`);
    }
    const text = this.string(reference.reference, `${at}.reference`);
    if (text === undefined) return undefined;
    const [type = '', id = '', ...rest] = text.split('/');
    if (rest.length > 0 || !isTimelyId(id)) {
      return this.fail('value', `${at}.reference`, `expected ${types.join(' or ')}/{id}`);
    }
    if (!(types as readonly string[]).includes(type)) {
      return this.fail(
        'not-supported',
        `${at}.reference`,
        `a reference to ${type} is not supported here (expected ${types.join(' or ')})`,
      );
    }
    if (reference.type !== undefined && reference.type !== type) {
      this.fail('value', `${at}.type`, `does not match the reference (${type})`);
    }
    return { type: type as T, id };
  }

  /** The codings of `system` in a CodeableConcept (codings of other systems: translations). */
  codings(value: unknown, at: string, system: string): { code: unknown; at: string }[] {
    const concept = this.object(value, at, CONCEPT_ELEMENTS);
    if (concept === undefined) return [];
    if (concept.coding === undefined) return [];
    const codings = this.array(concept.coding, `${at}.coding`) ?? [];
    const ours: { code: unknown; at: string }[] = [];
    codings.forEach((item, index) => {
      const codingAt = `${at}.coding[${index}]`;
      const coding = this.object(item, codingAt, CODING_ELEMENTS);
      if (coding?.system === system) ours.push({ code: coding.code, at: `${codingAt}.code` });
    });
    return ours;
  }
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)$/;

/** An instant, epoch ms, from a FHIR dateTime with time and offset; undefined otherwise. */
export function parseInstant(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day] = match.map(Number);
  // Date.UTC rolls 30 February over into March: a day that does not exist is refused.
  const probe = new Date(Date.UTC(year!, month! - 1, day!));
  if (probe.getUTCMonth() !== month! - 1 || probe.getUTCDate() !== day) return undefined;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : instant;
}
