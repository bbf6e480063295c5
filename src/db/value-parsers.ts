/**
 * How column values come back, made the same on both back ends. Out of the box
 * node-postgres returns `date` as a Date at *local* midnight and `int8` as a string,
 * while PGlite returns a Date at UTC midnight and a number: the same SQL would give
 * different rows. Dates are clinic-local calendar days (`LocalDate`, YYYY-MM-DD) in the
 * engine, so they stay text; `int8` appears only as `count(*)` and the like, far below
 * 2^53, so it becomes a number.
 */

/** PostgreSQL type oids (`SELECT oid FROM pg_type WHERE typname IN ('int8', 'date')`). */
export const TYPE_OID = { int8: 20, date: 1082 } as const;

export const VALUE_PARSERS: Readonly<Record<number, (text: string) => string | number>> = {
  [TYPE_OID.int8]: (text) => Number(text),
  [TYPE_OID.date]: (text) => text,
};
