/**
 * The direct runtime: the same components, scheduler and world as on Temporal, in one process
 * loop. Each turn, the scheduler names the component with the globally earliest event; its step
 * runs through `simulator/kernel/step.ts` exactly as the Temporal kernel runs it, its world
 * calls and its commit go to the same scheduler methods the activities call. Only the transport
 * differs, so the order of events — and every history, ledger and result — is the same.
 *
 * Everything that crosses the activity boundary on Temporal (the granted step, each world call
 * and its answer, the commit, a spawned component's input) is serialised there as JSON; here it
 * is copied through JSON too, so a component sees exactly the values it would see on Temporal
 * and can never share an object with the world or another component.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SimulationAborted } from '../simulator/base/aborted.js';
import { DRIVER_COMPONENT_ID } from '../simulator/components/driver.js';
import { jsonCopy } from '../simulator/base/json-copy.js';
import type { AnyComponentDefinition } from '../simulator/kernel/component.js';
import type { CommitRequest, ComponentId } from '../simulator/kernel/protocol.js';
import {
  carriedMemory,
  carryLimitError,
  MAX_CARRY_BYTES,
  type ComponentIdentity,
  type ComponentMemory,
  initialMemory,
  runStep,
} from '../simulator/kernel/step.js';
import { Scheduler } from '../simulator/scheduler/scheduler.js';
import { World } from '../simulator/world/world.js';
import { componentDefinition } from '../strategies/components.js';
import { type ExecuteOptions, layOut, recordedBy, RunInterrupted, type StrategyExecution } from './execute.js';
import { ownCpuMs } from './profile.js';

/**
 * How often (in a component's own steps) the direct runtime measures what the component would
 * carry across continue-as-new on Temporal, to enforce the same size limit: every 256 steps
 * (the Temporal kernel continues-as-new after about 4,000 history events, a few hundred steps)
 * once the carry is past an eighth of the limit, every 2,048 below that — a measure costs time
 * in proportion to the state, and a state far from the limit cannot reach it in a few steps.
 */
const CARRY_CHECK_EVERY_STEPS = 256;
const CARRY_CHECK_EVERY_STEPS_WHEN_SMALL = 2_048;
/** Wall milliseconds between yields to the event loop (progress, Ctrl-C). */
const YIELD_EVERY_MS = 50;

interface Instance {
  readonly definition: AnyComponentDefinition;
  readonly identity: ComponentIdentity<unknown>;
  readonly memory: ComponentMemory<unknown>;
  step: number;
  /** The step after which the carry is measured next. */
  nextCarryCheck: number;
}

/** A copy of `value` as it comes out of Temporal's JSON payload converter. */
const throughJson = jsonCopy;

export async function executeDirect(options: ExecuteOptions): Promise<StrategyExecution> {
  const { config, strategy, runId } = options;
  const startedAt = Date.now();
  const cpuAtStart = ownCpuMs();
  const world = new World(config);
  const workflowIdFor = (componentId: string) => `${runId}.${componentId}`;
  const scheduler = new Scheduler(world, DRIVER_COMPONENT_ID, workflowIdFor);
  const instances = new Map<ComponentId, Instance>();
  const largestCarry = { component: '', bytes: 0 };

  const instantiate = (componentId: ComponentId, workflowType: string, node: string, input: unknown) => {
    const definition = componentDefinition(workflowType);
    const identity: ComponentIdentity<unknown> = { componentId, node, input: throughJson(input) };
    instances.set(componentId, {
      definition,
      identity,
      memory: initialMemory(definition, identity),
      step: 0,
      nextCarryCheck: CARRY_CHECK_EVERY_STEPS,
    });
  };
  for (const component of layOut(config, strategy)) {
    scheduler.register({
      id: component.componentId,
      workflowId: workflowIdFor(component.componentId),
      node: component.node,
      startAtMs: 0,
      durable: component.durable,
    });
    instantiate(component.componentId, component.workflowType, component.node, component.input);
  }

  const checkCarry = (instance: Instance) => {
    const bytes = JSON.stringify([instance.identity, carriedMemory(instance.memory)]).length;
    if (bytes > largestCarry.bytes) Object.assign(largestCarry, { component: instance.identity.componentId, bytes });
    const tooLarge = carryLimitError(bytes);
    if (tooLarge)
      throw new SimulationAborted(
        `component ${instance.identity.componentId} failed: ${tooLarge.message}`,
        instance.identity.componentId,
      );
    instance.nextCarryCheck =
      instance.step + (bytes > MAX_CARRY_BYTES / 8 ? CARRY_CHECK_EVERY_STEPS : CARRY_CHECK_EVERY_STEPS_WHEN_SMALL);
  };

  let lastYieldAt = performance.now();
  while (!scheduler.finished) {
    if (performance.now() - lastYieldAt > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYieldAt = performance.now();
      if (options.signal?.aborted) throw new RunInterrupted();
      options.onProgress?.(world.progress());
    }
    const componentId = scheduler.nextInTurn();
    if (componentId === null)
      throw new SimulationAborted(
        `the simulation ran out of events before the driver ended. Scheduler state: ${JSON.stringify(scheduler.snapshot())}`,
      );
    const instance = instances.get(componentId);
    if (!instance) throw new Error(`direct runtime: no instance of ${componentId}`);
    await stepInstance(scheduler, instance, instantiate);
    if (instance.step >= instance.nextCarryCheck) checkCarry(instance);
  }
  world.finish();
  options.onProgress?.(world.progress());
  const wallMs = Date.now() - startedAt;
  return {
    strategy: strategy.name,
    runtime: 'direct',
    ...recordedBy(world, scheduler),
    historyEvents: null,
    largestCarry: largestCarry.bytes === 0 ? null : { ...largestCarry },
    wallMs,
    simulatedMs: config.phases.endMs,
    profile: {
      worldMs: wallMs,
      nodeCpuMs: Math.round(ownCpuMs() - cpuAtStart),
      serverCpuMs: null,
      serverPeakRssMiB: null,
    },
  };
}

/** One step of one component: due, the handlers, commit, and the components it spawned. */
async function stepInstance(
  scheduler: Scheduler,
  instance: Instance,
  instantiate: (componentId: ComponentId, workflowType: string, node: string, input: unknown) => void,
): Promise<void> {
  const { componentId } = instance.identity;
  const step = instance.step;
  const due = scheduler.due({ componentId, step });
  if (due.kind !== 'granted') throw new Error(`direct runtime: ${componentId} was not granted its turn (${due.kind})`);
  const granted = throughJson(due);
  const fail = (what: string, error: unknown) =>
    new SimulationAborted(`${what} for ${componentId} failed: ${(error as Error).stack ?? String(error)}`, componentId);
  let outcome;
  try {
    outcome = await runStep(instance.definition, instance.memory, instance.identity, granted, async (call, index) => {
      try {
        return throughJson(scheduler.call({ componentId, step, index, nowMs: granted.nowMs, call: throughJson(call) }));
      } catch (error) {
        throw fail(`world call ${call.op}`, error);
      }
    });
  } catch (error) {
    if (error instanceof SimulationAborted) throw error;
    const failure = error as Error;
    throw new SimulationAborted(`component ${componentId} failed: ${failure.stack ?? failure.message}`, componentId);
  }
  const { effects, localNextMs } = outcome;
  const request: CommitRequest = throughJson({
    componentId,
    step,
    nowMs: granted.nowMs,
    sends: effects.sends,
    records: effects.records,
    localNextMs,
    spawns: effects.spawns,
    finished: effects.finished,
    historyEvents: 0,
    largestCarryBytes: 0,
  });
  let response;
  try {
    response = scheduler.commit(request);
  } catch (error) {
    throw fail('commit', error);
  }
  for (const spawn of request.spawns) {
    const spawned = response.spawned.find((candidate) => candidate.componentId === spawn.componentId);
    if (!spawned) throw fail('commit', new Error(`the scheduler did not register ${spawn.componentId}`));
    if (!spawned.existing) instantiate(spawn.componentId, spawn.workflowType, spawn.node, spawn.input);
  }
  instance.step++;
}
