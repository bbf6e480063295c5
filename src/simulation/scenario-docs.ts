/**
 * The reference of every scenario field — path, type, default, allowed values, meaning —
 * rendered from the schema itself (through its JSON Schema), so the documentation cannot
 * drift from what the loader accepts. `docs/scenarios.md` keeps a hand-written intro and
 * the generated part between two markers; `npm run docs:scenarios` rewrites that part,
 * and a test fails when it is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type JsonSchemaNode, scenarioJsonSchema } from './scenario-json-schema.ts';

export const SCENARIO_DOCS_FILE = fileURLToPath(
  new URL('../../docs/scenarios.md', import.meta.url),
);
export const REGENERATE_COMMAND = 'npm run docs:scenarios';
const BEGIN = `<!-- BEGIN GENERATED from src/engine/simulation/scenario.ts by \`${REGENERATE_COMMAND}\`: do not edit by hand -->`;
const END = '<!-- END GENERATED -->';

interface Row {
  readonly path: string;
  readonly node: JsonSchemaNode;
  readonly required: boolean;
}

/** The generated reference: one section per part of a scenario, one table row per field. */
export function renderScenarioReference(schema: JsonSchemaNode = scenarioJsonSchema()): string {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const sections: string[] = [];

  const topLevel = properties
    .filter(([, node]) => !isSection(node))
    .map(([key, node]) => ({ path: key, node, required: required.has(key) }));
  sections.push(section('Top level', undefined, topLevel));

  for (const [key, node] of properties.filter(([, n]) => isSection(n))) {
    const rows: Row[] = [];
    if (node.type === 'array' && node.items !== undefined) {
      collectRows(node.items, `${key}[]`, rows);
    } else {
      collectRows(node, key, rows);
    }
    sections.push(section(`\`${key}\``, node.description, rows));
  }
  return sections.join('\n');
}

/** `markdown` with the part between the markers replaced by the current reference. */
export function withScenarioReference(markdown: string): string {
  const begin = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (begin < 0 || end < begin) {
    throw new Error(`the scenario docs have lost their markers: put\n${BEGIN}\n${END}\nback`);
  }
  const before = markdown.slice(0, begin + BEGIN.length);
  return `${before}\n\n${renderScenarioReference()}\n${markdown.slice(end)}`;
}

/** Rewrites the docs file; true when it changed. */
export function writeScenarioDocs(file: string = SCENARIO_DOCS_FILE): boolean {
  const current = readFileSync(file, 'utf8');
  const next = withScenarioReference(current);
  if (next === current) return false;
  writeFileSync(file, next);
  return true;
}

/** A part of the scenario with fields of its own gets a section, not a row. */
function isSection(node: JsonSchemaNode): boolean {
  return node.properties !== undefined || node.items?.properties !== undefined;
}

function collectRows(node: JsonSchemaNode, prefix: string, rows: Row[]): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}.${key}`;
    rows.push({ path, node: child, required: required.has(key) });
    if (child.properties !== undefined) collectRows(child, path, rows);
    else if (child.items?.properties !== undefined) collectRows(child.items, `${path}[]`, rows);
  }
}

function section(title: string, description: string | undefined, rows: readonly Row[]): string {
  const lines = [`### ${title}`, ''];
  if (description !== undefined) lines.push(`${capitalized(description)}.`, '');
  lines.push('| Field | Type | Default | Allowed | Meaning |', '|---|---|---|---|---|');
  for (const row of rows) {
    const cells = [
      `\`${row.path}\``,
      typeOf(row.node),
      defaultOf(row),
      allowedOf(row.node),
      row.node.description ?? '',
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function typeOf(node: JsonSchemaNode): string {
  if (node.enum !== undefined) return 'string';
  switch (node.type) {
    case 'integer':
      return 'whole number';
    case 'number':
      return 'number';
    case 'boolean':
      return 'true or false';
    case 'string':
      if (node.format === 'date') return 'date (YYYY-MM-DD)';
      if (node.pattern?.includes(':[0-5]')) return 'time (HH:MM)';
      return 'string';
    case 'array':
      return node.items === undefined ? 'list' : `list of ${plural(typeOf(node.items))}`;
    case 'object': {
      const values = node.additionalProperties;
      if (node.properties === undefined && typeof values === 'object') {
        return `mapping of name → ${typeOf(values)}`;
      }
      return 'mapping';
    }
    default:
      return node.type ?? 'any';
  }
}

/** "whole number" → "whole numbers", "date (YYYY-MM-DD)" → "dates (YYYY-MM-DD)". */
function plural(type: string): string {
  return type.replace(/^([^(]*?)(\s*\(|$)/, '$1s$2');
}

function defaultOf(row: Row): string {
  const value = row.node.default;
  if (value === undefined) return row.required ? '**required**' : '—';
  // A section's `{}` only says "each field takes its own default", shown on its rows.
  if (row.node.properties !== undefined && isEmptyObject(value)) return '';
  return `\`${JSON.stringify(value)}\``;
}

function allowedOf(node: JsonSchemaNode): string {
  const parts: string[] = [];
  if (node.enum !== undefined)
    parts.push(node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', '));
  const range = rangeOf(node);
  if (range !== undefined) parts.push(range);
  if (node.type === 'string' && node.minLength !== undefined && node.enum === undefined) {
    parts.push(node.minLength === 1 ? 'not empty' : `at least ${node.minLength} characters`);
  }
  if (node.type === 'array') {
    if (node.minItems !== undefined && node.minItems === node.maxItems) {
      parts.push(`exactly ${node.minItems} items`);
    } else if (node.minItems !== undefined) {
      parts.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
    }
    const each = node.items === undefined ? undefined : rangeOf(node.items);
    if (each !== undefined) parts.push(`each ${each}`);
  }
  const values = node.additionalProperties;
  if (node.properties === undefined && typeof values === 'object') {
    const keyLength = node.propertyNames?.minLength;
    if (keyLength !== undefined && keyLength > 1) parts.push(`names of ${keyLength}+ characters`);
    const each = rangeOf(values);
    if (each !== undefined) parts.push(`each ${each}`);
  }
  return parts.join('; ');
}

/** "0 – 1", "≥ 0", "> 0", "≤ 40"; nothing for limits that only say "a safe integer". */
function rangeOf(node: JsonSchemaNode): string | undefined {
  const max =
    node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  const min = node.minimum;
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (node.exclusiveMinimum !== undefined) return `> ${node.exclusiveMinimum}`;
  if (max !== undefined) return `≤ ${max}`;
  return undefined;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A table cell: one line, pipes escaped (GitHub tables split on them even in code). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

// `npm run docs:scenarios` runs this file directly.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const changed = writeScenarioDocs();
  process.stdout.write(`${SCENARIO_DOCS_FILE} ${changed ? 'updated' : 'already up to date'}\n`);
}
