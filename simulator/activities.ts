/**
 * The activities every component calls: the boundary between Temporal workflows (the control
 * plane) and the world (the data plane). They answer within milliseconds of wall time — the
 * time-skipping server's clock cannot jump while one is outstanding — and faults enter the run
 * only here, through the world's answers. Registered as local activities by the runner.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CallRequest, CommitRequest, CommitResponse, DueRequest, DueResponse } from './kernel/protocol.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { CallOutcome } from './world/calls.js';

export interface AbortRequest {
  readonly componentId: string;
  readonly message: string;
  readonly stack?: string;
}

export interface SimulationActivities {
  simDue(request: DueRequest): Promise<DueResponse>;
  simCall(request: CallRequest): Promise<CallOutcome>;
  simCommit(request: CommitRequest): Promise<CommitResponse>;
  /** A component's handler threw: the run is broken and must stop. */
  simAbort(request: AbortRequest): Promise<void>;
}

/** Raised to the runner when the simulation cannot go on (a bug, never a simulated fault). */
export class SimulationAborted extends Error {
  constructor(
    message: string,
    readonly componentId?: string,
  ) {
    super(message);
    this.name = 'SimulationAborted';
  }
}

export function createSimulationActivities(scheduler: Scheduler, onFatal: (error: SimulationAborted) => void): SimulationActivities {
  const guard = <T>(componentId: string, what: string, body: () => T): T => {
    try {
      return body();
    } catch (error) {
      const message = `${what} for ${componentId} failed: ${(error as Error).stack ?? String(error)}`;
      onFatal(new SimulationAborted(message, componentId));
      throw ApplicationFailure.nonRetryable(message, 'SimulationAborted');
    }
  };
  return {
    async simDue(request) {
      return guard(request.componentId, 'due', () => scheduler.due(request));
    },
    async simCall(request) {
      return guard(request.componentId, `world call ${request.call.op}`, () => scheduler.call(request));
    },
    async simCommit(request) {
      return guard(request.componentId, 'commit', () => scheduler.commit(request));
    },
    async simAbort(request) {
      onFatal(new SimulationAborted(`component ${request.componentId} failed: ${request.stack ?? request.message}`, request.componentId));
    },
  };
}
