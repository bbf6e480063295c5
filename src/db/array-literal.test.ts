import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.ts';

describe('PostgreSQL array literals', () => {
  it('quotes text, writes NULL, numbers and booleans bare', () => {
    expect(arrayLiteral(['north', null, ''])).toBe('{"north",NULL,""}');
    expect(arrayLiteral([1, -2.5, 1_767_225_600_123, null])).toBe('{1,-2.5,1767225600123,NULL}');
    expect(arrayLiteral([true, false, null])).toBe('{t,f,NULL}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('escapes quotes and backslashes, and keeps commas, braces, spaces and NULL as text', () => {
    expect(arrayLiteral(['say "hi"', 'a\\b', 'x,y', '{z}', ' padded ', 'NULL'])).toBe(
      '{"say \\"hi\\"","a\\\\b","x,y","{z}"," padded ","NULL"}',
    );
  });

  it('refuses a number PostgreSQL would not read back as written', () => {
    expect(() => arrayLiteral([1, Number.NaN])).toThrow('array element 1: NaN is not finite');
    expect(() => arrayLiteral([Number.POSITIVE_INFINITY])).toThrow('is not finite');
  });
});
