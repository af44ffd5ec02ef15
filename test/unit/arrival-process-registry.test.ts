/**
 * An arrival process added the documented way — one module, registered — works end to end with
 * no other change: a scenario using it parses and validates (its own check of the last arrival
 * included), the resolver draws its times from the seed, and a run on the direct runtime
 * submits the jobs at those times.
 *
 * The throwaway process, `jittered`, is `every` with each arrival moved later by up to `jitter`,
 * drawn from its own named stream. The registry is read when the scenario schema loads, so this
 * file registers the process first and imports whatever reads the registry afterwards (the
 * dynamic imports below), as an extension would.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stream } from '../../simulator/base/random.js';
import { registerArrivalProcess } from '../../simulator/scenario/arrivals/index.js';
import type { ArrivalProcessOf } from '../../simulator/scenario/arrivals/process.js';
import { nonNegativeDuration, positiveDuration } from '../../simulator/scenario/fields.js';

const schema = z.strictObject({
  jittered: z.strictObject({
    every: positiveDuration.describe('Gap between two planned arrivals.'),
    jitter: nonNegativeDuration.describe('Each arrival comes up to this much after its plan.'),
  }),
});

const jittered: ArrivalProcessOf<typeof schema> = {
  name: 'jittered',
  schema,
  example: '{ jittered: { every, jitter } }',
  shape: '{ jittered: { every, jitter } }',
  times(spec, draw) {
    const random = stream(draw.seed, 'jittered');
    const { every, jitter } = spec.jittered;
    return Array.from(
      { length: draw.count },
      (_, index) => draw.startMs + index * every + Math.floor(random.float() * jitter),
    ).sort((a, b) => a - b);
  },
  lastArrival(spec, startMs, count) {
    const atMs = startMs + (count - 1) * spec.jittered.every + spec.jittered.jitter;
    return { atMs, what: `the last planned arrival, jittered, comes by ${atMs} ms` };
  },
};

registerArrivalProcess(jittered);

const { parseScenarioText } = await import('../../simulator/scenario/load.js');
const { resolveScenario } = await import('../../simulator/scenario/resolve.js');
const { runScenario } = await import('../../runner/run.js');
const { stateful } = await import('../../strategies/stateful/index.js');
const { scenarioYaml } = await import('../helpers/scenarios.js');
const { budgetMs } = await import('../helpers/budget.js');
const { freshFolder, readRunFile } = await import('../helpers/run-folders.js');

const MINUTE = 60_000;
/** The default test scenario (seed 7, a 2 h fault phase, n1 in z1, n2 in z2) with `jobs` arriving as `arrival` says. */
const withArrival = (arrival: string, jobs = 4) =>
  scenarioYaml({ workload: ['workload:', `  jobs: ${jobs}`, `  arrival: ${arrival}`].join('\n') });
const JITTERED = '{ jittered: { every: 10m, jitter: 2m } }';

/** The times the module itself draws for seed 7 (the default test scenario's), 4 jobs from 0. */
const expectedTimes = jittered.times(
  { jittered: { every: 10 * MINUTE, jitter: 2 * MINUTE } },
  { seed: 7, startMs: 0, count: 4, fromFile: undefined },
);

describe('an arrival process registered as a module (jittered)', () => {
  it('parses and validates: its schema, its last-arrival check; a wrong shape lists it among the processes', () => {
    expect(parseScenarioText('jittered.yaml', withArrival(JITTERED)).workload.arrival).toEqual({
      jittered: { every: 10 * MINUTE, jitter: 2 * MINUTE },
    });
    expect(() =>
      parseScenarioText('jittered.yaml', withArrival('{ jittered: { every: 10m, jitter: 2m, typo: 1 } }')),
    ).toThrow(/typo/);
    expect(() => parseScenarioText('late.yaml', withArrival(JITTERED, 13))).toThrow(
      /the last planned arrival, jittered, comes by 7320000 ms/,
    );
    expect(() => parseScenarioText('wrong.yaml', withArrival('{ nope: 1m }'))).toThrow(
      /\{ file \} or \{ jittered: \{ every, jitter \} \}/,
    );
  });

  it('resolves: the times are drawn from the seed by the module', () => {
    expect(new Set(expectedTimes).size).toBe(4);
    expect(expectedTimes.some((atMs, index) => atMs !== index * 10 * MINUTE)).toBe(true);
    const config = resolveScenario(parseScenarioText('jittered.yaml', withArrival(JITTERED)), {
      file: 'jittered.yaml',
    });
    expect(config.workload.jobs.map((job) => job.arrivalMs)).toEqual(expectedTimes);
  });

  it(
    'runs on the direct runtime: the jobs are submitted at the drawn times and complete',
    async () => {
      const folder = freshFolder('jittered');
      const scenarioFile = join(folder, 'jittered.yaml');
      writeFileSync(scenarioFile, withArrival(JITTERED));
      const { results } = await runScenario({
        scenarioFile,
        strategies: [stateful],
        runtime: 'direct',
        outDir: join(folder, 'run'),
      });
      const config = JSON.parse(readRunFile(join(folder, 'run'), 'config.json')) as {
        workload: { jobs: { arrivalMs: number }[] };
      };
      expect(config.workload.jobs.map((job) => job.arrivalMs)).toEqual(expectedTimes);
      const work = results.strategies[0]?.checks.work;
      expect({ submitted: work?.jobsSubmitted, completed: work?.jobsCompleted, lost: work?.jobsLost }).toEqual({
        submitted: 4,
        completed: 4,
        lost: 0,
      });
    },
    budgetMs({ jobs: 4, runtime: 'direct' }),
  );

  it('refuses a process registered after the registry was read', () => {
    expect(() => registerArrivalProcess({ ...jittered, name: 'late' })).toThrow(
      /registered after the registry was read/,
    );
  });
});
