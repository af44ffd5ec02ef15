/**
 * The component registry: which component definition each workflow type stands for — faultline's
 * own (driver, client, broker) and every registered strategy's. Both runtimes look components up
 * here: the Temporal runtime's workflow bundle (`workflows.ts`) and the direct runtime.
 */
import { brokerComponent } from '../simulator/components/broker.js';
import { clientComponent } from '../simulator/components/client.js';
import { driverComponent } from '../simulator/components/driver.js';
import type { AnyComponentDefinition } from '../simulator/kernel/component.js';
import { STRATEGIES } from './index.js';
import type { ComponentDefinitions } from './types.js';

/** faultline's own components. The driver's workflow type is its own workflow function's name. */
export const FAULTLINE_COMPONENTS = {
  faultlineDriver: driverComponent,
  faultlineClientWorkflow: clientComponent,
  faultlineBrokerWorkflow: brokerComponent,
} as const satisfies ComponentDefinitions;

function buildRegistry(): ReadonlyMap<string, AnyComponentDefinition> {
  const registry = new Map<string, AnyComponentDefinition>(Object.entries(FAULTLINE_COMPONENTS));
  for (const strategy of STRATEGIES) {
    for (const [workflowType, definition] of Object.entries(strategy.components)) {
      const known = registry.get(workflowType);
      if (known && known !== definition)
        throw new Error(
          `component registry: workflow type ${workflowType} of strategy ${strategy.name} is already taken by another component`,
        );
      registry.set(workflowType, definition);
    }
  }
  return registry;
}

const REGISTRY = buildRegistry();

/** Every registered workflow type. */
export function componentWorkflowTypes(): string[] {
  return [...REGISTRY.keys()];
}

/** The component definition a workflow type stands for; throws, naming it, when none does. */
export function componentDefinition(workflowType: string): AnyComponentDefinition {
  const definition = REGISTRY.get(workflowType);
  if (!definition)
    throw new Error(
      `no component is registered under the workflow type ${workflowType} (strategies list theirs in \`components\`)`,
    );
  return definition;
}
