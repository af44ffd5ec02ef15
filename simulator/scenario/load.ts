/**
 * Reads a scenario file (YAML or JSON), validates it against the schema, checks cross-field
 * references, and turns every failure into a ScenarioProblem with a line number. YAML parsing
 * keeps source positions (the `yaml` package's CST), and JSON files are parsed by the same
 * parser after a strict JSON.parse, so both formats get lines.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { type FieldPath, ScenarioError, type ScenarioProblem, renderFound } from './errors.js';
import { checkReferences } from './references.js';
import { knownKeysAt, schemasAt } from './schema-walk.js';
import { type Scenario, scenarioSchema } from './schema.js';

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
}

/** Reads and validates a scenario file. Throws ScenarioError (never anything else for bad input). */
export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : `an unreadable file (${code ?? String(error)})`;
    throw new ScenarioError(file, [{ path: [], expected: 'a readable scenario file (.yaml, .yml or .json)', found }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new ScenarioError(file, [{ path: [], expected: 'UTF-8 text', found: `bytes that are not UTF-8 at byte offset ${offset}` }]);
  }
  return { file, scenario: parseScenarioText(file, text) };
}

/** Validates scenario text; `file` names it in errors and picks JSON or YAML by extension. */
export function parseScenarioText(file: string, text: string): Scenario {
  const isJson = extname(file).toLowerCase() === '.json';
  const lineCounter = new LineCounter();
  if (isJson) assertStrictJson(file, text, lineCounter);
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ScenarioError(
      file,
      document.errors.map((error) => ({
        path: [],
        expected: `valid ${isJson ? 'JSON' : 'YAML'} syntax`,
        found: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
        line: error.linePos?.[0].line,
        column: error.linePos?.[0].col,
      })),
    );
  }
  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ScenarioError(file, [{ path: [], expected: 'a mapping of scenario fields at the top level', found: renderFound(data) }]);
  }
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => issueToProblems(issue));
    throw new ScenarioError(file, locate(dedupe(problems), document, lineCounter));
  }
  const referenceProblems = checkReferences(parsed.data);
  if (referenceProblems.length > 0) {
    throw new ScenarioError(file, locate(referenceProblems, document, lineCounter));
  }
  return parsed.data;
}

function assertStrictJson(file: string, text: string, lineCounter: LineCounter): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    let line: number | undefined;
    let column: number | undefined;
    if (Number.isFinite(position)) {
      // The LineCounter is filled by parseDocument; count lines by hand here.
      const before = text.slice(0, position);
      line = before.split('\n').length;
      column = position - before.lastIndexOf('\n');
    }
    void lineCounter;
    throw new ScenarioError(file, [{ path: [], expected: 'valid JSON syntax', found: message.split('\n')[0] ?? message, line, column }]);
  }
}

type Issue = z.core.$ZodIssue;

function issueToProblems(issue: Issue, prefix: FieldPath = []): ScenarioProblem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(scenarioSchema, path);
        return {
          path: [...path, key],
          expected: known.length > 0 ? `one of the fields ${known.join(', ')}` : 'no field here',
          found: `unknown field ${renderFound(key)}`,
        };
      });
    case 'invalid_union': {
      if (issue.input === undefined) return [missingField(path)];
      const branch = closestBranch(issue.errors);
      if (branch !== undefined) return branch.flatMap((inner) => issueToProblems(inner, path));
      return [{ path, expected: stripExpected(issue.message), found: renderFound(issue.input) }];
    }
    case 'invalid_type':
      if (issue.input === undefined) return [missingField(path)];
      return [{ path, expected: stripExpected(issue.message), found: renderFound(issue.input) }];
    default:
      return [{ path, expected: stripExpected(issue.message), found: renderFound(issue.input) }];
  }
}

function missingField(path: FieldPath): ScenarioProblem {
  const [description] = schemasAt(scenarioSchema, path).map((schema) => schema.description).filter(Boolean);
  return { path, expected: `this required field${description ? ` (${description})` : ''}`, found: 'nothing (the field is missing)' };
}

/**
 * Of the branches of a failed union, the one the author most likely meant: the branch whose
 * issues reach deepest into the value (it matched the shape furthest) — or none when every
 * branch failed at the value itself (then the union's own message is clearer).
 */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestDepth = 0;
  for (const branch of branches) {
    const depth = Math.min(...branch.map((issue) => (issue.code === 'unrecognized_keys' ? 0.5 : issue.path.length)));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

function stripExpected(message: string): string {
  const cleaned = message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  return cleaned.replace(/, received \w+$/, '');
}

function dedupe(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('.')}|${problem.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Adds line and column to each problem from the YAML document's source positions. */
function locate(problems: readonly ScenarioProblem[], document: Document, lineCounter: LineCounter): ScenarioProblem[] {
  return problems.map((problem) => {
    const offset = offsetOf(document, problem.path, problem.found?.startsWith('unknown field') ?? false);
    if (offset === undefined) return problem;
    const position = lineCounter.linePos(offset);
    return { ...problem, line: position.line, column: position.col };
  });
}

/**
 * Source offset of the value at `path` (of its key when `atKey`, for unknown fields), or of the
 * nearest existing ancestor when the field is missing.
 */
function offsetOf(document: Document, path: FieldPath, atKey: boolean): number | undefined {
  let node: Node | null | undefined = document.contents as Node | null;
  let offset = node?.range?.[0];
  for (const [index, part] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (!pair) break;
      const key = pair.key as Node;
      offset = key.range?.[0] ?? offset;
      if (atKey && index === path.length - 1) break;
      node = pair.value as Node | null;
      if (node?.range) offset = node.range[0];
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** Byte offset of the first byte that makes the file invalid UTF-8 (prefix validity is monotone). */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  const validPrefix = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (validPrefix(middle)) low = middle;
    else high = middle - 1;
  }
  // `low` bytes decode as a stream, but may end inside the bad sequence: back up to its start.
  const completePrefix = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
      return true;
    } catch {
      return false;
    }
  };
  while (low > 0 && !completePrefix(low)) low--;
  return low;
}
