/**
 * The worked example of docs/writing-a-strategy.md runs, and adding it touched nothing outside
 * strategies/ (and its doc and test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../runner/run.js';
import { comparedStrategies, findStrategy } from '../../strategies/index.js';
import { scenarioBudgetMs } from '../helpers/budget.js';

describe('the round-robin example strategy', () => {
  it(
    'completes every job when nothing fails (test/fixtures/no-faults.yaml, seed=3)',
    async () => {
      const roundRobin = findStrategy('round-robin');
      expect(roundRobin).toBeDefined();
      const outcome = await runScenario({
        scenarioFile: 'test/fixtures/no-faults.yaml',
        strategies: [roundRobin as NonNullable<typeof roundRobin>],
        outDir: mkdtempSync(join(tmpdir(), 'faultline-example-')),
      });
      expect(outcome.results.strategies[0]?.checks.work).toMatchObject({
        jobsAccepted: 8,
        jobsCompleted: 8,
        jobsLost: 0,
        duplicateExecutions: 0,
      });
    },
    scenarioBudgetMs('test/fixtures/no-faults.yaml'),
  );

  it('is left out of --strategy all', () => {
    expect(comparedStrategies().map((strategy) => strategy.name)).not.toContain('round-robin');
  });

  it('is named in no code outside strategies/ and its test', () => {
    // The strategy's identifiers: its name quoted or as a path, and its export. ("round-robin"
    // as plain English, e.g. how the broker spreads messages, is not a reference to it.)
    // Documentation may mention it; code outside strategies/ may not need to.
    const patterns = ['roundRobin', "'round-robin'", '"round-robin"', '`round-robin`', 'round-robin/'];
    const files = execFileSync(
      'git',
      ['grep', '--untracked', '-l', ...patterns.flatMap((pattern) => ['-e', pattern]), '--', '.'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .filter(
        (file) =>
          !file.startsWith('strategies/') &&
          !file.endsWith('.md') &&
          file !== 'test/integration/example-strategy.test.ts',
      );
    expect(files).toEqual([]);
  });
});
