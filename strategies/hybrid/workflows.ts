/** Temporal workflow functions of the `hybrid` strategy (bundled via strategies/workflows.ts). */
import type { ComponentStart } from '../../simulator/kernel/protocol.js';
import { type KernelCarry, runComponent } from '../../simulator/kernel/run-component.js';
import { hybridAgent, type HybridAgentInput, type HybridAgentState } from './agent.js';
import { hybridApi, type ApiInput, type ApiState } from './api.js';
import { hybridOrchestrator, type OrchestratorInput, type OrchestratorState } from './orchestrator.js';
import { hybridScheduler, type SchedulerInput, type SchedulerState } from './scheduler.js';

export async function hybridApiWorkflow(start: ComponentStart<ApiInput>, carry?: KernelCarry<ApiState>): Promise<void> {
  await runComponent(hybridApi, start, carry);
}

export async function hybridSchedulerWorkflow(start: ComponentStart<SchedulerInput>, carry?: KernelCarry<SchedulerState>): Promise<void> {
  await runComponent(hybridScheduler, start, carry);
}

export async function hybridOrchestratorWorkflow(start: ComponentStart<OrchestratorInput>, carry?: KernelCarry<OrchestratorState>): Promise<void> {
  await runComponent(hybridOrchestrator, start, carry);
}

export async function hybridAgentWorkflow(start: ComponentStart<HybridAgentInput>, carry?: KernelCarry<HybridAgentState>): Promise<void> {
  await runComponent(hybridAgent, start, carry);
}
