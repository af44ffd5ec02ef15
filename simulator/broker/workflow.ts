/** The broker component's workflow function. */
import type { ResolvedBroker } from '../config.js';
import type { ComponentStart } from '../kernel/protocol.js';
import { type KernelCarry, runComponent } from '../kernel/run-component.js';
import { type BrokerState, brokerComponent } from './broker.js';

export async function faultlineBrokerWorkflow(start: ComponentStart<ResolvedBroker>, carry?: KernelCarry<BrokerState>): Promise<void> {
  await runComponent(brokerComponent, start, carry);
}
