/**
 * PostgreSQL array literals (`{"a","b",NULL}`, docs 8.15.6 "Array Value Input"), built
 * here rather than by node-postgres from a JavaScript array. node-postgres escapes each
 * element with two regular-expression replacements and builds the literal piece by piece:
 * for a stoppage's plan (23 columns of a hundred thousand values) that was a quarter of
 * the preview's time with the garbage it left. Here a string is quoted as it is unless it
 * holds a quote or a backslash, a column's repeated values are quoted once, and numbers
 * and booleans are written bare.
 */

/** One array element: NULL, a number (written as JavaScript prints it), a boolean or text. */
export type ArrayElement = string | number | boolean | null;

const NEEDS_ESCAPE = /["\\]/;

/** `"text"`, with `"` and `\` escaped by a backslash. */
function quoted(text: string): string {
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
}

/**
 * The literal of an array of elements: cast it in SQL to the array type meant
 * (`$1::text[]`, `$1::float8[]`). A number must be finite: PostgreSQL reads `NaN` and
 * `Infinity` only into floating-point types, and silently into those.
 */
export function arrayLiteral(items: readonly ArrayElement[]): string {
  const parts = new Array<string>(items.length);
  // Columns repeat a few values (a center, a standard, a result) thousands of times.
  const seen = new Map<string, string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || item === undefined) parts[i] = 'NULL';
    else if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new RangeError(`array element ${i}: ${item} is not finite`);
      parts[i] = String(item);
    } else if (typeof item === 'boolean') parts[i] = item ? 't' : 'f';
    else {
      let part = seen.get(item);
      if (part === undefined) {
        part = quoted(item);
        if (seen.size < 1024) seen.set(item, part);
      }
      parts[i] = part;
    }
  }
  return `{${parts.join(',')}}`;
}
