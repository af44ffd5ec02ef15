/**
 * The committed report fixture (test/fixtures/report/: results.json and config.json of a real
 * five-strategy run of its scenario.yaml), and a copy of it whose every string that came from a
 * scenario or a strategy is markup.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportInput } from '../../reports/input.js';

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

type Mutable<T> = T extends readonly (infer Item)[] ? Mutable<Item>[] : T extends object ? { -readonly [Key in keyof T]: Mutable<T[Key]> } : T;

/** The fixture with markup in the scenario's name, file and description, a strategy's name, fault descriptions, verdicts, partition nodes and a crash trigger. */
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
  results.wall.strategies[MARKUP.element] = results.wall.strategies[oldName] as (typeof results.wall.strategies)[string];
  results.verdict.violations.push({ target: `${MARKUP.script}: lostJobs`, bound: MARKUP.closer, actual: 1 });
  strategy.verdict.violations.push({ target: 'lostJobs', bound: MARKUP.script, actual: 0 });
  for (const each of results.strategies) {
    for (const fault of each.checks.recovery.faults) fault.target = `${MARKUP.closer} ${fault.target}`;
    for (const partition of each.checks.availability.partitions) partition.sides[0]?.nodes.push(MARKUP.script);
  }
  config.crashTriggers.push({ id: MARKUP.element, on: 'point', point: MARKUP.closer, nth: 1, durationMs: 60_000, nodes: [MARKUP.script] });
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
