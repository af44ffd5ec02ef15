/**
 * How scenarios state faults: the nemesis's vocabulary. Each fault kind brings its own schema
 * (`kinds/<kind>.ts`); a scenario fault is one of them, told apart by `kind`, in registry order.
 * Targets are symbolic (`targets.ts`) and are resolved from the seed into the concrete fault
 * timeline (`faults/resolve.ts`).
 */
import { z } from 'zod';
import { durationDistribution, nonNegativeDuration, positiveInt } from '../fields.js';
import { type BuiltInFaultKind, faultKindModules } from './kinds/index.js';

/** A scenario fault of any built-in kind, as parsed (defaults applied). */
export type FaultSpec = z.output<BuiltInFaultKind['schema']>;
/** A scenario fault of any built-in kind, as written. */
export type FaultInput = z.input<BuiltInFaultKind['schema']>;

/** Every kind's name, in registry order; the swarm may draw any of them (each module says how). */
const kindNames = faultKindModules().map((module) => module.kind) as [string, ...string[]];

/** Every kind's schema, in registry order: objects, or discriminated unions of forms (partition shapes). */
const kindSchemas = faultKindModules().map((module) => module.schema) as unknown as [
  z.core.$ZodTypeDiscriminable,
  ...z.core.$ZodTypeDiscriminable[],
];

/** Typed as the union of the built-in kinds' schemas; a kind registered at run time (a test's) parses too. */
export const faultSchema = z
  .discriminatedUnion('kind', kindSchemas, { error: `expected a fault kind: ${kindNames.join(', ')}` })
  .describe('One scheduled fault.') as unknown as z.ZodType<FaultSpec, FaultInput>;

export const swarmSchema = z
  .strictObject({
    count: positiveInt.describe('How many faults to draw.'),
    kinds: z
      .array(z.enum(kindNames))
      .min(1)
      .default(['crash', 'pause', 'partition', 'network'])
      .describe('Kinds to draw from, uniformly.'),
    duration: durationDistribution.prefault({ uniform: ['1m', '10m'] }).describe('Length of each fault.'),
    from: nonNegativeDuration
      .default(0)
      .describe(
        'Earliest start; the window from here to the end of the fault phase must be longer than the faults drawn.',
      ),
  })
  .describe('Faults drawn from the seed: kinds, targets, times and lengths.');

export type SwarmSpec = z.output<typeof swarmSchema>;
