/**
 * Reads one scenario file, YAML or JSON by its extension, into plain data, and keeps the
 * parsed document so a problem found later can point at a line. Syntax errors come back
 * as problems with their line and column, never as a thrown parser error.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { isMapping } from './scenario-merge.ts';
import { describeValue, type ScenarioProblem } from './scenario-problem.ts';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ScenarioSource {
  readonly absolutePath: string;
  /** The file as messages name it. */
  readonly file: string;
  readonly data: Record<string, unknown>;
  /** Where the value at `segments` (or the nearest field around it that the file has) is written. */
  locate(segments: readonly PropertyKey[]): Position | undefined;
}

export type SourceRead =
  | { readonly kind: 'read'; readonly source: ScenarioSource }
  /** The file cannot be read at all: the file that named it reports the problem. */
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** The file was read but is not a scenario mapping: its own problems. */
  | { readonly kind: 'invalid'; readonly problems: readonly ScenarioProblem[] };

export function hasScenarioExtension(path: string): boolean {
  return (SCENARIO_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

export function readScenarioSource(absolutePath: string, file: string): SourceRead {
  let text: string;
  try {
    // Editors on Windows may save a byte-order mark, which neither parser wants.
    text = readFileSync(absolutePath, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    return { kind: 'unreadable', reason: readProblem(error) };
  }
  const json = extname(absolutePath).toLowerCase() === '.json';
  if (json) {
    const problem = jsonSyntaxProblem(text, file);
    if (problem !== undefined) return { kind: 'invalid', problems: [problem] };
  }

  // JSON is YAML too; parsing it again as YAML gives positions and flags duplicate keys,
  // which JSON.parse would silently resolve in favour of the last one.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const kind = json ? 'JSON' : 'YAML';
      return { file, path: '', line, column: col, message: `not valid ${kind}: ${error.message}` };
    });
    return { kind: 'invalid', problems };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Only an alias bomb (a few lines that expand to millions of nodes) gets here.
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'invalid', problems: [{ file, path: '', message: `not usable: ${reason}` }] };
  }
  // An empty file is a scenario that sets nothing.
  if (data === null || data === undefined) data = {};
  if (!isMapping(data)) {
    const at = doc.contents?.range?.[0];
    const position = at === undefined ? {} : positionOf(lineCounter, at);
    const message = `expected a mapping of scenario fields (got ${describeValue(data)})`;
    return { kind: 'invalid', problems: [{ file, path: '', ...position, message }] };
  }

  const locate = (segments: readonly PropertyKey[]): Position | undefined => {
    const at = offsetOf(doc.contents, segments);
    return at === undefined ? undefined : positionOf(lineCounter, at);
  };
  return { kind: 'read', source: { absolutePath, file, data, locate } };
}

function jsonSyntaxProblem(text: string, file: string): ScenarioProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    // Node 20's messages give an offset at best; the YAML parser usually finds the spot.
    const offset = /at position (\d+)/.exec(reason)?.[1];
    let position: Partial<Position> = {};
    if (offset !== undefined) {
      const lineCounter = new LineCounter();
      parseDocument(text, { lineCounter });
      position = positionOf(lineCounter, Number(offset));
    } else {
      const lineCounter = new LineCounter();
      const first = parseDocument(text, { lineCounter }).errors[0];
      if (first !== undefined) position = positionOf(lineCounter, first.pos[0]);
    }
    return { file, path: '', ...position, message: `not valid JSON: ${reason}` };
  }
}

function positionOf(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Offset of the key (in a mapping) or item (in a list) at the deepest segment the document has. */
function offsetOf(root: unknown, segments: readonly PropertyKey[]): number | undefined {
  let node = root;
  let offset = (root as Node | null)?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EISDIR') return 'a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}
