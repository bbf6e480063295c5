/**
 * The scenario schema as JSON Schema (zod's own export, input side: defaults and
 * descriptions included). Both the generated reference and the loader's messages read
 * the schema through it, so neither depends on zod internals.
 */
import { z } from 'zod';
import { scenarioSchema } from '../engine/simulation/scenario.ts';

/** The parts of a JSON Schema node the docs and messages read. */
export interface JsonSchemaNode {
  readonly type?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly propertyNames?: JsonSchemaNode;
  readonly items?: JsonSchemaNode;
}

let cached: JsonSchemaNode | undefined;

export function scenarioJsonSchema(): JsonSchemaNode {
  // The library types the result as any JSON Schema; we read only the fields above.
  cached ??= z.toJSONSchema(scenarioSchema, { io: 'input' }) as JsonSchemaNode;
  return cached;
}

/** The node describing the value at `segments` (keys and list indices), if the schema has one. */
export function jsonSchemaAt(
  segments: readonly PropertyKey[],
  root: JsonSchemaNode = scenarioJsonSchema(),
): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = root;
  for (const segment of segments) {
    if (node === undefined) return undefined;
    if (typeof segment === 'number') {
      node = node.items;
    } else if (node.properties !== undefined) {
      node = Object.hasOwn(node.properties, String(segment))
        ? node.properties[String(segment)]
        : undefined;
    } else {
      node = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    }
  }
  return node;
}

/** The value a field takes when a scenario leaves it out: its default, or its parent's. */
export function defaultAt(segments: readonly PropertyKey[]): unknown {
  const own = jsonSchemaAt(segments);
  if (own?.default !== undefined) return own.default;
  if (segments.length === 0) return undefined;
  const parent = defaultAt(segments.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return undefined;
  return (parent as Record<PropertyKey, unknown>)[segments[segments.length - 1]!];
}
