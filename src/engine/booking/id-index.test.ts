import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from './id-index.ts';

type Op =
  | { readonly kind: 'add'; readonly id: string }
  | { readonly kind: 'delete'; readonly id: string }
  | { readonly kind: 'reserve'; readonly count: number };

// Few distinct ids, so adds of known ids and deletes of live ones are common.
const id = fc.oneof(fc.constantFrom('a', 'b', 'c', 'é', ''), fc.string({ maxLength: 6 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: id.map((x) => ({ kind: 'add' as const, id: x })) },
  { weight: 3, arbitrary: id.map((x) => ({ kind: 'delete' as const, id: x })) },
  { weight: 1, arbitrary: fc.nat(50).map((count) => ({ kind: 'reserve' as const, count })) },
);

describe('IdIndex (request number by id)', () => {
  it('answers like a Map through any sequence of adds, deletes and reservations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const ids: string[] = [];
        const index = new IdIndex((v) => ids[v]!, 4);
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'add') {
            const value = ids.length;
            ids.push(o.id);
            expect(index.add(o.id, value)).toBe(model.get(o.id) ?? -1);
            if (!model.has(o.id)) model.set(o.id, value);
          } else if (o.kind === 'delete') {
            const value = model.get(o.id);
            if (value !== undefined) {
              index.delete(o.id, value);
              model.delete(o.id);
            }
          } else {
            index.reserve(o.count);
          }
          expect(index.size).toBe(model.size);
        }
        for (const x of new Set(ids)) expect(index.get(x)).toBe(model.get(x) ?? -1);
      }),
    );
  });

  it('keeps a million ids and finds each', () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `req-${i}`);
    const index = new IdIndex((v) => ids[v]!);
    ids.forEach((x, i) => {
      index.add(x, i);
    });
    expect(index.size).toBe(1_000_000);
    expect(index.get('req-0')).toBe(0);
    expect(index.get('req-999999')).toBe(999_999);
    expect(index.get('req-1000000')).toBe(-1);
    expect(index.add('req-5', 7)).toBe(5);
  });

  it('adds a batch at once like one by one, or not at all when an id is known or repeats', () => {
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 60 }),
        fc.array(id, { maxLength: 300 }),
        (before, batch) => {
          const ids: string[] = [];
          const index = new IdIndex((v) => ids[v]!, 4);
          const model = new Map<string, number>();
          for (const x of before) {
            if (model.has(x)) continue;
            model.set(x, ids.length);
            index.add(x, ids.length);
            ids.push(x);
          }
          const first = ids.length;
          const clash = batch.some((x, i) => model.has(x) || batch.indexOf(x) !== i);
          ids.push(...batch);
          expect(index.addAll(ids, first, batch.length)).toBe(!clash);
          if (!clash) {
            for (const [i, x] of batch.entries()) model.set(x, first + i);
          }
          expect(index.size).toBe(model.size);
          for (const x of new Set([...before, ...batch])) {
            expect(index.get(x)).toBe(model.get(x) ?? -1);
          }
        },
      ),
    );
  });
});
