/**
 * The guarantees a workload manager can be held to, with the scenario targets that express
 * each, and who is held to which: every strategy to the guarantees any workload manager owes,
 * the claimants (`Strategy.claims`) to the rest, the canary to nothing. `faultline explore`
 * searches for counterexamples to them (explore/properties.ts gives each its check); a run's
 * verdict holds a strategy to a scenario target only if the strategy is held to a guarantee the
 * target expresses, or no guarantee expresses it (`drainTime`: the scenario author's
 * requirement of every strategy). Here, below both the runner and explore, so that neither has
 * to import the other to know it.
 */
import type { ScenarioInput } from '../simulator/scenario/schema.js';
import type { Holding } from './targets.js';

/** A scenario's targets as written in its document. */
export type TargetsDocument = NonNullable<ScenarioInput['targets']>;

export interface Guarantee {
  /** Kebab-case; the CLI's `--property` and a strategy's `claims` name it. */
  readonly name: string;
  /** `every-strategy`: all are held to it; `claimants`: only strategies whose `claims` name it. */
  readonly heldBy: 'every-strategy' | 'claimants';
  /** The check targets that express it (none: it is checked by explore alone). */
  readonly targets?: TargetsDocument;
}

export const GUARANTEES = {
  noLostWork: {
    name: 'no-lost-work',
    heldBy: 'every-strategy',
    targets: { lostJobs: { max: 0 }, stuckJobs: { max: 0 } },
  },
  noSkippedSteps: { name: 'no-skipped-steps', heldBy: 'every-strategy', targets: { skippedSteps: { max: 0 } } },
  stepsInOrder: { name: 'steps-in-order', heldBy: 'every-strategy', targets: { outOfOrderSteps: { max: 0 } } },
  noDuplicateEffects: { name: 'no-duplicate-effects', heldBy: 'claimants', targets: { duplicateEffects: { max: 0 } } },
  submitsAvailableInZoneSplit: {
    name: 'submits-available-in-zone-split',
    heldBy: 'claimants',
    targets: { availabilityDuringFaults: { min: 1 } },
  },
  deterministic: { name: 'deterministic', heldBy: 'every-strategy' },
} as const satisfies Readonly<Record<string, Guarantee>>;

/** What of a strategy decides what it is held to. */
export interface Claimant {
  readonly claims?: readonly string[];
  readonly canary?: boolean;
}

/** Whether `claimant` is held to `guarantee`: every strategy to some, claimants to the rest. */
export function isHeldTo(claimant: Claimant, guarantee: Guarantee): boolean {
  return guarantee.heldBy === 'every-strategy' || (claimant.claims ?? []).includes(guarantee.name);
}

/** Which of a scenario's targets `claimant` is held to (see the module comment). */
export function holdingOf(claimant: Claimant): Holding {
  const guarantees: readonly Guarantee[] = Object.values(GUARANTEES);
  return {
    canary: claimant.canary === true,
    heldTo(target): boolean {
      const expressing = guarantees.filter(
        (guarantee) => guarantee.targets !== undefined && target in guarantee.targets,
      );
      return expressing.length === 0 || expressing.some((guarantee) => isHeldTo(claimant, guarantee));
    },
  };
}
