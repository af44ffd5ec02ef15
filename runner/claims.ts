/**
 * Which of a scenario's targets a strategy is held to, from the properties of
 * `explore/properties.ts`: a target that expresses a property (`lostJobs` → `no-lost-work`,
 * `duplicateEffects` → `no-duplicate-effects`) binds the strategies held to that property —
 * every strategy for the guarantees every workload manager owes, the claimants for the rest
 * (`Strategy.claims`). A target no property expresses (`drainTime`, `availabilityOutsideFaults`)
 * is the scenario author's requirement of every strategy. The canary is held to nothing.
 */
import type { Holding } from '../checkers/targets.js';
import { isHeldTo, PROPERTIES } from '../explore/properties.js';
import type { Targets } from '../simulator/scenario/schema.js';
import type { Strategy } from '../strategies/types.js';

export function holdingOf(strategy: Strategy): Holding {
  return {
    canary: strategy.canary === true,
    heldTo(target: keyof Targets): boolean {
      const expressing = PROPERTIES.filter((property) => property.scenarios?.targets !== undefined && target in property.scenarios.targets);
      return expressing.length === 0 || expressing.some((property) => isHeldTo(strategy, property));
    },
  };
}
