/**
 * What a report is rendered from: a run's results.json and, when present, its config.json
 * (the phase boundaries and the crash triggers, which results.json does not carry).
 */
import type { RunResults } from '../results/run.js';
import type { Phases } from '../simulator/scenario/config.js';
import type { CrashTrigger } from '../simulator/scenario/faults/types.js';

/** The part of config.json a report reads (a `ResolvedConfig` is one). */
export interface ReportConfig {
  readonly scenario: { readonly name: string; readonly description?: string; readonly file: string };
  readonly phases: Phases;
  readonly crashTriggers: readonly CrashTrigger[];
}

export interface ReportInput {
  readonly results: RunResults;
  /** The run's config.json; without it the charts mark no phases and crash triggers that never fired are not listed. */
  readonly config?: ReportConfig;
}
