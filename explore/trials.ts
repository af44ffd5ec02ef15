/** Runs of one scenario file with one strategy, as a property sees them. */
import { join } from 'node:path';
import { writeRunReport } from '../reports/write.js';
import type { ServerName } from '../engine/types.js';
import type { RuntimeName } from '../runner/execute.js';
import { runScenario } from '../runner/run.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import type { Strategy } from '../strategies/types.js';
import type { Trial } from './properties.js';

/**
 * Runs a scenario file `count` times with one strategy on `runtime` (on Temporal each run on its own server), and
 * returns what the property sees.
 */
export async function runTrials(
  scenarioFile: string,
  strategy: Strategy,
  count: number,
  outRoot: string,
  runtime: RuntimeName,
  signal?: AbortSignal,
  server?: ServerName,
): Promise<[Trial, ...Trial[]]> {
  const trials: Trial[] = [];
  for (let index = 0; index < Math.max(1, count); index++) {
    let recorded: { history: readonly HistoryEntry[]; ledger: readonly LedgerEntry[] } = { history: [], ledger: [] };
    const outcome = await runScenario({
      scenarioFile,
      strategies: [strategy],
      runtime,
      server,
      outDir: join(outRoot, count > 1 ? `run-${index + 1}` : 'run'),
      // The exploration's own folder: a replay into it again replaces the last one, as its counterexample files are.
      force: true,
      signal,
      report: writeRunReport,
      events: {
        strategyExecuted: (_strategy, execution) =>
          void (recorded = { history: execution.history, ledger: execution.ledger }),
      },
    });
    const results = outcome.results.strategies[0];
    if (!results) throw new Error(`runScenario returned no results for ${strategy.name}`);
    trials.push({ config: outcome.config, results, ...recorded });
  }
  return trials as [Trial, ...Trial[]];
}
