/**
 * The driver: one workflow per run, whose result the runner awaits (so the time-skipping server
 * can skip time for the whole scenario). It starts every component as a child workflow, then
 * runs as a component itself: it marks the phases (fault phase → convergence → final reads) and
 * the fault timeline in the history, and ends the run. Children are terminated when it returns.
 */
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import type { Phases } from '../config.js';
import { describeFault, type ResolvedFault } from '../faults/types.js';
import type { ComponentDefinition } from '../kernel/component.js';
import type { ComponentId, ComponentStart } from '../kernel/protocol.js';
import { runComponent } from '../kernel/run-component.js';
import { serverNowMs } from '../kernel/server-clock.js';

export const DRIVER_COMPONENT_ID = 'driver';
/** The driver is not part of the simulated system; it lives on a node no fault touches. */
export const HARNESS_NODE = 'harness';

export interface ChildComponent {
  readonly componentId: ComponentId;
  readonly workflowId: string;
  readonly workflowType: string;
  readonly node: string;
  readonly input: unknown;
}

export interface DriverInput {
  readonly runId: string;
  readonly timeScale: number;
  readonly phases: Phases;
  readonly faults: readonly ResolvedFault[];
  readonly children: readonly ChildComponent[];
  /** See ComponentStart.continueAsNewAfterEvents. */
  readonly continueAsNewAfterEvents?: number;
}

export interface DriverResult {
  readonly epochMs: number;
  readonly endMs: number;
}

interface DriverState {
  ended: boolean;
}

const driverComponent: ComponentDefinition<DriverState, DriverInput> = {
  init: () => ({ ended: false }),

  onStart(_state, ctx, input) {
    ctx.record({ type: 'info', f: 'phase', value: { phase: 'faults' } });
    for (const fault of input.faults) {
      ctx.setTimer(`fault-start:${fault.id}`, fault.startMs, fault);
      ctx.setTimer(`fault-stop:${fault.id}`, fault.endMs, fault);
    }
    ctx.setTimer('heal', input.phases.faultEndMs);
    ctx.setTimer('final-reads', input.phases.convergeEndMs);
    ctx.setTimer('end', input.phases.endMs);
  },

  onTimer(state, timer, ctx) {
    if (timer.name.startsWith('fault-start:') || timer.name.startsWith('fault-stop:')) {
      const fault = timer.data as ResolvedFault;
      const f = timer.name.startsWith('fault-start:') ? 'start' : 'stop';
      ctx.record({ type: 'info', f, process: 'nemesis', value: faultValue(fault) });
    } else if (timer.name === 'heal') {
      ctx.record({ type: 'info', f: 'heal', process: 'nemesis' });
      ctx.record({ type: 'info', f: 'phase', value: { phase: 'converge' } });
    } else if (timer.name === 'final-reads') {
      ctx.record({ type: 'info', f: 'phase', value: { phase: 'final-reads' } });
    } else if (timer.name === 'end') {
      ctx.record({ type: 'info', f: 'phase', value: { phase: 'end' } });
      state.ended = true;
      ctx.stop();
    }
  },

  onMessage(_state, message, ctx) {
    // The world tells the driver about crashes that triggers fired during the run.
    const body = message.body as { type?: string; fault?: ResolvedFault };
    if (body.type !== 'fault-fired' || !body.fault) return;
    ctx.record({ type: 'info', f: 'start', process: 'nemesis', value: faultValue(body.fault) });
    ctx.setTimer(`fault-stop:${body.fault.id}`, body.fault.endMs, body.fault);
  },
};

function faultValue(fault: ResolvedFault): Record<string, unknown> {
  return { fault: fault.id, kind: fault.kind, ...('nodes' in fault ? { nodes: fault.nodes } : {}), ...('site' in fault ? { site: fault.site } : {}), description: describeFault(fault) };
}

/** The workflow the runner starts and awaits. */
export async function faultlineDriver(input: DriverInput): Promise<DriverResult> {
  const epochMs = serverNowMs();
  const startOf = <Input>(componentId: ComponentId, node: string, childInput: Input): ComponentStart<Input> => ({
    runId: input.runId,
    componentId,
    node,
    epochMs,
    timeScale: input.timeScale,
    startAtMs: 0,
    input: childInput,
    ...(input.continueAsNewAfterEvents === undefined ? {} : { continueAsNewAfterEvents: input.continueAsNewAfterEvents }),
  });
  for (const child of input.children) {
    await startChild(child.workflowType, {
      workflowId: child.workflowId,
      args: [startOf(child.componentId, child.node, child.input)],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      taskQueue: workflowInfo().taskQueue,
    });
  }
  await runComponent(driverComponent, startOf(DRIVER_COMPONENT_ID, HARNESS_NODE, input), undefined, { continueAsNew: false });
  return { epochMs, endMs: input.phases.endMs };
}
