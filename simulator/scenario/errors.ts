/**
 * Scenario problems: each names the file, the path to the field, the line and column where the
 * format has one, what was expected and what was found. The CLI prints them and exits 2.
 */
import { countOf } from '../base/words.js';

export type FieldPath = readonly (string | number)[];

export interface ScenarioProblem {
  /** Path to the offending field, e.g. `['topology', 'nodes', 1, 'zone']`; empty for the whole file. */
  readonly path: FieldPath;
  readonly expected: string;
  /** The value found, rendered short; undefined when nothing was there. */
  readonly found?: string;
  readonly line?: number;
  readonly column?: number;
}

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    super(formatScenarioProblems(file, problems));
    this.name = 'ScenarioError';
  }
}

/** `topology.nodes[1].zone`; `(file)` for the root. */
export function formatPath(path: FieldPath): string {
  if (path.length === 0) return '(file)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** Marks a number JSON cannot hold (infinity, NaN) so that it is shown as such, not as `null`. */
const NON_FINITE = '\u0000';

/** Renders a found value compactly: strings quoted, objects as short JSON, infinity and NaN by name. */
export function renderFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  const json = JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'number' && !Number.isFinite(inner) ? `${NON_FINITE}${inner}${NON_FINITE}` : inner,
  )?.replace(/"\\u0000(.*?)\\u0000"/g, '$1');
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** One problem (or warning) on one line: `file:line:col  field: expected, found …`. */
export function formatProblem(file: string, problem: ScenarioProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  const found = problem.found === undefined ? '' : `, found ${problem.found}`;
  return `${where}  ${formatPath(problem.path)}: ${problem.expected}${found}`;
}

export function formatScenarioProblems(file: string, problems: readonly ScenarioProblem[]): string {
  const header = `${file}: ${countOf(problems.length, 'problem')}`;
  return [header, ...problems.map((problem) => `  ${formatProblem(file, problem)}`)].join('\n');
}
