/** The client component's workflow function. */
import type { ComponentStart } from '../kernel/protocol.js';
import { type KernelCarry, runComponent } from '../kernel/run-component.js';
import { type ClientInput, type ClientState, clientComponent } from './client.js';

export async function faultlineClientWorkflow(start: ComponentStart<ClientInput>, carry?: KernelCarry<ClientState>): Promise<void> {
  await runComponent(clientComponent, start, carry);
}
