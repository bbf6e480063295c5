/**
 * Lays one scenario file over another (`extends`) and remembers which file wrote each
 * value, so a problem found after merging is reported against the file to edit.
 *
 * Mappings merge key by key; lists and scalars replace the parent's value whole (merging
 * two lists of stoppages item by item would invent stoppages nobody wrote). A `null`
 * removes the parent's value, so the schema default applies again: it is the only way
 * for a child to drop an optional setting such as a caseload cap.
 */

/** Which file wrote a value, and for a mapping, which file wrote each of its keys. */
export interface Provenance {
  readonly file: string;
  readonly keys?: ReadonlyMap<string, Provenance>;
}

export interface Layered {
  readonly value: Record<string, unknown>;
  readonly provenance: Provenance;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `layer` (read from `file`) over `base`; `base` is left as it was. */
export function layerOver(
  base: Layered | undefined,
  layer: Record<string, unknown>,
  file: string,
): Layered {
  const [value, provenance] = mergeMapping(base?.value, base?.provenance, layer, file);
  return { value, provenance };
}

function mergeMapping(
  base: Record<string, unknown> | undefined,
  baseProvenance: Provenance | undefined,
  layer: Record<string, unknown>,
  file: string,
): [Record<string, unknown>, Provenance] {
  // No prototype: a key named `__proto__` stays a key (and is then reported as unknown).
  const out: Record<string, unknown> = Object.create(null);
  const keys = new Map<string, Provenance>();
  if (base !== undefined) {
    for (const key of Object.keys(base)) {
      out[key] = base[key];
      const from = baseProvenance?.keys?.get(key);
      if (from !== undefined) keys.set(key, from);
    }
  }
  for (const key of Object.keys(layer)) {
    const value = layer[key];
    if (value === null || value === undefined) {
      delete out[key];
      keys.delete(key);
      continue;
    }
    if (isMapping(value)) {
      const below = out[key];
      const [merged, provenance] = mergeMapping(
        isMapping(below) ? below : undefined,
        isMapping(below) ? keys.get(key) : undefined,
        value,
        file,
      );
      out[key] = merged;
      keys.set(key, provenance);
    } else {
      out[key] = value;
      keys.set(key, { file });
    }
  }
  return [out, { file, keys }];
}

/**
 * The file that wrote the value at `segments`. A value nobody wrote (a missing required
 * field) belongs to the file that wrote the nearest mapping around it; everything inside
 * a list belongs to the file that wrote the list.
 */
export function fileOf(provenance: Provenance, segments: readonly PropertyKey[]): string {
  let node = provenance;
  for (const segment of segments) {
    const next = node.keys?.get(String(segment));
    if (next === undefined) break;
    node = next;
  }
  return node.file;
}
