/** Temporal workflow functions of the `stateful` strategy (bundled via strategies/workflows.ts). */
import type { ComponentStart } from '../../simulator/kernel/protocol.js';
import { type KernelCarry, runComponent } from '../../simulator/kernel/run-component.js';
import { type AgentInput, type AgentState, statefulAgent } from './agent.js';
import { type CoordinatorComponentState, type CoordinatorInput, statefulCoordinator } from './coordinator.js';

export async function statefulCoordinatorWorkflow(start: ComponentStart<CoordinatorInput>, carry?: KernelCarry<CoordinatorComponentState>): Promise<void> {
  await runComponent(statefulCoordinator, start, carry);
}

export async function statefulAgentWorkflow(start: ComponentStart<AgentInput>, carry?: KernelCarry<AgentState>): Promise<void> {
  await runComponent(statefulAgent, start, carry);
}
