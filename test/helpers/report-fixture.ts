/**
 * The committed report fixture (test/fixtures/report/: results.json and config.json of a real
 * five-strategy run of its scenario.yaml), and a copy of it whose every string that came from a
 * scenario or a strategy is markup; and a multi-seed summary built from four varied copies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportInput } from '../../reports/input.js';
import { summarizeSeeds } from '../../results/aggregate.js';
import type { RunResults } from '../../results/run.js';
import type { SeedsSummary } from '../../results/summary.js';

export const REPORT_FIXTURE = fileURLToPath(new URL('../fixtures/report/', import.meta.url));

/** The fixture as `loadRunFolder` would read it (a fresh copy each call). */
export function reportFixture(): ReportInput {
  const read = (name: string) => JSON.parse(readFileSync(`${REPORT_FIXTURE}${name}`, 'utf8')) as unknown;
  return { results: read('results.json'), config: read('config.json') } as ReportInput;
}

/** Markup that must show as text: a script, an element with a handler, and a script closer. */
export const MARKUP = {
  script: '<script>alert(1)</script>',
  element: '<img src=x onerror=alert(2)>',
  closer: '</script><script>alert(3)</script>',
} as const;

type Mutable<T> = T extends readonly (infer Item)[]
  ? Mutable<Item>[]
  : T extends object
    ? { -readonly [Key in keyof T]: Mutable<T[Key]> }
    : T;

/**
 * The fixture with markup in the scenario's name, file and description, a strategy's name, fault descriptions,
 * verdicts, partition nodes and a crash trigger.
 */
export function reportFixtureWithMarkup(): ReportInput {
  const input = reportFixture() as unknown as Mutable<ReportInput>;
  const { results } = input;
  const config = input.config as NonNullable<Mutable<ReportInput>['config']>;
  results.scenario.name = MARKUP.script;
  results.scenario.file = `${MARKUP.closer}.yaml`;
  config.scenario.description = MARKUP.element;
  results.wall.engine = MARKUP.closer;
  const strategy = results.strategies[0] as (typeof results.strategies)[number];
  const oldName = strategy.name;
  strategy.name = MARKUP.element;
  results.wall.strategies[MARKUP.element] = results.wall.strategies[
    oldName
  ] as (typeof results.wall.strategies)[string];
  results.verdict.violations.push({ target: `${MARKUP.script}: lostJobs`, bound: MARKUP.closer, actual: 1 });
  strategy.verdict.violations.push({ target: 'lostJobs', bound: MARKUP.script, actual: 0 });
  for (const each of results.strategies) {
    for (const fault of each.checks.recovery.faults) fault.target = `${MARKUP.closer} ${fault.target}`;
    for (const partition of each.checks.availability.partitions) partition.sides[0]?.nodes.push(MARKUP.script);
  }
  config.crashTriggers.push({
    id: MARKUP.element,
    on: 'point',
    point: MARKUP.closer,
    nth: 1,
    durationMs: 60_000,
    nodes: [MARKUP.script],
  });
  return input as unknown as ReportInput;
}

/** The fixture with two of stateful's metrics moved: job latency p99 doubled, 2 jobs lost. */
export function reportFixtureMoved(): ReportInput {
  const input = reportFixture() as unknown as Mutable<ReportInput>;
  const stateful = input.results.strategies.find((strategy) => strategy.name === 'stateful');
  if (!stateful) throw new Error('the report fixture has no stateful strategy');
  stateful.checks.performance.jobLatencyMs.p99 = 2 * (stateful.checks.performance.jobLatencyMs.p99 ?? 0);
  stateful.checks.work.jobsLost = 2;
  return input as unknown as ReportInput;
}

/** The seeds of the multi-seed fixture. */
export const SEEDS_FIXTURE_SEEDS = [5, 6, 7, 8] as const;

/**
 * The fixture as four seeds' results (5–8), varied per seed: canary-2017 loses 4, 5, 4, 6 jobs,
 * stateless reads 1, 3, 0, 2 stale statuses, every strategy's p99 grows 5% a seed, and on odd
 * seeds one submit fewer inside fault windows is answered ok.
 */
export function seedsFixtureResults(): RunResults[] {
  return SEEDS_FIXTURE_SEEDS.map((seed, k) => {
    const input = reportFixture() as unknown as Mutable<ReportInput>;
    const { results } = input;
    results.seed = seed;
    for (const strategy of results.strategies) {
      const latency = strategy.checks.performance.jobLatencyMs;
      latency.p99 = (latency.p99 ?? 0) * (1 + 0.05 * k);
      strategy.checks.availability.phases.faults.submit.ok -= seed % 2;
      if (strategy.name === 'canary-2017') strategy.checks.work.jobsLost = [4, 5, 4, 6][k] as number;
      if (strategy.name === 'stateless') strategy.checks.status.staleReads = [1, 3, 0, 2][k] as number;
    }
    return results as unknown as RunResults;
  });
}

/** summary.json of the four seeds of `seedsFixtureResults`, as a multi-seed run writes it. */
export function seedsFixture(): SeedsSummary {
  const runs = seedsFixtureResults();
  const strategies = runs[0]?.strategies.map((strategy) => strategy.name) ?? [];
  const summary = summarizeSeeds(
    runs.map((results) => ({ seed: results.seed, folder: `seed-${results.seed}`, results })),
    strategies,
  );
  return JSON.parse(
    JSON.stringify({
      ...summary,
      wall: {
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        wallMs: 60_000,
        parallel: 2,
        runtime: 'direct',
        crossCheck: { seed: 5, runtime: 'temporal', identical: true, folder: 'cross-check-temporal/seed-5' },
      },
    }),
  ) as SeedsSummary;
}

/** The multi-seed fixture with markup in the scenario's name and file and in a strategy's name. */
export function seedsFixtureWithMarkup(): SeedsSummary {
  const summary = seedsFixture() as unknown as Mutable<SeedsSummary>;
  summary.scenario.name = MARKUP.script;
  summary.scenario.file = `${MARKUP.closer}.yaml`;
  const old = summary.strategies[0] as string;
  summary.strategies[0] = MARKUP.element;
  for (const metric of summary.metrics) {
    for (const entry of metric.strategies) if (entry.strategy === old) entry.strategy = MARKUP.element;
    for (const difference of metric.differences) if (difference.a === old) difference.a = MARKUP.element;
  }
  for (const run of summary.runs) run.folder = `${MARKUP.closer}-${run.seed}`;
  return summary as unknown as SeedsSummary;
}
