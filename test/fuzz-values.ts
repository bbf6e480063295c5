/**
 * Values for the bad-input fuzzer: fast-check arbitraries built from the JSON schemas the
 * server publishes in /openapi.json, leaning hard towards what breaks servers (huge and
 * odd strings, SQL and script fragments, impossible dates, negative and enormous numbers,
 * wrong types, extra fields), plus mutations of known-valid bodies.
 */
import fc from 'fast-check';

/** A JSON schema as /openapi.json gives it; only the keywords the generator reads. */
export interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly format?: string;
}

/** Strings that have broken servers somewhere: each one is tried somewhere in every run. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  'x'.repeat(100_000),
  "' OR 1=1 --",
  "'; DROP TABLE appointments; --",
  '"',
  '\\',
  '%',
  '_',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '\u0000',
  'nul\u0000byte',
  '\uD800',
  '💥🏥',
  'ṩ̷̢̛o̵m̶e̵ z̸a̷l̴g̵o̶',
  'الموعد',
  '\u202Eevil',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x10',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31T23:59:60Z',
  '2026-03-02T25:61:00Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:01Z',
  '2026-03-02T16:00:00+99:99',
  'north',
  'c-1',
  'p-1',
  'north/c-1',
];

export const NASTY_NUMBERS: readonly number[] = [
  -1,
  0,
  -0,
  0.5,
  -2_147_483_649,
  2_147_483_648,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const nastyNumber = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value of the wrong kind: what a confused or hostile client sends instead. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  nastyNumber,
  nastyString,
  fc.constant([]),
  fc.constant({}),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

/** A value for `schema`: mostly shaped like it (so validation passes and handlers run), sometimes not. */
export function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 6) return wrongType;
  const shaped = shapedFor(schema, depth);
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: wrongType });
}

function shapedFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return fc.oneof(fc.constantFrom(...schema.enum), nastyString);
  }
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined && choices.length > 0) {
    return fc.oneof(...choices.map((choice) => valueFor(choice, depth + 1)));
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0) {
    return valueFor(schema.allOf[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return schema.format === 'date-time' || schema.format === 'date'
        ? fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.constantFrom('2026-02-30', '2026-03-02T16:00:00Z', '1970-01-01', 'yesterday'),
            nastyString,
          )
        : nastyString;
    case 'integer':
    case 'number':
      return nastyNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 });
    case 'object':
      return objectFor(schema, depth);
    default:
      return wrongType;
  }
}

function objectFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    model[name] = valueFor(property, depth + 1);
  }
  const extra = fc.dictionary(fc.constantFrom('extra', '__proto__', 'id', '$where'), wrongType, {
    maxKeys: 1,
  });
  return fc
    .tuple(fc.record(model, { requiredKeys: [...(schema.required ?? [])] }), extra)
    .chain(([shaped, extras]) =>
      // Required fields are sometimes dropped, and unknown ones sometimes added.
      fc.tuple(fc.boolean(), fc.boolean()).map(([drop, addExtra]) => {
        const out: Record<string, unknown> = { ...shaped };
        const keys = Object.keys(out);
        if (drop && keys.length > 0) delete out[keys[0]!];
        return addExtra ? { ...out, ...extras } : out;
      }),
    );
}

/** One change to a valid body: a field replaced, removed, or the whole thing swapped for junk. */
export function mutationOf(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...keys), wrongType)
        .map(([key, value]) => ({ ...valid, [key]: value })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...keys).map((key) => {
        const { [key]: _dropped, ...rest } = valid;
        return rest;
      }),
    },
    { weight: 1, arbitrary: wrongType },
  );
}

/** JSON nested `levels` deep, written out by hand (a serializer may refuse the depth). */
export function deepJson(levels: number): string {
  return `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;
}

/** A query-string or path value from any generated value. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? '';
}
