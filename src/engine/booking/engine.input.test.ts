/**
 * Bad input (issue 3, "Bad input"): the engine's entry points reject an inconsistent
 * network, a bad request, a bad unavailability or an unknown id with a TimelyError whose
 * code is stable and whose path names the record and the field, so a scheduler can find
 * the bad line. And the fast structural check of requests (`isPlainValidRequest`) never
 * accepts what the request schema rejects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimelyError, type TimelyErrorCode } from '../errors.ts';
import { parseInstant } from '../time.ts';
import { caseArbitrary } from './arbitraries.ts';
import { BookingEngine } from './engine.ts';
import type { ClinicianInput, NetworkInput, RequestInput } from './model.ts';
import { requestSchema } from './model.ts';
import { compileNetwork } from './network.ts';
import { isPlainValidRequest } from './request-check.ts';

const at = (text: string): number => parseInstant(text, 'America/Los_Angeles');

function clinician(id: string, extra: Partial<ClinicianInput> = {}): ClinicianInput {
  return {
    id,
    discipline: 'lmft',
    center: 'downtown',
    languages: ['en'],
    modalities: ['video'],
    schedule: [{ template: 'week', from: '2026-11-01' }],
    ...extra,
  };
}

function validNetwork(): NetworkInput {
  return {
    horizon: { from: '2026-11-16', to: '2026-11-27' },
    centers: [{ id: 'downtown', lat: 34.05, lon: -118.25 }],
    templates: [
      {
        id: 'week',
        sessions: [
          { weekday: 1, start: '09:00', minutes: 60, kind: 'intake' },
          { weekday: 1, start: '10:00', minutes: 45, kind: 'followup' },
          { weekday: 2, start: '09:00', minutes: 60, kind: 'intake' },
        ],
        adminBlocks: [{ weekday: 1, start: '11:00', minutes: 60 }],
      },
      { id: 'other', sessions: [{ weekday: 3, start: '09:00', minutes: 60, kind: 'intake' }] },
    ],
    clinicians: [clinician('c0'), clinician('c1'), clinician('c2'), clinician('c3')],
  };
}

function request(id: string, extra: Record<string, unknown> = {}): RequestInput {
  return {
    id,
    patientId: `p-${id}`,
    type: 'routine-intake',
    standard: 'nonurgent-nonphysician-mh',
    clockStart: at('2026-11-13T10:00'),
    ...extra,
  } as RequestInput;
}

/** Runs `fn` and returns the TimelyError it throws (failing the test if it throws none). */
function rejection(fn: () => unknown): {
  code: TimelyErrorCode;
  path: string | undefined;
  message: string;
} {
  try {
    fn();
  } catch (error) {
    if (!isTimelyError(error)) throw error;
    return { code: error.code, path: error.path, message: error.message };
  }
  throw new Error('expected a TimelyError, but nothing was thrown');
}

describe('an inconsistent network is rejected, naming the record and field', () => {
  const cases: [string, (n: NetworkInput) => void, string, RegExp][] = [
    [
      'a session overlapping an admin block',
      (n) => {
        n.templates[0]!.adminBlocks = [{ weekday: 1, start: '10:30', minutes: 60 }];
      },
      'templates[0].sessions[1].start',
      /overlaps templates\[0\]\.adminBlocks\[0\]/,
    ],
    [
      'two sessions overlapping each other',
      (n) => {
        n.templates[1]!.sessions.push({
          weekday: 3,
          start: '09:30',
          minutes: 45,
          kind: 'followup',
        });
      },
      'templates[1].sessions[1].start',
      /overlaps templates\[1\]\.sessions\[0\]/,
    ],
    [
      'a session running past midnight',
      (n) => {
        n.templates[1]!.sessions[0] = { weekday: 3, start: '23:30', minutes: 60, kind: 'intake' };
      },
      'templates[1].sessions[0].minutes',
      /past midnight/,
    ],
    [
      'an unknown discipline',
      (n) => {
        n.clinicians[3]!.discipline = 'astrologer';
      },
      'clinicians[3].discipline',
      /unknown discipline "astrologer"/,
    ],
    [
      'an unknown medical center',
      (n) => {
        n.clinicians[2]!.center = 'atlantis';
      },
      'clinicians[2].center',
      /unknown medical center "atlantis"/,
    ],
    [
      "a clinician's unknown template",
      (n) => {
        n.clinicians[1]!.schedule = [{ template: 'night-shift', from: '2026-11-01' }];
      },
      'clinicians[1].schedule[0].template',
      /unknown template "night-shift"/,
    ],
    [
      'overlapping template assignments',
      (n) => {
        n.clinicians[0]!.schedule = [
          { template: 'week', from: '2026-11-01', to: '2026-11-20' },
          { template: 'other', from: '2026-11-20' },
        ];
      },
      'clinicians[0].schedule[1].from',
      /overlaps another template assignment/,
    ],
    [
      'an assignment ending before it starts',
      (n) => {
        n.clinicians[2]!.schedule = [{ template: 'week', from: '2026-11-20', to: '2026-11-19' }];
      },
      'clinicians[2].schedule[0].to',
      /before its from date/,
    ],
    [
      'time off ending before it starts',
      (n) => {
        n.clinicians[1]!.timeOff = [{ from: at('2026-11-17T12:00'), to: at('2026-11-17T09:00') }];
      },
      'clinicians[1].timeOff[0].to',
      /after from/,
    ],
    [
      'a duplicate clinician id',
      (n) => {
        n.clinicians[3]!.id = 'c1';
      },
      'clinicians[3].id',
      /duplicate id "c1"/,
    ],
    [
      'a horizon that ends before it starts',
      (n) => {
        n.horizon = { from: '2026-11-27', to: '2026-11-16' };
      },
      'horizon.to',
      /before horizon\.from/,
    ],
    [
      "an external provider's unknown discipline",
      (n) => {
        n.externalProviders = [
          {
            id: 'x',
            disciplines: ['lcsw', 'shaman'],
            languages: ['en'],
            modalities: ['video'],
            weeklyCapacity: 1,
            leadDays: 0,
          },
        ];
      },
      'externalProviders[0].disciplines[1]',
      /unknown discipline "shaman"/,
    ],
  ];

  for (const [what, spoil, path, message] of cases) {
    it(`rejects ${what} at ${path}`, () => {
      const n = validNetwork();
      spoil(n);
      const error = rejection(() => new BookingEngine(n));
      expect(error).toMatchObject({ code: 'NETWORK_INCONSISTENT', path });
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(`${path}:`)).toBe(true);
    });
  }

  it('rejects a field of the wrong shape, naming the clinician by position and id', () => {
    const n = validNetwork();
    (n.clinicians[2] as { modalities: string[] }).modalities = ['telepathy'];
    const error = rejection(() => compileNetwork(n));
    expect(error.code).toBe('FIELD_INVALID');
    expect(error.path).toMatch(/(^|\.)clinicians\[2\]\.modalities\[0\]$/);
    expect(error.message).toContain('(id "c2")');
  });

  it('rejects an unknown field in a template', () => {
    const n = validNetwork();
    (n.templates[0] as Record<string, unknown>).breaks = [];
    const error = rejection(() => compileNetwork(n));
    expect(error.code).toBe('FIELD_INVALID');
    expect(error.path).toMatch(/(^|\.)templates\[0\]\.breaks$/);
  });

  it('accepts back-to-back sessions and admin blocks (half-open intervals)', () => {
    const n = validNetwork();
    n.templates[0]!.adminBlocks = [{ weekday: 1, start: '10:45', minutes: 15 }];
    expect(() => new BookingEngine(n)).not.toThrow();
  });
});

describe('a bad request is rejected, naming the request and field', () => {
  const cases: [string, RequestInput[], TimelyErrorCode, string][] = [
    [
      'a standard that does not exist',
      [request('a'), request('b'), request('c', { standard: 'within-a-fortnight' })],
      'STANDARD_UNKNOWN',
      'requests[2].standard',
    ],
    [
      'an unknown field',
      [request('a'), request('b', { colour: 'blue' })],
      'FIELD_INVALID',
      'requests[1].colour',
    ],
    [
      'a duplicate id in the batch',
      [request('a'), request('b'), request('a')],
      'FIELD_INVALID',
      'requests[2].id',
    ],
    [
      'an in-person request without a medical center',
      [request('a', { modality: 'in-person' })],
      'FIELD_INVALID',
      'requests[0].center',
    ],
    [
      'an unknown medical center',
      [request('a', { center: 'atlantis' })],
      'FIELD_INVALID',
      'requests[0].center',
    ],
    [
      'an unknown prior clinician',
      [
        request('a'),
        request('b', {
          type: 'followup',
          standard: 'followup-nonphysician-mh',
          priorClinician: 'nobody',
        }),
      ],
      'FIELD_INVALID',
      'requests[1].priorClinician',
    ],
    [
      // One code point in two UTF-16 units: the schema counts code points.
      'a one-character language (an emoji)',
      [request('a', { language: '\u{1F600}' })],
      'FIELD_INVALID',
      'requests[0].language',
    ],
    [
      'an unknown request type',
      [request('a', { type: 'walk-in' })],
      'FIELD_INVALID',
      'requests[0].type',
    ],
    [
      'a clock start that is not a whole number',
      [request('a', { clockStart: 1.5 })],
      'FIELD_INVALID',
      'requests[0].clockStart',
    ],
    [
      'an extension with no reason noted',
      [
        request('a', {
          extension: {
            deadline: at('2026-12-11T23:59'),
            reason: '  ',
            recordedBy: 'c0',
            recordedAt: at('2026-11-13T10:00'),
          },
        }),
      ],
      'FIELD_INVALID',
      'requests[0].extension.reason',
    ],
  ];

  for (const [what, batch, code, path] of cases) {
    it(`rejects ${what} (${code} at ${path}) and places nothing of the batch`, () => {
      const engine = new BookingEngine(validNetwork());
      const error = rejection(() => engine.place(batch));
      expect(error).toMatchObject({ code, path });
      expect(error.message).toContain(path);
      expect(engine.appointmentCount).toBe(0);
      expect(engine.waitlisted()).toEqual([]);
    });
  }

  it('rejects a request id submitted in an earlier batch', () => {
    const engine = new BookingEngine(validNetwork());
    engine.place([request('a')]);
    expect(rejection(() => engine.place([request('b'), request('a')]))).toMatchObject({
      code: 'FIELD_INVALID',
      path: 'requests[1].id',
    });
    // The earlier request is untouched, and the rejected batch left nothing behind.
    expect(engine.outcome('a').kind).toBe('booked');
    expect(() => engine.outcome('b')).toThrow(/unknown/);
    expect(engine.place([request('b')]).at(0).kind).toBe('booked');
  });

  it('lets every request of a rejected batch, the bad one included, be submitted again', () => {
    const engine = new BookingEngine(validNetwork());
    expect(() => engine.place([request('good'), request('bad', { standard: 'nope' })])).toThrow();
    expect(() => engine.outcome('bad')).toThrow(/unknown/);
    const again = engine.place([request('good'), request('bad')]);
    expect(again.outcomes().map((o) => o.kind)).toEqual(['booked', 'booked']);
  });

  it('rejects a batch that is not an array', () => {
    const engine = new BookingEngine(validNetwork());
    expect(rejection(() => engine.place({} as never)).code).toBe('FIELD_INVALID');
  });
});

describe('bad calls after placing are rejected', () => {
  function placed() {
    const engine = new BookingEngine(validNetwork());
    const o = engine.place([request('a')]).at(0);
    if (o.kind !== 'booked') throw new Error('expected a booking');
    return { engine, id: o.appointment.id };
  }
  const now = at('2026-11-14T09:00');

  it('an unknown appointment is NOT_FOUND', () => {
    const { engine } = placed();
    for (const id of ['appt-99', 'appt-0', 'appt-1.0', 'nonsense', '']) {
      expect(rejection(() => engine.cancel(id, { now })).code).toBe('NOT_FOUND');
      expect(rejection(() => engine.reschedule(id, { now })).code).toBe('NOT_FOUND');
    }
    expect(rejection(() => engine.outcome('zzz')).code).toBe('NOT_FOUND');
    expect(rejection(() => engine.load('zzz')).code).toBe('NOT_FOUND');
    expect(rejection(() => engine.restore('closure-9', { now })).code).toBe('NOT_FOUND');
  });

  it('reserving room takes a whole number of requests, and changes no outcome', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(rejection(() => new BookingEngine(validNetwork()).reserve(bad))).toMatchObject({
        code: 'FIELD_INVALID',
        path: 'requests',
      });
    }
    const plain = new BookingEngine(validNetwork());
    const reserved = new BookingEngine(validNetwork());
    reserved.reserve(100_000);
    const batch = ['a', 'b', 'c', 'd', 'e'].map((id) => request(id));
    const outcomes = reserved.place(batch).outcomes();
    expect(outcomes.map((o) => o.kind)).toContain('booked');
    expect(outcomes).toEqual(plain.place(batch).outcomes());
  });

  it('an appointment already cancelled cannot be cancelled, rescheduled or attended', () => {
    const { engine, id } = placed();
    engine.cancel(id, { now });
    for (const call of [
      () => engine.cancel(id, { now }),
      () => engine.reschedule(id, { now }),
      () => engine.recordAttendance(id, true),
    ]) {
      expect(rejection(call)).toMatchObject({ code: 'FIELD_INVALID', path: 'appointmentId' });
    }
  });

  it('unavailability that ends before it starts, or names an unknown clinician, is rejected and closes nothing', () => {
    const { engine, id } = placed();
    const from = at('2026-11-16T00:00');
    expect(
      rejection(() => engine.rebook([{ clinicianId: 'c0', from, to: from }], { now })),
    ).toMatchObject({ code: 'FIELD_INVALID', path: 'unavailability[0].to' });
    expect(
      rejection(() =>
        engine.rebook(
          [
            { clinicianId: 'c0', from, to: from + 3_600_000 },
            { clinicianId: 'ghost', from, to: from + 3_600_000 },
          ],
          { now },
        ),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', path: 'unavailability[1].clinicianId' });
    expect(
      rejection(() =>
        engine.rebook([{ clinicianId: 'c0', from, to: from + 1, why: 'x' } as never], { now }),
      ),
    ).toMatchObject({ code: 'FIELD_INVALID', path: 'unavailability[0].why' });
    // Nothing was closed or moved by the rejected calls.
    expect(engine.appointment(id).status).toBe('booked');
    expect(engine.rebook([], { now }).totals.affected).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------
// The fast check of requests against the schema.

const VALID: RequestInput = request('r', {
  notBefore: at('2026-11-16T00:00'),
  language: 'es',
  modality: 'in-person',
  center: 'downtown',
  maxTravelKm: 12.5,
  priorClinician: 'c0',
});

const KEYS = [
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
  'colour',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  '',
];

/** Values at and around every boundary the schema draws, plus anything at all. */
const tricky: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0,
    -1,
    0.5,
    2 ** 53 - 1,
    2 ** 53,
    -(2 ** 53),
    1e308,
    '',
    'x',
    'xx',
    'x'.repeat(16),
    'x'.repeat(17),
    'x'.repeat(128),
    'x'.repeat(129),
    '\u{1F600}',
    'any',
    'video',
    'in-person',
    'telepathy',
    'followup',
    'psychiatry',
    'urgent-intake',
    'routine-intake',
    'hasOwnProperty',
    true,
    [],
    {},
    ['en'],
    new Date(0),
    { deadline: 0, reason: 'r', recordedBy: 'c', recordedAt: 0 },
    { deadline: 0, reason: ' ', recordedBy: 'c', recordedAt: 0 },
  ),
  fc.string({ maxLength: 140 }),
  fc.integer(),
  fc.double(),
  fc.anything(),
);

const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...KEYS), value: tricky }),
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...KEYS) }),
);

type Mutation = { op: 'set'; key: string; value: unknown } | { op: 'delete'; key: string };

function mutate(
  base: object,
  mutations: readonly Mutation[],
  shape: 'plain' | 'null-prototype' | 'inherited',
): unknown {
  const own: Record<string, unknown> = { ...base };
  for (const m of mutations) {
    if (m.op === 'delete') delete own[m.key];
    else
      Object.defineProperty(own, m.key, {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
  }
  if (shape === 'null-prototype') return Object.assign(Object.create(null), own);
  if (shape === 'inherited') return Object.create(own);
  return own;
}

describe('the fast request check never accepts what the schema rejects', () => {
  const implies = (x: unknown) => {
    if (isPlainValidRequest(x)) {
      const parsed = requestSchema.safeParse(x);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  };

  it('counts characters as the schema does: code points, not UTF-16 units', () => {
    for (const language of ['\u{1F600}', 'e', '\u{1F600}\u{1F600}', 'ab', 'x'.repeat(16)]) {
      const x = { ...VALID, language };
      expect(isPlainValidRequest(x), JSON.stringify(language)).toBe(
        requestSchema.safeParse(x).success,
      );
    }
  });

  it('for arbitrary JSON-like values', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.anything(), fc.object()), implies), {
      numRuns: 2000,
    });
  });

  it('for mutations of valid requests: fields set to boundary values, removed, added, or inherited', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<object>(VALID, request('s'), {
          id: 'a',
          patientId: 'b',
          type: 'followup',
          standard: 'c',
          clockStart: 0,
        }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('plain' as const, 'null-prototype' as const, 'inherited' as const),
        (base, mutations, shape) => implies(mutate(base, mutations, shape)),
      ),
      { numRuns: 3000 },
    );
  });

  it('for the generated requests of the property tests, which it accepts unless an extension reason needs trimming', () => {
    fc.assert(
      fc.property(caseArbitrary({ maxClinicians: 2 }), (c) => {
        for (const r of c.requests) {
          const parsed = requestSchema.safeParse(r);
          expect(parsed.success).toBe(true);
          const reason = r.extension?.reason;
          expect(isPlainValidRequest(r)).toBe(reason === undefined || reason.trim() === reason);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('for extensions: exactly their four fields, safe whole-number times, a reason with nothing to trim', () => {
    const extension = { deadline: 10, reason: 'noted', recordedBy: 'c1', recordedAt: 5 };
    const accepted = (e: unknown) => isPlainValidRequest({ ...VALID, extension: e });
    expect(accepted(extension)).toBe(true);
    expect(accepted({ ...extension, reason: ' noted ' })).toBe(false); // the schema trims it
    expect(accepted({ ...extension, reason: '' })).toBe(false);
    expect(accepted({ ...extension, extra: 1 })).toBe(false);
    expect(accepted({ deadline: 10, reason: 'noted', recordedBy: 'c1' })).toBe(false);
    expect(accepted({ ...extension, deadline: 1.5 })).toBe(false);
    expect(accepted(Object.create(extension))).toBe(false);
    expect(accepted([extension])).toBe(false);
    fc.assert(
      fc.property(
        fc.record({
          deadline: fc.oneof(fc.integer(), fc.double(), fc.string()),
          reason: fc.oneof(fc.string(), fc.constant(' x'), fc.integer()),
          recordedBy: fc.oneof(fc.string({ maxLength: 130 }), fc.constant('')),
          recordedAt: fc.oneof(fc.integer(), fc.constant(Number.NaN)),
        }),
        (e) => {
          if (accepted(e))
            expect(requestSchema.safeParse({ ...VALID, extension: e }).success).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
