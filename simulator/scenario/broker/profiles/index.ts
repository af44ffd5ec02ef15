/**
 * The registry of broker delivery profiles: the one list of how the broker may deliver.
 * Everything that depends on the profile — the scenario schema's `topology.broker.profile`,
 * `faultline list`, the broker component, its client — looks the profile up here and asks its
 * module (`profile.ts` says what a module holds).
 *
 * Adding a profile: write `profiles/<name>.ts` exporting a `BrokerProfileModule`, and add it to
 * `BUILT_IN_PROFILES` below. Its place in the list is its place in `faultline list`, the scenario
 * reference and the error that lists the profiles. `test/unit/broker-profile-registry.test.ts`
 * adds one that way and runs it.
 */
import { atLeastOnce } from './at-least-once.js';
import { atMostOnce } from './at-most-once.js';
import { moduleRegistry } from '../../../base/registry.js';
import { log } from './log.js';
import type { BrokerProfileModule } from './profile.js';

const BUILT_IN_PROFILES: readonly BrokerProfileModule[] = [atMostOnce, atLeastOnce, log];

/** Read first by the scenario schema, whose enum lists the profiles. */
const registry = moduleRegistry<BrokerProfileModule>(
  'broker profile',
  (module) => module.name,
  BUILT_IN_PROFILES,
  'the scenario schema (`scenario/schema.ts`)',
);

/**
 * Registers a profile that is not built in — a test's throwaway profile, or an extension — the
 * same way the built-in ones are: before anything reads the registry, i.e. before the scenario
 * schema (`scenario/schema.ts`) is imported.
 */
export function registerBrokerProfile(module: BrokerProfileModule): void {
  registry.register(module);
}

/** Every broker profile, in registry order. */
export function brokerProfiles(): readonly BrokerProfileModule[] {
  return registry.all();
}

/** The profile's module; throws for a profile the registry does not hold (the schema lets none through). */
export function brokerProfile(name: string): BrokerProfileModule {
  const module = registry.find(name);
  if (!module)
    throw new Error(
      `unknown broker profile ${name} (known: ${brokerProfiles()
        .map((known) => known.name)
        .join(', ')})`,
    );
  return module;
}
