/**
 * The workflow bundle's entry point (Temporal runtime). The driver has a workflow function of
 * its own; every other component — faultline's client and broker, and each strategy's — runs as
 * the default workflow, which Temporal calls for any workflow type not exported by name, and
 * which finds its definition in the component registry by its workflow type. So a strategy adds
 * nothing here: listing its components in its `components` is enough.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { ComponentStart } from '../simulator/kernel/protocol.js';
import { type KernelCarry, runComponent } from '../simulator/temporal/run-component.js';
import { componentDefinition } from './components.js';

export { faultlineDriver } from '../simulator/temporal/driver-workflow.js';

export default async function componentWorkflow(start: ComponentStart, carry?: KernelCarry<unknown>): Promise<void> {
  await runComponent(componentDefinition(workflowInfo().workflowType), start, carry);
}
