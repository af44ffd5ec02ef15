/**
 * The `hybrid` API service clients in one zone talk to. A job is accepted only once its record
 * is written to the replicated store at quorum — so on the minority side of a partition,
 * submits are refused (the design chooses consistency) — and then gets its own durable
 * orchestrator. Status reads are quorum reads: never stale, but unavailable without a quorum.
 */
import type { ClientReply } from '../../simulator/components/client-protocol.js';
import { isClientRequest } from '../../simulator/components/client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import type { JobSpec, JobState } from '../../simulator/scenario/model.js';
import type { WorkflowTypeOf } from '../types.js';
import type { hybrid } from './index.js';
import { jobKey, type OrchestratorInput } from './orchestrator.js';

export interface ApiInput {
  readonly scheduler: ComponentId;
  /** Where job orchestrators run (the control plane's Temporal workers). */
  readonly orchestratorNode: string;
  readonly orchestrator: Omit<OrchestratorInput, 'spec' | 'scheduler'>;
  readonly failoverMs: number;
}

export type ApiState = Record<string, never>;

export const orchestratorId = (job: string) => `job-${job}`;

async function submit(
  ctx: ComponentContext,
  input: ApiInput,
  from: ComponentId,
  op: string,
  spec: JobSpec,
): Promise<ClientReply> {
  const existing = await ctx.world({ op: 'store.read', key: jobKey(spec.id), consistency: 'quorum' });
  if (!existing.ok) return { type: 'submit-fail', op, job: spec.id, reason: existing.reason };
  if (existing.value !== null) return { type: 'submit-ok', op, job: spec.id };
  const written = await ctx.world({
    op: 'store.write',
    key: jobKey(spec.id),
    value: { state: 'QUEUED' satisfies JobState, atMs: ctx.nowMs },
    consistency: 'quorum',
  });
  if (!written.ok) return { type: 'submit-fail', op, job: spec.id, reason: written.reason };
  const orchestrator: OrchestratorInput = { ...input.orchestrator, spec, scheduler: input.scheduler };
  ctx.spawn(
    orchestratorId(spec.id),
    'hybridOrchestratorWorkflow' satisfies WorkflowTypeOf<typeof hybrid>,
    input.orchestratorNode,
    orchestrator,
    { durable: { failoverMs: input.failoverMs } },
  );
  void from;
  return { type: 'submit-ok', op, job: spec.id };
}

export const hybridApi: ComponentDefinition<ApiState, ApiInput> = {
  init: () => ({}),

  async onMessage(_state, message, ctx, input) {
    const body = message.body;
    if (!isClientRequest(body)) return;
    if (body.type === 'submit') {
      ctx.send(message.from, await submit(ctx, input, message.from, body.op, body.job));
      return;
    }
    const read = await ctx.world({ op: 'store.read', key: jobKey(body.job), consistency: 'quorum' });
    const reply: ClientReply = read.ok
      ? {
          type: 'status-ok',
          op: body.op,
          job: body.job,
          state: (read.value as { state: JobState } | null)?.state ?? 'UNKNOWN',
        }
      : { type: 'status-fail', op: body.op, job: body.job, reason: read.reason };
    ctx.send(message.from, reply);
  },
};
