/** Typed arrays used as growable columns. */
export type Column = Int32Array | Int16Array | Uint16Array | Uint8Array | Float64Array;

/** A copy of `column` with room for `size` entries (the new entries are zero). */
export function grown<T extends Column>(column: T, size: number): T {
  const bigger = new (column.constructor as new (n: number) => T)(size);
  bigger.set(column);
  return bigger;
}
