/**
 * Reads a scenario file (YAML or JSON), validates it against the schema, checks cross-field
 * references, and turns every failure into a ScenarioProblem with a line number. YAML parsing
 * keeps source positions (the `yaml` package's CST), and JSON files are parsed by the same
 * parser after a strict JSON.parse, so both formats get lines.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import type { z } from 'zod';
import { formatDurationMs, parseDurationMs } from '../base/time.js';
import { arrivalProcessOf } from './arrivals/index.js';
import type { ArrivalProcessModule } from './arrivals/process.js';
import { type FieldPath, ScenarioError, type ScenarioProblem, renderFound } from './errors.js';
import { checkArrivalFile, checkReferences, checkWarnings } from './references.js';
import { isPlainObjectAt, knownKeysAt, schemasAt } from './schema-walk.js';
import { type Scenario, scenarioSchema } from './schema.js';

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** Arrival offsets read from `workload.arrival.file`, when the scenario names one. */
  readonly arrivalTimesMs?: readonly number[];
  /** What is allowed but most likely a slip (a zone that holds nothing), located like problems. */
  readonly warnings: readonly ScenarioProblem[];
}

/** One parsed source file with its positions. */
interface Source {
  readonly file: string;
  readonly text: string;
  readonly document: Document;
  readonly lineCounter: LineCounter;
  readonly data: Record<string, unknown>;
}

/** Reads and validates a scenario file. Throws ScenarioError (never anything else for bad input). */
export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  return loadScenarioFileSync(file);
}

/** As {@link loadScenarioFile}, synchronously (the reading is synchronous anyway). */
export function loadScenarioFileSync(file: string): LoadedScenario {
  return loadScenarioText(file, readText(file));
}

/** Validates scenario text; `file` names it in errors, picks JSON or YAML, and anchors `extends`. */
export function parseScenarioText(file: string, text: string): Scenario {
  return loadScenarioText(file, text).scenario;
}

/** As {@link parseScenarioText}, with the arrival times of an arrival file and the warnings. */
export function loadScenarioText(file: string, text: string): LoadedScenario {
  const sources = withBases(parseSource(file, text));
  const data = mergeSources(sources);
  const scenario = validateScenario(file, data, sources);
  const warnings = locate(
    checkWarnings(scenario).map((warning) => withWrittenValue(warning, data)),
    sources,
  );
  const arrivalTimesMs = readArrivalTimes(file, scenario, data, sources);
  if (arrivalTimesMs === undefined) return { file, scenario, warnings };
  return { file, scenario, arrivalTimesMs, warnings };
}

/** A file's source followed by the bases it `extends`, each base's own base after it, to the root base. */
function withBases(first: Source): Source[] {
  const sources = [first];
  for (let current = first; typeof current.data['extends'] === 'string';) {
    current = readBaseOf(current, sources);
    sources.push(current);
  }
  return sources;
}

/** The base `child` extends; a cycle back to one of `sources`, or a base that cannot be read, is reported there. */
function readBaseOf(child: Source, sources: readonly Source[]): Source {
  const basePath = resolve(dirname(child.file), child.data['extends'] as string);
  if (sources.some((source) => resolve(source.file) === basePath))
    throw extendsError(child, 'a base that does not extend this file again', `a cycle through ${basePath}`);
  let baseText: string;
  try {
    baseText = readText(basePath);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw extendsError(
      child,
      'a readable base scenario file',
      `${basePath}: ${error.problems[0]?.found ?? 'unreadable'}`,
    );
  }
  return parseBase(child, basePath, baseText);
}

/** A problem with the base `child` names in `extends`, located there. */
function extendsError(child: Source, expected: string, found: string): ScenarioError {
  return new ScenarioError(child.file, locate([{ path: ['extends'], expected, found }], [child]));
}

/** The scenario's fields, merged from the root base down to the file (`sources` as {@link withBases} lists them). */
function mergeSources(sources: readonly Source[]): Record<string, unknown> {
  let data = sources[0]?.data ?? {};
  for (const source of sources.slice(1)) data = mergeOver(source.data, data, []);
  delete data['extends'];
  return data;
}

/** The merged fields checked against the schema, then for references between fields. */
function validateScenario(file: string, data: Record<string, unknown>, sources: readonly Source[]): Scenario {
  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => issueToProblems(issue, data));
    throw new ScenarioError(file, locate(dedupe(problems), sources));
  }
  const referenceProblems = checkReferences(parsed.data).map((problem) => withWrittenValue(problem, data));
  if (referenceProblems.length > 0) throw new ScenarioError(file, locate(referenceProblems, sources));
  return parsed.data;
}

/**
 * The offsets in the arrival file the scenario names (undefined: it names none), checked against the workload's job
 * count, the fault phase and the scenario's other fields.
 */
function readArrivalTimes(
  file: string,
  scenario: Scenario,
  data: Record<string, unknown>,
  sources: readonly Source[],
): readonly number[] | undefined {
  const { workload } = scenario;
  const arrivalProcess = arrivalProcessOf(workload.arrival);
  const arrivalFile = arrivalProcess.file?.(workload.arrival);
  if (arrivalFile === undefined) return undefined;
  const arrivalPath = resolve(dirname(arrivalNamedIn(sources, file)), arrivalFile);
  const field = arrivalFileField(arrivalProcess);
  const read = readArrivalFile(arrivalPath, field);
  if ('problems' in read) throw new ScenarioError(file, locate(read.problems, sources));
  const arrivalTimesMs = read.arrivals.map((entry) => entry.offsetMs);
  const arrivalProblem =
    arrivalCountProblem(workload.jobs, arrivalFile, arrivalTimesMs.length) ??
    lateArrivalProblem(scenario, read.arrivals, field, arrivalPath);
  if (arrivalProblem !== undefined) throw new ScenarioError(file, locate([arrivalProblem], sources));
  const startProblems = checkArrivalFile(
    scenario,
    workload.start + arrivalTimesMs.reduce((latest, offsetMs) => Math.max(latest, offsetMs), 0),
  ).map((problem) => withWrittenValue(problem, data));
  if (startProblems.length > 0) throw new ScenarioError(file, locate(startProblems, sources));
  return arrivalTimesMs;
}

/**
 * The file that names the workload's arrival process: the nearest of `sources` (the scenario, then its bases) that
 * writes `workload.arrival` (an arrival process is replaced whole, never merged), so a base's arrival file is read
 * from beside the base.
 */
function arrivalNamedIn(sources: readonly Source[], file: string): string {
  const naming = sources.find((source) => {
    const workload = source.data['workload'];
    return typeof workload === 'object' && workload !== null && 'arrival' in workload;
  });
  return naming?.file ?? file;
}

/** When the workload gives a job count, it must be the number of arrivals in the arrival file. */
function arrivalCountProblem(
  jobs: number | undefined,
  arrivalFile: string,
  arrivals: number,
): ScenarioProblem | undefined {
  if (jobs === undefined || jobs === arrivals) return undefined;
  return {
    path: ['workload', 'jobs'],
    expected: `the number of arrivals in ${arrivalFile} (${arrivals}), or no jobs field`,
    found: String(jobs),
  };
}

/** The first arrival at or after the end of the fault phase (the workload's start plus its offset), as a problem. */
function lateArrivalProblem(
  { workload, duration }: Scenario,
  arrivals: readonly { offsetMs: number; line: number }[],
  field: FieldPath,
  arrivalPath: string,
): ScenarioProblem | undefined {
  const late = arrivals.find((entry) => workload.start + entry.offsetMs >= duration);
  if (late === undefined) return undefined;
  return {
    path: field,
    expected: `arrivals inside the fault phase (before ${formatDurationMs(duration)})`,
    found: `an arrival at ${formatDurationMs(workload.start + late.offsetMs)} at ${arrivalPath}:${late.line}`,
  };
}

/**
 * A base named in `extends`. A file that is no scenario is reported at the `extends` field by
 * its kind ("not YAML or JSON", "a YAML list, not a mapping"), never by quoting what it holds.
 */
function parseBase(child: Source, basePath: string, baseText: string): Source {
  try {
    return parseSource(basePath, baseText);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const [problem] = error.problems;
    const isSyntax = problem?.expected.startsWith('valid ') ?? false;
    const at =
      problem?.line === undefined ? '' : ` (a syntax error at line ${problem.line}, column ${problem.column ?? 1})`;
    const kind = isSyntax
      ? `${extname(basePath).toLowerCase() === '.json' ? 'not JSON' : 'not YAML or JSON'}${at}`
      : (problem?.found ?? 'not a scenario');
    throw new ScenarioError(
      child.file,
      locate(
        [
          {
            path: ['extends'],
            expected: 'a base scenario file: a YAML or JSON mapping of scenario fields',
            found: `${basePath}: ${kind}`,
          },
        ],
        [child],
      ),
    );
  }
}

/**
 * Base fields overridden by the child's. A section the schema defines as a record of fields
 * (topology, workload, topology.broker…) merges field by field; anything else — values, lists,
 * and one-of shapes such as an arrival process or a distribution — is replaced whole.
 */
function mergeOver(
  base: Record<string, unknown>,
  child: Record<string, unknown>,
  path: FieldPath,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(child)) {
    const under = merged[key];
    const isMapping = (candidate: unknown): candidate is Record<string, unknown> =>
      candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate);
    const fieldPath = [...path, key];
    merged[key] =
      isMapping(under) && isMapping(value) && isPlainObjectAt(fieldPath) ? mergeOver(under, value, fieldPath) : value;
  }
  return merged;
}

/**
 * Where a scenario names its arrival file (`workload.arrival.file`): problems of that file are reported there, naming
 * the file and its line.
 */
function arrivalFileField(arrivalProcess: ArrivalProcessModule): FieldPath {
  return ['workload', 'arrival', arrivalProcess.name];
}

/**
 * One arrival offset per line (a duration or milliseconds); blank lines and `#` comments are
 * skipped. Its problems point at `field` (`workload.arrival.file`) and say where in the arrival file.
 */
function readArrivalFile(
  path: string,
  field: FieldPath,
): { arrivals: { offsetMs: number; line: number }[] } | { problems: ScenarioProblem[] } {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return {
      problems: [
        {
          path: field,
          expected: 'a readable file of arrival times',
          found: `${path}: ${error.problems[0]?.found ?? 'unreadable'}`,
        },
      ],
    };
  }
  const arrivals: { offsetMs: number; line: number }[] = [];
  const problems: ScenarioProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const valueMs = /^\d+$/.test(line) ? Number(line) : parseDurationMs(line);
    if (valueMs === undefined)
      problems.push({
        path: field,
        expected: 'an arrival offset per line (30s, 1h5m, or milliseconds)',
        found: `${renderFound(line)} at ${path}:${index + 1}:1`,
      });
    else arrivals.push({ offsetMs: valueMs, line: index + 1 });
  });
  if (problems.length > 0) return { problems };
  if (arrivals.length === 0)
    return {
      problems: [
        {
          path: field,
          expected: 'a file with at least one arrival time',
          found: `${path}: no arrival times (only blank lines and comments)`,
        },
      ],
    };
  return { arrivals };
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory'
          : `an unreadable file (${code ?? String(error)})`;
    throw new ScenarioError(file, [{ path: [], expected: 'a readable file', found }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new ScenarioError(file, [
      { path: [], expected: 'UTF-8 text', found: `bytes that are not UTF-8 at byte offset ${offset}` },
    ]);
  }
}

/** The deepest nesting of mappings and lists a scenario file may have (a scenario needs about 6). */
export const MAX_NESTING_DEPTH = 64;
/** How many times a YAML file's aliases may expand (the `yaml` package's default, against alias bombs). */
export const MAX_ALIAS_EXPANSIONS = 100;

function parseSource(file: string, text: string): Source {
  const isJson = extname(file).toLowerCase() === '.json';
  const format = isJson ? 'JSON' : 'YAML';
  const lineCounter = new LineCounter();
  if (isJson) assertStrictJson(file, text, lineCounter);
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const tooDeep = (offset: number | undefined) => {
    const position = offset === undefined ? undefined : lineCounter.linePos(offset);
    return new ScenarioError(file, [
      {
        path: [],
        expected: `${format} nested at most ${MAX_NESTING_DEPTH} levels deep`,
        found: `nesting more than ${MAX_NESTING_DEPTH} levels deep`,
        line: position?.line,
        column: position?.col,
      },
    ]);
  };
  // The parser reads nesting recursively: far too deep, it runs out of stack and says so.
  const overflow = document.errors.find((error) => error.message.startsWith('Maximum call stack size exceeded'));
  if (overflow) throw tooDeep(overflow.pos[0]);
  if (document.errors.length > 0) {
    throw new ScenarioError(
      file,
      document.errors.map((error) => ({
        path: [],
        expected: `valid ${format} syntax`,
        found: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
        line: error.linePos?.[0].line,
        column: error.linePos?.[0].col,
      })),
    );
  }
  const deepest = firstNodeDeeperThan(document, MAX_NESTING_DEPTH);
  if (deepest) throw tooDeep(deepest.range?.[0]);
  const data = documentData(file, document, lineCounter);
  if (data === null || data === undefined)
    throw new ScenarioError(file, [
      { path: [], expected: 'a mapping of scenario fields at the top level', found: 'an empty file' },
    ]);
  if (typeof data !== 'object' || Array.isArray(data)) {
    // Say what kind of value the file holds, not what it holds: it may be any file (a secret).
    const kind = Array.isArray(data) ? 'list' : typeof data === 'bigint' ? 'number' : typeof data;
    throw new ScenarioError(file, [
      {
        path: [],
        expected: 'a mapping of scenario fields at the top level',
        found: `a ${format} ${kind}, not a mapping`,
      },
    ]);
  }
  return { file, text, document, lineCounter, data: data as Record<string, unknown> };
}

/** The document's value; an alias bomb or an alias without its anchor is a ScenarioError. */
function documentData(file: string, document: Document, lineCounter: LineCounter): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    if (/alias count/i.test(error.message)) {
      throw new ScenarioError(file, [
        {
          path: [],
          expected: `YAML whose aliases expand at most ${MAX_ALIAS_EXPANSIONS} times (a guard against alias bombs)`,
          found: `aliases that expand more than ${MAX_ALIAS_EXPANSIONS} times`,
        },
      ]);
    }
    const name = /: (\S+)$/.exec(error.message)?.[1];
    const alias = firstNodeWhere(document, (node) => isAlias(node) && node.source === name);
    const position = alias?.range ? lineCounter.linePos(alias.range[0]) : undefined;
    throw new ScenarioError(file, [
      {
        path: [],
        expected: 'valid YAML: an alias (*name) after its anchor (&name)',
        found: `*${name ?? '?'}, with no anchor before it`,
        line: position?.line,
        column: position?.col,
      },
    ]);
  }
}

/** The first node (in document order) nested deeper than `limit` mappings and lists, walked without recursion. */
function firstNodeDeeperThan(document: Document, limit: number): Node | undefined {
  const depths = new Map<Node, number>();
  return firstNodeWhere(document, (node, parent) => {
    const depth = (parent === undefined ? 0 : (depths.get(parent) ?? 0)) + (isMap(node) || isSeq(node) ? 1 : 0);
    depths.set(node, depth);
    return depth > limit;
  });
}

/** The first node, in document order, for which `test` holds; walked with a stack, so any depth is safe. */
function firstNodeWhere(document: Document, test: (node: Node, parent: Node | undefined) => boolean): Node | undefined {
  const stack: { node: Node; parent: Node | undefined }[] = document.contents
    ? [{ node: document.contents as Node, parent: undefined }]
    : [];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: Node; parent: Node | undefined };
    if (test(node, parent)) return node;
    const children: Node[] = [];
    if (isMap(node))
      for (const pair of node.items)
        children.push(...[pair.key, pair.value].filter((child): child is Node => isNode(child)));
    else if (isSeq(node)) children.push(...node.items.filter((child): child is Node => isNode(child)));
    for (const child of children.reverse()) stack.push({ node: child, parent: node });
  }
  return undefined;
}

function assertStrictJson(file: string, text: string, lineCounter: LineCounter): void {
  const deepAt = firstOffsetDeeperThan(text, MAX_NESTING_DEPTH);
  if (deepAt !== undefined) {
    const { line, column } = lineAndColumn(text, deepAt);
    throw new ScenarioError(file, [
      {
        path: [],
        expected: `JSON nested at most ${MAX_NESTING_DEPTH} levels deep`,
        found: `nesting more than ${MAX_NESTING_DEPTH} levels deep`,
        line,
        column,
      },
    ]);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    // The LineCounter is filled by parseDocument; count lines by hand here.
    const { line, column } = Number.isFinite(position)
      ? lineAndColumn(text, position)
      : { line: undefined, column: undefined };
    void lineCounter;
    throw new ScenarioError(file, [
      { path: [], expected: 'valid JSON syntax', found: message.split('\n')[0] ?? message, line, column },
    ]);
  }
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** Offset of the first `[` or `{` that opens a level deeper than `limit`, outside strings; undefined when none does. */
function firstOffsetDeeperThan(json: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let offset = 0; offset < json.length; offset++) {
    const char = json[offset];
    if (inString) {
      if (char === '\\') offset++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      if (++depth > limit) return offset;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return undefined;
}

type Issue = z.core.$ZodIssue;

function issueToProblems(issue: Issue, data: unknown, prefix: FieldPath = []): ScenarioProblem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(scenarioSchema, path, data);
        return {
          path: [...path, key],
          expected: known.length > 0 ? `one of the fields ${known.join(', ')}` : 'no field here',
          found: `unknown field ${renderFound(key)}`,
        };
      });
    case 'invalid_union': {
      if (issue.input === undefined) return [missingField(path)];
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator !== undefined && issue.errors.length === 0) {
        const input = issue.input as Record<string, unknown> | null;
        const value = input !== null && typeof input === 'object' ? input[discriminator] : undefined;
        const at = path[path.length - 1] === discriminator ? path : [...path, discriminator];
        return [
          value === undefined
            ? missingField(at)
            : { path: at, expected: stripExpected(issue.message), found: renderFound(value) },
        ];
      }
      const branch = closestBranch(issue.errors);
      if (branch !== undefined) return branch.flatMap((inner) => issueToProblems(inner, data, path));
      return [{ path, expected: unionExpectation(issue, path), found: renderFound(issue.input) }];
    }
    case 'invalid_key':
      return [
        {
          path,
          expected: stripExpected(issue.issues[0]?.message ?? issue.message),
          found: `unknown key ${renderFound(path[path.length - 1])}`,
        },
      ];
    case 'invalid_type':
      if (issue.input === undefined) return [missingField(path)];
      return [{ path, expected: stripExpected(issue.message), found: renderFound(issue.input) }];
    default:
      return [{ path, expected: stripExpected(issue.message), found: renderFound(issue.input) }];
  }
}

/** What a union expected, in words: its own error message, else its description. */
function unionExpectation(issue: Issue, path: FieldPath): string {
  if (issue.message !== 'Invalid input') return stripExpected(issue.message);
  const [description] = schemasAt(scenarioSchema, path)
    .map((schema) => schema.description)
    .filter(Boolean);
  return description ? `one of the forms: ${description}` : 'a value of another form';
}

function missingField(path: FieldPath): ScenarioProblem {
  const [description] = schemasAt(scenarioSchema, path)
    .map((schema) => schema.description)
    .filter(Boolean);
  return {
    path,
    expected: `this required field${description ? ` (${description})` : ''}`,
    found: 'nothing (the field is missing)',
  };
}

/**
 * Of the branches of a failed union, the one the author most likely meant: a branch whose only
 * complaints are refinements (the shape matched, a value is off: `{ uniform: [5ms, 1ms] }`);
 * else the one branch whose issues reach deepest into the value. None when branches tie or all
 * failed at the value itself — then the union's own message is clearer.
 */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const refinedOnly = branches.filter(
    (branch) => branch.length > 0 && branch.every((issue) => issue.code === 'custom'),
  );
  if (refinedOnly.length === 1) return refinedOnly[0];
  let best: readonly Issue[] | undefined;
  let bestDepth = 0;
  let tied = false;
  for (const branch of branches) {
    const depth = Math.min(...branch.map((issue) => (issue.code === 'unrecognized_keys' ? 0.5 : issue.path.length)));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
      tied = false;
    } else if (depth === bestDepth && depth > 0) {
      tied = true;
    }
  }
  return tied ? undefined : best;
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

/**
 * Adds line and column to each problem: from the scenario file where it states the field, else
 * from the base that does (then the base file is named too).
 */
function locate(problems: readonly ScenarioProblem[], sources: readonly Source[]): ScenarioProblem[] {
  return problems.map((problem) => {
    const atKey = problem.found?.startsWith('unknown field') ?? false;
    const source = sources.find((candidate) => hasPath(candidate.data, problem.path)) ?? sources[0];
    if (!source) return problem;
    const offset = offsetOf(source.document, problem.path, atKey);
    if (offset === undefined) return problem;
    const position = source.lineCounter.linePos(offset);
    const written = writtenNumber(source, problem.path);
    const found = written ?? problem.found;
    const located = { ...problem, found, line: position.line, column: position.col };
    return source === sources[0]
      ? located
      : {
          ...problem,
          found,
          expected: `${problem.expected} (stated in the base ${source.file}:${position.line}:${position.col})`,
        };
  });
}

/**
 * A number as the file writes it, when the value read differs from what is written: `.inf` and
 * `.nan`, `1e309` (read as infinity: too large), `1e-400` (read as 0: too small). Undefined for
 * anything else (then the value read says it well).
 */
function writtenNumber(source: Source, path: FieldPath): string | undefined {
  const node = nodeAt(source.document, path);
  if (!isScalar(node) || typeof node.value !== 'number' || !node.range) return undefined;
  const written = source.text.slice(node.range[0], node.range[1]).trim();
  if (Number.isNaN(node.value) || /^[-+]?\.inf$/i.test(written)) return written;
  if (!Number.isFinite(node.value)) return `${written} (too large)`;
  if (node.value === 0 && /[1-9]/.test(written.replace(/e.*$/i, ''))) return `${written} (too small: read as 0)`;
  return undefined;
}

/** The node at exactly `path`, or undefined when the file does not state it. */
function nodeAt(document: Document, path: FieldPath): Node | undefined {
  let node: Node | null | undefined = document.contents as Node | null;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      node = pair?.value as Node | null | undefined;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part] as Node | undefined;
    } else {
      return undefined;
    }
  }
  return node ?? undefined;
}

/**
 * Cross-field checks see parsed values (milliseconds); show the user what they wrote instead,
 * when the problem points at a single written value.
 */
function withWrittenValue(problem: ScenarioProblem, data: unknown): ScenarioProblem {
  if (problem.found === undefined || !hasPath(data, problem.path)) return problem;
  let value: unknown = data;
  for (const part of problem.path) value = (value as Record<string | number, unknown>)[part];
  if (value === null || typeof value === 'object') return problem;
  return { ...problem, found: renderFound(value) };
}

function hasPath(data: unknown, path: FieldPath): boolean {
  let node: unknown = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return false;
    if (!(part in (node as Record<string | number, unknown>))) return false;
    node = (node as Record<string | number, unknown>)[part];
  }
  return true;
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
