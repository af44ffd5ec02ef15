/** Temporal workflow functions of the `canary-2017` strategy (bundled via strategies/workflows.ts). */
import type { ComponentStart } from '../../simulator/kernel/protocol.js';
import { type KernelCarry, runComponent } from '../../simulator/kernel/run-component.js';
import { canaryOrchestrator, type CanaryOrchestratorInput, type CanaryOrchestratorState } from './orchestrator.js';
import { canaryWorker, type CanaryWorkerInput, type CanaryWorkerState } from './worker.js';

export async function canaryOrchestratorWorkflow(start: ComponentStart<CanaryOrchestratorInput>, carry?: KernelCarry<CanaryOrchestratorState>): Promise<void> {
  await runComponent(canaryOrchestrator, start, carry);
}

export async function canaryWorkerWorkflow(start: ComponentStart<CanaryWorkerInput>, carry?: KernelCarry<CanaryWorkerState>): Promise<void> {
  await runComponent(canaryWorker, start, carry);
}
