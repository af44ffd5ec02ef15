/**
 * The 2017 proof-of-concept's orchestrator, as built: experiment state in memory (standing in
 * for its Neo4j graph), a "running set" of znodes in the store, RabbitMQ-style publishing
 * fire-and-forget, and the response handler's bug (an OK advances the next unexecuted node).
 * Its recovery on restart reads the running set and throws it away (`recoverJobs()`), so
 * experiments in flight when it crashes are lost.
 */
import { type BrokerClient, publish, newPublisherState } from '../../simulator/components/broker-client.js';
import type { ClientReply } from '../../simulator/components/client-protocol.js';
import { isClientRequest } from '../../simulator/components/client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { JobState } from '../../simulator/scenario/model.js';
import { createExperiment, type Experiment, firstNode, onOkResponse } from './dag.js';

export interface CanaryOrchestratorInput {
  readonly broker: BrokerClient;
}

export interface CanaryOrchestratorState {
  /** Experiments still running. */
  experiments: Record<string, Experiment>;
  /**
   * Finished experiments: only how they ended. Nothing asks more of them, and the state is
   * carried from run to run of the workflow (continue-as-new), which Temporal bounds at 2 MiB.
   */
  finished: Record<string, 'COMPLETED' | 'FAILED'>;
  published: number;
}

/** Keeps only how a finished experiment ended. */
function retire(state: CanaryOrchestratorState, job: string, ended: 'COMPLETED' | 'FAILED'): void {
  delete state.experiments[job];
  state.finished[job] = ended;
}

/** What a worker answers for a task. */
export interface CanaryResponse {
  readonly type: 'response';
  readonly job: string;
  readonly task: string;
  readonly status: 'OK' | 'FAILED';
}

export const stageQueue = (kind: string) => `queue.${kind.toLowerCase()}`;
const znode = (job: string) => `running-exp-dir/${job}`;

function publishNode(
  state: CanaryOrchestratorState,
  ctx: ComponentContext,
  input: CanaryOrchestratorInput,
  experiment: Experiment,
  taskId: string,
): void {
  const task = experiment.spec.tasks.find((candidate) => candidate.id === taskId);
  if (!task) return;
  // The publisher logs an IOException and drops the message when the broker is down.
  publish(
    newPublisherState(),
    ctx,
    { ...input.broker, profile: 'at-most-once' },
    {
      queue: stageQueue(task.kind),
      id: `${experiment.spec.id}/${taskId}#${state.published++}`,
      body: { job: experiment.spec, task: taskId },
      priority: experiment.spec.priority,
    },
  );
  ctx.record({ type: 'info', f: 'dispatch', value: { job: experiment.spec.id, task: taskId, attempt: 1 } });
}

/** Read through a function: `onOkResponse` changes the state, which narrowing above cannot see. */
const stateOf = (experiment: Experiment): JobState => experiment.state;

async function onResponse(
  state: CanaryOrchestratorState,
  ctx: ComponentContext,
  input: CanaryOrchestratorInput,
  response: CanaryResponse,
): Promise<void> {
  const experiment = state.experiments[response.job];
  if (!experiment || experiment.state !== 'RUNNING') return;
  if (response.status === 'FAILED') {
    experiment.state = 'FAILED'; // FIXME in the 2017 code: no graceful handling, znode left behind
    ctx.record({ type: 'info', f: 'job-failed', value: { job: response.job, task: response.task } });
    retire(state, response.job, 'FAILED');
    return;
  }
  const next = onOkResponse(experiment, response.task);
  if (next !== undefined) publishNode(state, ctx, input, experiment, next);
  if (stateOf(experiment) === 'COMPLETED') {
    ctx.record({ type: 'info', f: 'job-complete', value: { job: response.job } });
    retire(state, response.job, 'COMPLETED');
    await ctx.world({ op: 'store.write', key: znode(response.job), value: null, consistency: 'one' });
  }
}

export const canaryOrchestrator: ComponentDefinition<CanaryOrchestratorState, CanaryOrchestratorInput> = {
  init: () => ({ experiments: {}, finished: {}, published: 0 }),

  async onMessage(state, message, ctx, input) {
    const body = message.body;
    if (isClientRequest(body)) {
      let reply: ClientReply;
      if (body.type === 'submit') {
        if (!state.experiments[body.job.id] && !state.finished[body.job.id]) {
          const experiment = createExperiment(body.job);
          state.experiments[body.job.id] = experiment;
          await ctx.world({ op: 'store.write', key: znode(body.job.id), value: true, consistency: 'one' });
          const first = firstNode(experiment);
          if (first !== undefined) publishNode(state, ctx, input, experiment, first);
        }
        reply = { type: 'submit-ok', op: body.op, job: body.job.id };
      } else {
        reply = {
          type: 'status-ok',
          op: body.op,
          job: body.job,
          state: state.experiments[body.job]?.state ?? state.finished[body.job] ?? 'UNKNOWN',
        };
      }
      ctx.send(message.from, reply);
      return;
    }
    const response = body as CanaryResponse;
    if (response.type === 'response') await onResponse(state, ctx, input, response);
  },

  async onRestart(_state, ctx) {
    // OrchestratorRunner.recoverJobs(): reads the running set... and loops over nothing.
    await ctx.world({ op: 'store.keys', prefix: 'running-exp-dir/' });
  },
};
