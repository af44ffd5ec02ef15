/** Temporal workflow functions of the `stateless` strategy (bundled via strategies/workflows.ts). */
import type { ComponentStart } from '../../simulator/kernel/protocol.js';
import { type KernelCarry, runComponent } from '../../simulator/kernel/run-component.js';
import { type GatewayInput, type GatewayState, statelessGateway } from './gateway.js';
import { statelessWorker, type WorkerInput, type WorkerState } from './worker.js';

export async function statelessGatewayWorkflow(start: ComponentStart<GatewayInput>, carry?: KernelCarry<GatewayState>): Promise<void> {
  await runComponent(statelessGateway, start, carry);
}

export async function statelessWorkerWorkflow(start: ComponentStart<WorkerInput>, carry?: KernelCarry<WorkerState>): Promise<void> {
  await runComponent(statelessWorker, start, carry);
}
