/**
 * The determinism audit: run one scenario and seed twice per strategy — twice on one runtime
 * (each Temporal run on a fresh embedded server), or once on each runtime — and compare what
 * the two runs concluded and recorded. Same scenario + same seed must give the same results,
 * on either runtime; the audit says "identical" or shows the first divergence (simulated time,
 * job, event).
 *
 * Compared: `results.json` without `wall` (see ARCHITECTURE.md, "What is compared, what is
 * excluded": wall-clock times, engine facts and the Temporal history-event count depend on the
 * machine and on real timing) and the canonical projection of the run — every history entry
 * and every ledger entry, in order, with all their fields (they carry only simulated times and
 * ids drawn from the scenario, never wall-clock values or Temporal run ids).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type HistoryEntry, jobOf, type LedgerEntry } from '../simulator/scenario/history.js';
import type { Strategy } from '../strategies/types.js';
import type { RuntimeName } from './execute.js';
import type { ServerName } from '../engine/types.js';
import { type RunOptions, runScenario } from './run.js';

export interface Divergence {
  /** What differs: a history entry, a ledger entry, or a value of results.json. */
  readonly where: 'history' | 'ledger' | 'results';
  /** Position in the history or ledger; for results, the JSON path of the first differing value. */
  readonly at: number | string;
  /** Simulated time of the first differing entry (history and ledger). */
  readonly timeMs?: number;
  /** The job concerned, when the entry names one. */
  readonly job?: string;
  /** The two versions: the first run's and the second's (undefined: the run had none). */
  readonly first: unknown;
  readonly second: unknown;
}

export interface StrategyAudit {
  readonly strategy: string;
  /** Null when the two runs are identical. */
  readonly divergence: Divergence | null;
  readonly historyEntries: number;
  readonly ledgerEntries: number;
}

export interface AuditOptions extends Pick<RunOptions, 'scenarioFile' | 'seed' | 'signal'> {
  readonly strategies: readonly Strategy[];
  /** The runtimes of the first and the second run (default: temporal twice). */
  readonly runtimes?: readonly [RuntimeName, RuntimeName];
  /** The server faultline starts for a run on the Temporal runtime (default `test`). */
  readonly server?: ServerName;
  /** Called when one strategy's pair of runs has been compared. */
  readonly onAudited?: (audit: StrategyAudit) => void;
}

interface Capture {
  /** What results.json concluded (one strategy's, or a whole run's less `wall`). */
  readonly results: unknown;
  readonly history: readonly HistoryEntry[];
  readonly ledger: readonly LedgerEntry[];
}

async function runOnce(options: AuditOptions, strategy: Strategy, runtime: RuntimeName): Promise<Capture> {
  const outDir = mkdtempSync(join(tmpdir(), 'faultline-audit-'));
  try {
    let captured: Pick<Capture, 'history' | 'ledger'> | undefined;
    const outcome = await runScenario({
      scenarioFile: options.scenarioFile,
      seed: options.seed,
      strategies: [strategy],
      runtime,
      server: options.server,
      outDir,
      signal: options.signal,
      events: {
        strategyExecuted: (_strategy, execution) =>
          void (captured = { history: execution.history, ledger: execution.ledger }),
      },
    });
    const results = outcome.results.strategies[0];
    if (!results || !captured) throw new Error(`audit: the run of ${strategy.name} produced no results`);
    return { results, ...captured };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The path of the first value that differs between two JSON-like values, or undefined. */
export function firstDifference(
  first: unknown,
  second: unknown,
  path = '',
): { path: string; first: unknown; second: unknown } | undefined {
  if (isDeepStrictEqual(first, second)) return undefined;
  if (
    typeof first === 'object' &&
    first !== null &&
    typeof second === 'object' &&
    second !== null &&
    Array.isArray(first) === Array.isArray(second)
  ) {
    const keys = [...new Set([...Object.keys(first), ...Object.keys(second)])];
    for (const key of keys) {
      const inner = firstDifference(
        (first as Record<string, unknown>)[key],
        (second as Record<string, unknown>)[key],
        Array.isArray(first) ? `${path}[${key}]` : `${path}.${key}`,
      );
      if (inner) return inner;
    }
  }
  return { path: path === '' ? '.' : path, first, second };
}

/** The first position at which two entry sequences differ, as a divergence. */
export function firstDivergentEntry<Entry extends HistoryEntry | LedgerEntry>(
  where: 'history' | 'ledger',
  first: readonly Entry[],
  second: readonly Entry[],
): Divergence | null {
  const length = Math.max(first.length, second.length);
  for (let index = 0; index < length; index++) {
    const a = first[index];
    const b = second[index];
    if (isDeepStrictEqual(a, b)) continue;
    const sample: HistoryEntry | LedgerEntry | undefined = a ?? b;
    // A history entry names its job in its value (if its kind has one), a ledger entry at its top level.
    const job =
      sample === undefined ? undefined : 'f' in sample ? jobOf(sample) : 'job' in sample ? sample.job : undefined;
    return {
      where,
      at: index,
      timeMs: Math.min(a?.timeMs ?? Number.POSITIVE_INFINITY, b?.timeMs ?? Number.POSITIVE_INFINITY),
      ...(job ? { job } : {}),
      first: a,
      second: b,
    };
  }
  return null;
}

/**
 * Compares two captures of one strategy: history first (it shows where a divergence began), then the ledger, then
 * results.
 */
export function compareCaptures(first: Capture, second: Capture): Divergence | null {
  const history = firstDivergentEntry('history', first.history, second.history);
  const ledger = firstDivergentEntry('ledger', first.ledger, second.ledger);
  // The earlier of the two in simulated time is where the runs parted.
  if (history && ledger) return (ledger.timeMs ?? 0) < (history.timeMs ?? 0) ? ledger : history;
  if (history ?? ledger) return history ?? ledger;
  const results = firstDifference(first.results, second.results);
  return results ? { where: 'results', at: results.path, first: results.first, second: results.second } : null;
}

/** The entries of a JSON-lines file (history.jsonl, ledger.jsonl). */
function readJsonLines<Entry>(path: string): Entry[] {
  const text = readFileSync(path, 'utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Entry);
}

/**
 * Compares two finished run folders of the same scenario and seed — every strategy's history,
 * ledger and results (results.json less `wall`) — and returns the first divergence, or null.
 */
export function compareRunFolders(first: string, second: string): Divergence | null {
  const read = (folder: string) => {
    const { wall: _wall, ...results } = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    return {
      results,
      history: readJsonLines<HistoryEntry>(join(folder, 'history.jsonl')),
      ledger: readJsonLines<LedgerEntry>(join(folder, 'ledger.jsonl')),
    };
  };
  return compareCaptures(read(first), read(second));
}

/** A divergence in one line, for messages. */
export function describeDivergence(divergence: Divergence): string {
  const where =
    divergence.where === 'results'
      ? `results.json at ${String(divergence.at)}`
      : `${divergence.where} entry ${String(divergence.at)} at simulated ${divergence.timeMs ?? 0} ms${divergence.job ? ` (job ${divergence.job})` : ''}`;
  return `${where}: ${JSON.stringify(divergence.first)} against ${JSON.stringify(divergence.second)}`;
}

export async function audit(options: AuditOptions): Promise<StrategyAudit[]> {
  const audits: StrategyAudit[] = [];
  for (const strategy of options.strategies) {
    const [firstRuntime, secondRuntime] = options.runtimes ?? ['temporal', 'temporal'];
    const first = await runOnce(options, strategy, firstRuntime);
    const second = await runOnce(options, strategy, secondRuntime);
    const result: StrategyAudit = {
      strategy: strategy.name,
      divergence: compareCaptures(first, second),
      historyEntries: first.history.length,
      ledgerEntries: first.ledger.length,
    };
    options.onAudited?.(result);
    audits.push(result);
  }
  return audits;
}
