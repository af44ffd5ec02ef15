/**
 * The registry of arrival processes: the one list of how jobs may arrive. Everything that depends
 * on the process — the scenario schema's `workload.arrival` (its forms, description and error),
 * the reference checks, the loader (an arrival file), the resolver (the arrival times) — looks
 * the process up here and asks its module (`process.ts` says what a module holds).
 *
 * Adding a process: write `arrivals/<name>.ts` exporting an `ArrivalProcessModule`, and add it to
 * `BUILT_IN_PROCESSES` below. Its place in the list is its place in the scenario reference and the
 * error that lists the processes. `test/unit/arrival-process-registry.test.ts` adds one that way
 * and runs it.
 */
import { bursts } from './bursts.js';
import { every } from './every.js';
import { file } from './file.js';
import { poisson } from './poisson.js';
import { moduleRegistry } from '../../base/registry.js';
import type { ArrivalProcessModule } from './process.js';

const BUILT_IN_PROCESSES = [every, poisson, bursts, file] as const;

/** The module type of each built-in process (the scenario schema types `workload.arrival` from it). */
export type BuiltInArrivalProcess = (typeof BUILT_IN_PROCESSES)[number];

/** Read first by the scenario schema, whose `workload.arrival` is the union of the processes. */
const registry = moduleRegistry<ArrivalProcessModule>(
  'arrival process',
  (module) => module.name,
  BUILT_IN_PROCESSES,
  'the scenario schema (`scenario/schema.ts`)',
);

/**
 * Registers a process that is not built in — a test's throwaway process, or an extension — the
 * same way the built-in ones are: before anything reads the registry, i.e. before the scenario
 * schema (`scenario/schema.ts`) is imported.
 */
export function registerArrivalProcess(module: ArrivalProcessModule): void {
  registry.register(module);
}

/** Every arrival process, in registry order. */
export function arrivalProcesses(): readonly ArrivalProcessModule[] {
  return registry.all();
}

/**
 * The module of a parsed `workload.arrival`: the process whose name is its field (the schema lets no other through).
 */
export function arrivalProcessOf(arrival: object): ArrivalProcessModule {
  const module = arrivalProcesses().find((candidate) => candidate.name in arrival);
  if (!module)
    throw new Error(
      `unknown arrival process ${Object.keys(arrival).join(', ')} (known: ${arrivalProcesses()
        .map((known) => known.name)
        .join(', ')})`,
    );
  return module;
}
