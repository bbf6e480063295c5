/**
 * CSV cells to API values and back. Only the cell's shape is checked here (is it a
 * number, true/false); whether the value is allowed is the record schema's business,
 * so an import and the REST API refuse the same things with the same messages.
 */
import type { CellType } from './csv-types.ts';

export const LIST_SEPARATOR = ';';

export type Decoded = { readonly value: unknown } | { readonly problem: string };

/** An empty (or blank) cell decodes to undefined: "not given". */
export function decodeCell(type: CellType, text: string): Decoded {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  switch (type) {
    case 'text':
    case 'instant':
      return { value: text };
    case 'integer':
    case 'number': {
      const value = Number(trimmed);
      return Number.isFinite(value) ? { value } : { problem: 'expected a number' };
    }
    case 'boolean':
      if (/^true$/i.test(trimmed)) return { value: true };
      if (/^false$/i.test(trimmed)) return { value: false };
      return { problem: 'expected true or false' };
    case 'list':
      return {
        value: trimmed
          .split(LIST_SEPARATOR)
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      };
  }
}

/** A database value as a cell; the inverse of decodeCell for what the export writes. */
export function encodeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String).join(LIST_SEPARATOR);
  return String(value);
}
