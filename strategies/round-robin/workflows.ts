/** Temporal workflow functions of the worked example (bundled via strategies/workflows.ts). */
import type { ComponentStart } from '../../simulator/kernel/protocol.js';
import { type KernelCarry, runComponent } from '../../simulator/kernel/run-component.js';
import { type DispatcherInput, type DispatcherState, roundRobinDispatcher } from './dispatcher.js';
import { roundRobinWorker, type WorkerInput, type WorkerState } from './worker.js';

export async function roundRobinDispatcherWorkflow(start: ComponentStart<DispatcherInput>, carry?: KernelCarry<DispatcherState>): Promise<void> {
  await runComponent(roundRobinDispatcher, start, carry);
}

export async function roundRobinWorkerWorkflow(start: ComponentStart<WorkerInput>, carry?: KernelCarry<WorkerState>): Promise<void> {
  await runComponent(roundRobinWorker, start, carry);
}
