/**
 * Runs every scenario of the library with every compared strategy (each scenario's own seed)
 * and prints one Markdown table per scenario of what happened to the work: the table in
 * docs/strategies.md ("Measured") comes from it. Takes about ten minutes on two cores.
 *
 *   npm run build && node --import tsx scripts/compare-library.ts [scenario.yaml ...]
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../runner/run.js';
import { comparedStrategies } from '../strategies/index.js';

const files =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : readdirSync('scenarios')
        .filter((file) => file.endsWith('.yaml'))
        .sort()
        .map((file) => join('scenarios', file));

const COLUMNS = [
  'strategy',
  'submitted',
  'accepted',
  'unknown',
  'refused',
  'completed',
  'failed',
  'lost',
  'dup. exec.',
  'dup. effects',
  'steps skipped / out of order',
  're-dispatches',
  'Temporal events / job',
];

for (const file of files) {
  const outcome = await runScenario({
    scenarioFile: file,
    strategies: comparedStrategies(),
    outDir: mkdtempSync(join(tmpdir(), 'faultline-compare-')),
  });
  console.log(`\n### ${outcome.config.scenario.name} (\`${file}\`, seed ${outcome.config.seed})\n`);
  console.log(`| ${COLUMNS.join(' | ')} |`);
  console.log(`| ${COLUMNS.map(() => '---').join(' | ')} |`);
  for (const strategy of outcome.results.strategies) {
    const work = strategy.checks.work;
    const steps = strategy.checks.steps;
    const wall = outcome.results.wall.strategies[strategy.name];
    const cells = [
      strategy.name,
      work.jobsSubmitted,
      work.jobsAccepted,
      work.jobsUnknown + (work.jobsRecovered > 0 ? ` (+${work.jobsRecovered} completed)` : ''),
      work.jobsRefused,
      work.jobsCompleted,
      work.jobsFailed,
      work.jobsLost,
      work.duplicateExecutions,
      work.duplicateEffects,
      `${steps.skippedSteps} / ${steps.outOfOrderStarts}`,
      work.redispatches,
      wall?.historyEventsPerJob ?? '-',
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}
