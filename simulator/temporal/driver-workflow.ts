/**
 * The driver's workflow on the Temporal runtime: the one workflow whose result the runner awaits
 * (so the time-skipping server can skip time for the whole scenario). It starts every component
 * as a child workflow, then runs the driver component; children are terminated when it returns.
 */
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import type { ComponentId, ComponentStart } from '../kernel/protocol.js';
import { runComponent } from './run-component.js';
import { serverNowMs } from './server-clock.js';
import { DRIVER_COMPONENT_ID, type DriverComponentInput, driverComponent, HARNESS_NODE } from '../components/driver.js';

/** A component the driver starts as its child. */
export interface ChildComponent {
  readonly componentId: ComponentId;
  readonly workflowId: string;
  readonly workflowType: string;
  readonly node: string;
  readonly input: unknown;
}

export interface DriverInput extends DriverComponentInput {
  readonly runId: string;
  readonly timeScale: number;
  readonly children: readonly ChildComponent[];
  /** See ComponentStart.continueAsNewAfterEvents. */
  readonly continueAsNewAfterEvents?: number;
  /**
   * The children's workflow task timeout (default the server's, 10 s): shorter when the run kills its worker, since a
   * task the dead worker had started is given to another only when it times out.
   */
  readonly workflowTaskTimeoutMs?: number;
}

export interface DriverResult {
  readonly epochMs: number;
  readonly endMs: number;
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
    ...(input.continueAsNewAfterEvents === undefined
      ? {}
      : { continueAsNewAfterEvents: input.continueAsNewAfterEvents }),
  });
  for (const child of input.children) {
    await startChild(child.workflowType, {
      workflowId: child.workflowId,
      args: [startOf(child.componentId, child.node, child.input)],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      taskQueue: workflowInfo().taskQueue,
      ...(input.workflowTaskTimeoutMs === undefined ? {} : { workflowTaskTimeout: input.workflowTaskTimeoutMs }),
    });
  }
  await runComponent(driverComponent, startOf(DRIVER_COMPONENT_ID, HARNESS_NODE, input), undefined, {
    continueAsNew: false,
  });
  return { epochMs, endMs: input.phases.endMs };
}
