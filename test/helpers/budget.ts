/**
 * Test timeouts that follow from the work a test does, so that a slow or loaded machine gives a
 * slow pass, not a failure. A run's work is its steps, 31 to 63 per job of the workload
 * depending on the strategy (BENCHMARKS.md; every run is given the dearest's); each is given far more wall time than it
 * takes on an idle machine — on
 * Temporal 200 ms (8–30 ms idle; a 2-core machine running six runs beside two CPU hogs took
 * about 6× longer), in process 5 ms (well under 1 ms idle) — plus a fixed allowance per run for
 * starting a server and bundling the workflows.
 */
import { loadScenarioFileSync } from '../../simulator/scenario/load.js';
import type { RuntimeName } from '../../runner/execute.js';

const STEPS_PER_JOB = 65;
const WALL_MS_PER_STEP: Readonly<Record<RuntimeName, number>> = { temporal: 200, direct: 5 };
const WALL_MS_PER_RUN: Readonly<Record<RuntimeName, number>> = { temporal: 30_000, direct: 2_000 };
/** Process start-up, module loading, the checkers and the report: per test. */
const WALL_MS_FIXED = 30_000;

/** A timeout for `runs` runs (each of one strategy) of a workload of `jobs` jobs on `runtime`. */
export function budgetMs(work: {
  readonly jobs: number;
  readonly runs?: number;
  readonly runtime?: RuntimeName;
}): number {
  const runtime = work.runtime ?? 'temporal';
  const runs = work.runs ?? 1;
  return WALL_MS_FIXED + runs * (WALL_MS_PER_RUN[runtime] + work.jobs * STEPS_PER_JOB * WALL_MS_PER_STEP[runtime]);
}

/** The number of jobs a scenario file's workload has (its arrival file's, if it names one). */
export function scenarioJobs(file: string): number {
  const loaded = loadScenarioFileSync(file);
  return loaded.arrivalTimesMs?.length ?? loaded.scenario.workload.jobs ?? 0;
}

/** A timeout for `runs` runs of a scenario file on `runtime`. */
export function scenarioBudgetMs(
  file: string,
  work: { readonly runs?: number; readonly runtime?: RuntimeName } = {},
): number {
  return budgetMs({ ...work, jobs: scenarioJobs(file) });
}
