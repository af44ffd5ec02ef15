/**
 * The driver: faultline's own component that runs the scenario's clock. It marks the phases
 * (fault phase → convergence → final reads) and the fault timeline in the history, and ends the
 * run. On Temporal it is the workflow whose result the runner awaits (`driver-workflow.ts`).
 */
import type { Phases } from '../scenario/config.js';
import { describeFault, type ResolvedFault } from '../scenario/faults/types.js';
import type { FaultRecordValue } from '../scenario/history.js';
import type { ComponentDefinition } from '../kernel/component.js';

export const DRIVER_COMPONENT_ID = 'driver';
/** The driver is not part of the simulated system; it lives on a node no fault touches. */
export const HARNESS_NODE = 'harness';

/** What the driver component needs: the run's phases and its fault timeline. */
export interface DriverComponentInput {
  readonly phases: Phases;
  readonly faults: readonly ResolvedFault[];
}

interface DriverState {
  ended: boolean;
}

export const driverComponent: ComponentDefinition<DriverState, DriverComponentInput> = {
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

/** The value of a fault's nemesis `start` and `stop` records. */
function faultValue(fault: ResolvedFault): FaultRecordValue {
  return {
    fault: fault.id,
    kind: fault.kind,
    ...('nodes' in fault ? { nodes: fault.nodes } : {}),
    ...('site' in fault ? { site: fault.site } : {}),
    description: describeFault(fault),
  };
}
