/**
 * Reading a run folder for a report: results.json (required, in the current format) and
 * config.json (optional); or a multi-seed folder's summary.json. A folder that is not a finished
 * run is bad input, told with the path and what was expected.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../results/files.js';
import { RESULTS_FORMAT_VERSION, type RunResults } from '../results/run.js';
import { SEEDS_FILES, type SeedsSummary, SUMMARY_FORMAT_VERSION } from '../results/summary.js';
import type { ReportConfig, ReportInput } from './input.js';

/** A run folder or file that cannot be reported on: the message names the path and what was expected. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(
      `${path}: not valid JSON (${(error as Error).message}); expected the ${what} a run writes`,
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkResults(path: string, value: unknown): RunResults {
  if (!isRecord(value))
    throw new ReportInputError(
      `${path}: expected a JSON object (faultline results), found ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  if (value['formatVersion'] !== RESULTS_FORMAT_VERSION) {
    throw new ReportInputError(
      `${path}: results format version ${JSON.stringify(value['formatVersion'] ?? null)}, expected ${RESULTS_FORMAT_VERSION} (written by another faultline version, or not a results file: run the scenario again)`,
    );
  }
  const strategies = value['strategies'];
  if (
    !isRecord(value['scenario']) ||
    !Array.isArray(strategies) ||
    !strategies.every(
      (strategy) => isRecord(strategy) && typeof strategy['name'] === 'string' && isRecord(strategy['checks']),
    )
  ) {
    throw new ReportInputError(
      `${path}: expected "scenario" and "strategies" (each with a name and checks) as faultline run writes them`,
    );
  }
  return value as unknown as RunResults;
}

function checkConfig(path: string, value: unknown): ReportConfig {
  if (!isRecord(value) || !isRecord(value['phases']) || !isRecord(value['scenario'])) {
    throw new ReportInputError(
      `${path}: expected the resolved configuration a run writes (with "scenario" and "phases")`,
    );
  }
  return {
    ...(value as unknown as ReportConfig),
    crashTriggers: Array.isArray(value['crashTriggers'])
      ? (value['crashTriggers'] as ReportConfig['crashTriggers'])
      : [],
  };
}

/** Reads a finished run's results.json and, if it is there, its config.json. */
export async function loadRunFolder(folder: string): Promise<ReportInput> {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new ReportInputError(`${folder}: no such folder; expected a run folder written by faultline run`);
  const resultsPath = join(folder, RUN_FILES.results);
  if (!existsSync(resultsPath)) {
    if (existsSync(join(folder, SEEDS_FILES.summary))) {
      throw new ReportInputError(
        `${folder}: a multi-seed run (summary.json, one folder per seed); runs are compared one seed at a time: name two seed-<N>/ folders`,
      );
    }
    throw new ReportInputError(
      `${folder}: no ${RUN_FILES.results}; expected a finished run folder (an interrupted or failed run writes none)`,
    );
  }
  const results = checkResults(resultsPath, await readJson(resultsPath, 'results'));
  const configPath = join(folder, RUN_FILES.config);
  if (!existsSync(configPath)) return { results };
  return { results, config: checkConfig(configPath, await readJson(configPath, 'configuration')) };
}

/** Whether a folder holds a multi-seed run (`faultline run --seeds`): a summary.json and no results.json of its own. */
export function isSeedsFolder(folder: string): boolean {
  return existsSync(join(folder, SEEDS_FILES.summary)) && !existsSync(join(folder, RUN_FILES.results));
}

/** Reads a finished multi-seed run's summary.json (in the current format). */
export async function loadSeedsFolder(folder: string): Promise<SeedsSummary> {
  const path = join(folder, SEEDS_FILES.summary);
  if (!existsSync(path))
    throw new ReportInputError(
      `${folder}: no ${SEEDS_FILES.summary}; expected a finished multi-seed run folder (an interrupted or failed run writes none)`,
    );
  const value = await readJson(path, 'summary');
  if (!isRecord(value))
    throw new ReportInputError(
      `${path}: expected a JSON object (a faultline summary), found ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  if (value['formatVersion'] !== SUMMARY_FORMAT_VERSION) {
    throw new ReportInputError(
      `${path}: summary format version ${JSON.stringify(value['formatVersion'] ?? null)}, expected ${SUMMARY_FORMAT_VERSION} (written by another faultline version: run the seeds again)`,
    );
  }
  if (
    !isRecord(value['scenario']) ||
    !Array.isArray(value['seeds']) ||
    !Array.isArray(value['strategies']) ||
    !Array.isArray(value['metrics']) ||
    !Array.isArray(value['runs']) ||
    !isRecord(value['wall'])
  ) {
    throw new ReportInputError(
      `${path}: expected "scenario", "seeds", "strategies", "runs", "metrics" and "wall" as faultline run --seeds writes them`,
    );
  }
  return value as unknown as SeedsSummary;
}
