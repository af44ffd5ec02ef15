/** Maps what went wrong to the exit codes: 0 passed, 1 violation found, 2 bad input or infrastructure. */
import pc from 'picocolors';
import { SimulationAborted } from '../simulator/base/aborted.js';
import { ScenarioError } from '../simulator/scenario/errors.js';
import { EngineError } from '../engine/types.js';
import { RunInterrupted } from '../runner/execute.js';
import { CostRefused } from '../runner/cost.js';
import { RunFolderError } from '../runner/output.js';
import { RunOptionsError } from '../runner/run.js';
import { RunOutOfMemory } from '../runner/seed-threads.js';

export const EXIT = { passed: 0, violation: 1, badInput: 2, interruptedByInt: 130, interruptedByTerm: 143 } as const;

/** Prints the error for a human and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof ScenarioError) {
    process.stderr.write(`${pc.red('invalid scenario')} ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof EngineError) {
    process.stderr.write(`${pc.red('Temporal server problem:')} ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof SimulationAborted) {
    process.stderr.write(
      `${pc.red('the simulation broke down (a faultline or strategy bug, not a simulated fault):')}\n${error.message}\n`,
    );
    return EXIT.badInput;
  }
  if (error instanceof RunFolderError || error instanceof RunOptionsError) {
    process.stderr.write(`${pc.red('bad input:')} ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof CostRefused || error instanceof RunOutOfMemory) {
    process.stderr.write(`${pc.red('refused:')} ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof RunInterrupted) return EXIT.interruptedByInt;
  process.stderr.write(`${pc.red('error:')} ${(error as Error).stack ?? String(error)}\n`);
  return EXIT.badInput;
}
