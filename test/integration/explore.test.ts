/**
 * `faultline explore`, bounded for npm test (pinned seeds, bounded runs; every exploration prints
 * its seed): the canary proof — the command, searching on the direct runtime, finds lost work
 * and a skipped step in the 2017 canary and shrinks each to a scenario of at most 5 jobs and 2
 * faults, whose file replays the violation on the embedded Temporal server, through
 * `runScenario` and `faultline run` — then the claims of the other strategies on generated
 * scenarios, and the user-defined property of docs/exploring.md.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyRunsAreQuiet } from '../../explore/examples/healthy-runs-are-quiet.js';
import { type ExploreOutcome, explore } from '../../explore/explore.js';
import { type ExploreProperty, findProperty } from '../../explore/properties.js';
import { runTrials } from '../../explore/trials.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { findStrategy } from '../../strategies/index.js';
import type { Strategy } from '../../strategies/types.js';
import { runCli } from '../helpers/processes.js';
import { budgetMs } from '../helpers/budget.js';
import { propertySeed } from '../helpers/property.js';

const strategy = (name: string): Strategy => findStrategy(name) ?? expect.fail(`no strategy ${name}`);
const property = (name: string): ExploreProperty => findProperty(name) ?? expect.fail(`no property ${name}`);
const scratch = (label: string) => mkdtempSync(join(tmpdir(), `faultline-explore-${label}-`));

/** Prints each pair's seed and outcome (and a failure's replay commands) as npm test output. */
function report(outcome: ExploreOutcome): void {
  for (const pair of outcome.pairs) {
    const found = pair.counterexample;
    process.stdout.write(
      `[explore] ${pair.strategy} ${pair.property}: seed=${pair.seed} runs=${pair.runsDone} exercised=${pair.exercised} ` +
        (found
          ? `FAILED: ${found.violation}\n  replay: ${found.replayCommand}\n  search: ${found.searchCommand}\n`
          : 'passed\n'),
    );
  }
}

const CANARY_SEED = propertySeed(1210);
const CANARY_PROPERTIES = ['no-lost-work', 'no-skipped-steps'] as const;

describe(`faultline explore --strategy canary-2017: the canary proof (seed=${CANARY_SEED})`, () => {
  const out = scratch('canary');
  const fileOf = (name: string) => join(out, `counterexample-${name}-canary-2017.yaml`);

  it(
    'finds lost work and a skipped step, and shrinks each to at most 5 jobs and 2 faults',
    async () => {
      const args = [
        'explore',
        '--strategy',
        'canary-2017',
        ...CANARY_PROPERTIES.flatMap((name) => ['--property', name]),
      ];
      // Bounded by runs, not time, so that the outcome is the same on any machine: at most 10 search and 3 shrink runs
      // per property.
      const result = await runCli([
        ...args,
        '--seed',
        String(CANARY_SEED),
        '--runs',
        '10',
        '--shrink-runs',
        '3',
        '--out',
        out,
      ]);
      process.stdout.write(result.stderr + result.stdout);
      expect(result.stderr).toContain(`fast-check seed ${CANARY_SEED}`);
      expect(result.stderr).toContain('on the direct runtime; counterexamples replayed on temporal');
      expect(result.code).toBe(1);
      const explored = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8')) as ExploreOutcome;
      for (const name of CANARY_PROPERTIES) {
        const file = fileOf(name);
        expect(existsSync(file), file).toBe(true);
        expect(result.stdout).toContain(`✗ canary-2017 violates ${name}`);
        expect(result.stdout).toContain(`replay: faultline run ${file} --strategy canary-2017`);
        expect(result.stdout).toContain(
          `search: faultline explore --strategy canary-2017 --property ${name} --seed ${CANARY_SEED} --path `,
        );
        // The file on disk is the shrunk scenario, within the bound.
        const scenario = parseScenarioText(file, readFileSync(file, 'utf8'));
        expect(scenario.workload.jobs, `${name}: jobs`).toBeLessThanOrEqual(5);
        expect(scenario.faults.length, `${name}: faults`).toBeLessThanOrEqual(2);
        expect(scenario.faults.length, `${name}: a fault is needed to break the canary`).toBeGreaterThanOrEqual(1);
        const pair = explored.pairs.find((candidate) => candidate.property === name);
        expect(pair?.counterexample?.size).toMatchObject({
          jobs: scenario.workload.jobs,
          faults: scenario.faults.length,
        });
        // Found on the direct runtime, reproduced on Temporal.
        expect(pair?.counterexample?.replay).toMatchObject({ runtime: 'temporal', reproduced: true });
        expect(result.stdout).toContain('replayed through faultline run on temporal: reproduces');
      }
      // What the search found first was bigger than the bound: shrinking did the work.
      const first = explored.pairs.map((pair) => pair.counterexample?.firstSize);
      expect(first.some((size) => size !== undefined && (size.jobs > 5 || size.faults > 2))).toBe(true);
    },
    budgetMs({ jobs: 10, runs: 26, runtime: 'direct' }) + budgetMs({ jobs: 5, runs: 2 }),
  );

  it.each(CANARY_PROPERTIES)(
    'the %s counterexample file replays its violation through runScenario on Temporal',
    async (name) => {
      const trials = await runTrials(fileOf(name), strategy('canary-2017'), 1, scratch('replay'), 'temporal');
      const violation = property(name).check(trials);
      process.stdout.write(`[explore] replay of ${fileOf(name)}: ${violation ?? 'no violation'}\n`);
      expect(violation).toBeDefined();
      if (name === 'no-lost-work') expect(trials[0].results.checks.work.jobsLost).toBeGreaterThan(0);
      else expect(trials[0].results.checks.steps.skippedSteps).toBeGreaterThan(0);
    },
    budgetMs({ jobs: 5 }),
  );

  it(
    'and through `faultline run`, which shows the canary caught on the target it missed (exit 0: the checkers work)',
    async () => {
      const result = await runCli([
        'run',
        fileOf('no-skipped-steps'),
        '--strategy',
        'canary-2017',
        '--no-progress',
        '--out',
        scratch('run'),
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/● canary-2017 +caught: skippedSteps [1-9]/);
      expect(result.stdout).toContain('canary-2017 caught as it must be');
    },
    budgetMs({ jobs: 5 }),
  );
});

describe('faultline explore with bad input', () => {
  it.each([
    [['--path', '3:0:1'], '--path replays a counterexample of one seed: give its --seed too'],
    [['--time-limit', 'soon'], '--time-limit: expected a duration such as 90s, 10m or 1h, got soon'],
    [['--runs', '0'], '--runs: expected a whole number of runs, 1 or more, got 0'],
    [['--property', 'no-bugs'], 'Invalid values'],
  ])('exits 2 on %j, saying what was expected', async (args, message) => {
    const result = await runCli(['explore', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('faultline explore interrupted', () => {
  it('by SIGINT while shrinking stops with exit 130 and says how to search again', async () => {
    // On Temporal, where a shrink run takes seconds, so the signal lands inside one.
    const args = [
      'explore',
      '--strategy',
      'canary-2017',
      '--property',
      'no-skipped-steps',
      '--seed',
      String(CANARY_SEED),
      '--runs',
      '3',
      '--runtime',
      'temporal',
      '--out',
      scratch('interrupt'),
    ];
    // The first run of this seed violates the property; the signal comes while the first shrink runs.
    const result = await runCli(args, (stderr) => (stderr.includes('violated at run 1') ? 'SIGINT' : undefined));
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      `interrupted by SIGINT: the exploration stopped (seed ${CANARY_SEED}; run it again with --seed ${CANARY_SEED})`,
    );
  }, 60_000);
});

describe('a run that breaks', () => {
  it('is no counterexample: the exploration stops with its error and keeps its scenario file', async () => {
    const broken: Strategy = {
      name: 'broken',
      summary: 'throws when laid out',
      expectedCap: 'none',
      components: {},
      plan: () => {
        throw new Error('plan failed on purpose');
      },
    };
    const out = scratch('broken');
    const kept: string[] = [];
    const search = explore({
      strategies: [broken],
      properties: [property('no-lost-work')],
      runs: 3,
      seed: 1,
      outDir: out,
      events: { runBroken: (run) => void kept.push(run.file) },
    });
    await expect(search).rejects.toThrow('plan failed on purpose');
    expect(kept).toEqual([join(out, 'broken-no-lost-work-broken.yaml')]);
    expect(parseScenarioText(kept[0] as string, readFileSync(kept[0] as string, 'utf8')).name).toBe(
      'explore-no-lost-work',
    );
    expect(existsSync(join(out, 'counterexample-no-lost-work-broken.yaml'))).toBe(false);
  }, 60_000);
});

describe('what the strategies claim holds on generated scenarios (pinned seeds, on the direct runtime)', () => {
  it.each([
    ['hybrid', 'no-duplicate-effects', 50, 11],
    ['stateless', 'submits-available-in-zone-split', 50, 12],
    ['stateful', 'no-lost-work', 50, 13],
    ['stateless', 'deterministic', 20, 14],
  ] as const)(
    '%s holds %s (%i runs, seed=%i)',
    async (name, propertyName, runs, pinned) => {
      const outcome = await explore({
        strategies: [strategy(name)],
        properties: [property(propertyName)],
        runs,
        seed: propertySeed(pinned),
        outDir: scratch(propertyName),
      });
      report(outcome);
      const [pair] = outcome.pairs;
      expect(pair?.counterexample?.violation).toBeUndefined();
      expect(pair).toMatchObject({ runsDone: runs, interrupted: false });
      expect(pair?.exercised).toBeGreaterThan(0);
    },
    budgetMs({ jobs: 10, runs: 100, runtime: 'direct' }),
  );
});

describe('a user-defined property (docs/exploring.md)', () => {
  it(
    'explores the worked example: stateful is quiet when nothing fails (10 runs, seed=15)',
    async () => {
      const outcome = await explore({
        strategies: [strategy('stateful')],
        properties: [healthyRunsAreQuiet],
        runs: 10,
        seed: propertySeed(15),
        outDir: scratch('example'),
      });
      report(outcome);
      expect(outcome.passed).toBe(true);
    },
    budgetMs({ jobs: 10, runs: 20, runtime: 'direct' }),
  );

  it('is the code the page shows', () => {
    const example = readFileSync('explore/examples/healthy-runs-are-quiet.ts', 'utf8');
    const page = readFileSync('docs/exploring.md', 'utf8');
    const shown = /```ts\n(import type \{ ExploreProperty \}[\s\S]*?)```/.exec(page)?.[1];
    expect(shown).toBeDefined();
    expect(example.endsWith(shown as string)).toBe(true);
  });
});
