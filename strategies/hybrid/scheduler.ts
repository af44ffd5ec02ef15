/**
 * The `hybrid` scheduler: matches node offers to placement requests (the Mesos/Aurora idea of
 * the 2017 final design: workers advertise, the scheduler chooses). Each placement takes a
 * lease on the task in the replicated store — a re-placement pre-empts the old holder with a
 * higher fencing token — then launches the task on the node. It watches the nodes with a
 * heartbeat detector and tells orchestrators when a node running their task is lost. Its state
 * is volatile: after a restart it asks the nodes to offer again, and orchestrators re-send
 * what they still wait for.
 */
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId, Envelope } from '../../simulator/kernel/protocol.js';
import type { DetectorVerdict } from '../../simulator/kernel/calls.js';
import { match, type MatchingState, newMatchingState, recordOffer, requestPlacement, setOnline } from './matching.js';
import type {
  LaunchMessage,
  LostMessage,
  OfferMessage,
  OffersPleaseMessage,
  PlacedMessage,
  PlaceMessage,
} from './messages.js';

export interface SchedulerInput {
  readonly nodes: readonly { readonly id: string; readonly agent: ComponentId }[];
  readonly heartbeatPeriodMs: number;
  readonly suspectAfterMs: number;
  readonly leaseTtlMs: number;
}

interface Placed {
  readonly orchestrator: ComponentId;
  readonly node: string;
  readonly attempt: number;
  readonly token: number;
}

export interface SchedulerState {
  matching: MatchingState;
  /** Placement requests with their specs, by `job/task`. */
  specs: Record<string, PlaceMessage>;
  /** What runs where, by `job/task`. */
  placed: Record<string, Placed>;
}

const RETRY_MATCH = 'retry-match';
export const leaseResource = (job: string, task: string) => `lease/${job}/${task}`;

const agentOf = (input: SchedulerInput, node: string) => input.nodes.find((candidate) => candidate.id === node)?.agent;

async function dispatch(state: SchedulerState, ctx: ComponentContext, input: SchedulerInput): Promise<void> {
  for (const placement of match(state.matching)) {
    const { request, node } = placement;
    const key = `${request.job}/${request.task}`;
    const spec = state.specs[key];
    const agent = agentOf(input, node);
    if (!spec || !agent) continue;
    const lease = await ctx.world({
      op: 'lease.acquire',
      resource: leaseResource(request.job, request.task),
      owner: `${key}#${request.attempt}`,
      ttlMs: input.leaseTtlMs,
      preempt: request.attempt > 1,
    });
    if (!lease.ok) {
      // No quorum for the lease: keep the request and try again shortly.
      requestPlacement(state.matching, request);
      const offer = state.matching.offers[node];
      if (offer) offer.free += 1;
      ctx.setTimer(RETRY_MATCH, ctx.nowMs + 5_000);
      continue;
    }
    delete state.specs[key];
    state.placed[key] = { orchestrator: request.orchestrator, node, attempt: request.attempt, token: lease.token };
    const launch: LaunchMessage = {
      type: 'launch',
      job: spec.spec,
      task: request.task,
      attempt: request.attempt,
      token: lease.token,
      orchestrator: request.orchestrator,
    };
    ctx.send(agent, launch);
    const placed: PlacedMessage = {
      type: 'placed',
      task: request.task,
      attempt: request.attempt,
      node,
      token: lease.token,
    };
    ctx.send(request.orchestrator, placed);
  }
}

function loseNode(state: SchedulerState, ctx: ComponentContext, node: string): void {
  setOnline(state.matching, node, false);
  for (const [key, placed] of Object.entries(state.placed)) {
    if (placed.node !== node) continue;
    delete state.placed[key];
    const lost: LostMessage = {
      type: 'lost',
      task: key.slice(key.lastIndexOf('/') + 1),
      attempt: placed.attempt,
      node,
    };
    ctx.send(placed.orchestrator, lost);
  }
}

async function watchAll(ctx: ComponentContext, input: SchedulerInput): Promise<void> {
  for (const node of input.nodes)
    await ctx.world({
      op: 'detector.watch',
      node: node.id,
      periodMs: input.heartbeatPeriodMs,
      timeoutMs: input.suspectAfterMs,
    });
}

async function onMessage(
  state: SchedulerState,
  message: Envelope,
  ctx: ComponentContext,
  input: SchedulerInput,
): Promise<void> {
  const body = message.body as { type?: string };
  switch (body.type) {
    case 'offer': {
      const offer = body as OfferMessage;
      recordOffer(state.matching, offer.node, offer.capabilities, offer.free);
      break;
    }
    case 'place': {
      const request = body as PlaceMessage;
      const key = `${request.job}/${request.task}`;
      const placed = state.placed[key];
      if (placed && placed.attempt >= request.attempt) {
        // A request re-sent before the orchestrator heard it was placed (or the answer was
        // lost): answer again rather than place the same attempt twice, which would launch it
        // twice and count a slot the node never gave.
        const again: PlacedMessage = {
          type: 'placed',
          task: request.task,
          attempt: placed.attempt,
          node: placed.node,
          token: placed.token,
        };
        if (placed.attempt === request.attempt) ctx.send(request.orchestrator, again);
        break;
      }
      state.specs[key] = request;
      requestPlacement(state.matching, request);
      break;
    }
    case 'detector': {
      const verdict = body as DetectorVerdict;
      if (verdict.verdict === 'suspect') {
        ctx.record({ type: 'info', f: 'suspect', value: { node: verdict.node } });
        loseNode(state, ctx, verdict.node);
      } else {
        ctx.record({ type: 'info', f: 'trust', value: { node: verdict.node, reason: 'heartbeat' } });
        const agent = agentOf(input, verdict.node);
        const please: OffersPleaseMessage = { type: 'offers-please' };
        if (agent) ctx.send(agent, please);
      }
      break;
    }
    case 'undeliverable': {
      const bounce = body as { to: ComponentId; body: { type?: string } };
      const node = input.nodes.find((candidate) => candidate.agent === bounce.to)?.id;
      if (node !== undefined && bounce.body.type === 'launch') loseNode(state, ctx, node);
      break;
    }
  }
}

export const hybridScheduler: ComponentDefinition<SchedulerState, SchedulerInput> = {
  init: (input) => ({ matching: newMatchingState(input.nodes.map((node) => node.id)), specs: {}, placed: {} }),

  async onStart(_state, ctx, input) {
    await watchAll(ctx, input);
  },

  async onRestart(_state, ctx, input) {
    await watchAll(ctx, input);
    const please: OffersPleaseMessage = { type: 'offers-please' };
    for (const node of input.nodes) ctx.send(node.agent, please);
  },

  async onMessage(state, message, ctx, input) {
    await onMessage(state, message, ctx, input);
    await dispatch(state, ctx, input);
  },

  async onTimer(state, _timer, ctx, input) {
    await dispatch(state, ctx, input);
  },
};
