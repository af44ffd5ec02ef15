/**
 * A 2017 proof-of-concept worker: consumes its stage queues with auto-ack (`is.auto.ack=true`),
 * runs the task, and answers the orchestrator. A crash mid-task loses the task: the broker
 * counted it acknowledged on delivery, and nothing else remembers it.
 */
import { type BrokerClient, subscribe } from '../../simulator/components/broker-client.js';
import type { Delivery } from '../../simulator/scenario/broker/protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import type { JobSpec, TaskKind } from '../../simulator/scenario/model.js';
import { type CanaryResponse, stageQueue } from './orchestrator.js';

export interface CanaryWorkerInput {
  readonly node: string;
  readonly slots: number;
  readonly kinds: readonly TaskKind[];
  readonly broker: BrokerClient;
  readonly orchestrator: ComponentId;
}

interface Work {
  readonly job: JobSpec;
  readonly task: string;
}

export interface CanaryWorkerState {
  running: Record<string, { readonly work: Work; readonly execution: number }>;
  backlog: Work[];
  started: number;
}

const FINISH = 'finish:';

function subscribeAll(ctx: ComponentContext, input: CanaryWorkerInput): void {
  for (const kind of input.kinds) subscribe(ctx, input.broker, stageQueue(kind), { autoAck: true });
}

async function startNext(state: CanaryWorkerState, ctx: ComponentContext, input: CanaryWorkerInput): Promise<void> {
  while (Object.keys(state.running).length < input.slots && state.backlog.length > 0) {
    const work = state.backlog.shift() as Work;
    const started = await ctx.world({ op: 'exec.start', node: input.node, job: work.job, task: work.task, attempt: 1 });
    if (!started.started) continue;
    const key = `${state.started++}`;
    state.running[key] = { work, execution: started.execution };
    ctx.setTimer(`${FINISH}${key}`, ctx.nowMs + started.durationMs);
  }
}

export const canaryWorker: ComponentDefinition<CanaryWorkerState, CanaryWorkerInput> = {
  init: () => ({ running: {}, backlog: [], started: 0 }),

  onStart(_state, ctx, input) {
    subscribeAll(ctx, input);
  },

  onRestart(_state, ctx, input) {
    subscribeAll(ctx, input);
  },

  async onMessage(state, message, ctx, input) {
    const body = message.body as { type?: string };
    if (body.type === 'broker.reset') return subscribeAll(ctx, input);
    if (body.type !== 'broker.deliver') return;
    state.backlog.push((body as Delivery).body as Work);
    await startNext(state, ctx, input);
  },

  async onTimer(state, timer, ctx, input) {
    if (!timer.name.startsWith(FINISH)) return;
    const key = timer.name.slice(FINISH.length);
    const running = state.running[key];
    if (!running) return;
    delete state.running[key];
    const finished = await ctx.world({
      op: 'exec.finish',
      node: input.node,
      job: running.work.job.id,
      task: running.work.task,
      execution: running.execution,
    });
    const response: CanaryResponse = {
      type: 'response',
      job: running.work.job.id,
      task: running.work.task,
      status: finished.outcome === 'ok' ? 'OK' : 'FAILED',
    };
    ctx.send(input.orchestrator, response);
    await startNext(state, ctx, input);
  },
};
