/**
 * Each strategy records exactly the control-plane reactions it declares (`Strategy.reactions`):
 * over every library scenario on the direct runtime, the history reactions the recovery checker
 * finds under a strategy are its declared ones — none missing (a declaration no run exercises)
 * and none extra (a record the strategy emits without saying so). The ledger's re-executions are
 * the world's and are not declared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECOVERY_REACTIONS } from '../../checkers/recovery.js';
import { libraryScenarioFiles } from '../../runner/library.js';
import { runScenario } from '../../runner/run.js';
import { STRATEGIES } from '../../strategies/index.js';
import { budgetMs } from '../helpers/budget.js';

const historyReactions = new Set(
  RECOVERY_REACTIONS.filter((rule) => rule.source === 'history').map((rule) => rule.reaction),
);

describe('every strategy records the reactions it declares, over the library (direct runtime, each scenario’s own seed)', () => {
  it.each(STRATEGIES.map((strategy) => [strategy.name, strategy] as const))(
    '%s',
    async (_name, strategy) => {
      const seen = new Set<string>();
      for (const file of libraryScenarioFiles()) {
        const outDir = mkdtempSync(join(tmpdir(), 'faultline-reactions-'));
        const { results } = await runScenario({
          scenarioFile: file,
          strategies: [strategy],
          outDir,
          runtime: 'direct',
          yes: true,
        });
        rmSync(outDir, { recursive: true, force: true });
        const counts = results.strategies[0]?.checks.recovery.reactions ?? {};
        for (const [reaction, count] of Object.entries(counts))
          if (count > 0 && historyReactions.has(reaction as never)) seen.add(reaction);
      }
      expect([...seen].sort()).toEqual([...(strategy.reactions ?? [])].sort());
    },
    budgetMs({ jobs: 40, runs: libraryScenarioFiles().length, runtime: 'direct' }),
  );
});
