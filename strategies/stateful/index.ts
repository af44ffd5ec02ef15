/**
 * `stateful` and `stateful-volatile` — the 2017 state-full design (docs/background.md). See
 * docs/strategies.md.
 *
 * - State: all job and task state in one coordinator on the control node — durable in its
 *   Temporal workflow (`stateful`), or in memory as 2017 built it (`stateful-volatile`).
 * - Placement: push; least-loaded trusted node with a free slot and the capability.
 * - Failure detection: heartbeats (period 5 s, suspect after 30 s of silence); a restarted
 *   node's hello; a refused connection; an assignment not confirmed within 10 s.
 * - Recovery: the suspected or restarted node's tasks are re-dispatched as new attempts;
 *   retryable failures are retried with exponential back-off (30 s, 1 m, 2 m, 4 m), then (or on
 *   a fatal one) the job fails. Reports are re-sent until acknowledged, so a lost message costs
 *   time, not work.
 * - Duplicates: not prevented. A node that is suspected but alive (a zombie) finishes its
 *   attempt too; the first report wins, but both ran — and both submitted, for a JOB_SUBMISSION.
 * - CAP: one consistent view in one place; the far side of a partition that cuts the
 *   coordinator off gets nothing done (CP-leaning, availability tied to one component).
 */
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import { defineStrategy, type StrategyPlan } from '../types.js';
import { type AgentInput, statefulAgent } from './agent.js';
import { type CoordinatorInput, statefulCoordinator } from './coordinator.js';

export const COORDINATOR_ID = 'coordinator';

/** The components of both variants, by workflow type. */
const components = { statefulCoordinatorWorkflow: statefulCoordinator, statefulAgentWorkflow: statefulAgent };

/** Lays out a coordinator (durable or volatile) and one agent per worker node. */
function planStateful(
  config: ResolvedConfig,
  persistence: CoordinatorInput['persistence'],
): StrategyPlan<keyof typeof components> {
  const workers = config.nodes.filter((node) => node.role === 'worker');
  const control = config.nodes.find((node) => node.role === 'control');
  if (!control) throw new Error('stateful: the configuration has no control node');
  const coordinator: CoordinatorInput = {
    persistence,
    nodes: workers.map((node) => ({
      id: node.id,
      slots: node.slots,
      capabilities: node.capabilities,
      present: node.joinAtMs === undefined,
      agent: `agent-${node.id}`,
    })),
    heartbeatPeriodMs: 5_000,
    suspectAfterMs: 30_000,
    assignTimeoutMs: 10_000,
    retry: { maxAttempts: 5, backoffMs: 30_000 },
  };
  return {
    components: [
      {
        id: COORDINATOR_ID,
        workflowType: 'statefulCoordinatorWorkflow' as const,
        node: control.id,
        input: coordinator,
        ...(persistence === 'temporal' ? { durable: { failoverMs: 10_000 } } : {}),
      },
      ...workers.map((node) => {
        const input: AgentInput = { node: node.id, coordinator: COORDINATOR_ID, resendMs: 15_000 };
        return { id: `agent-${node.id}`, workflowType: 'statefulAgentWorkflow' as const, node: node.id, input };
      }),
    ],
    entryByZone: Object.fromEntries(config.zones.map((zone) => [zone, COORDINATOR_ID])),
  };
}

export const stateful = defineStrategy({
  name: 'stateful',
  components,
  summary: 'one durable coordinator holds all state, pushes tasks, detects dead nodes by heartbeats',
  expectedCap: 'CP: one consistent view; the far side of a partition stalls',
  reactions: ['suspect', 'reclaim', 'redispatch'],
  plan: (config) => planStateful(config, 'temporal'),
});

/**
 * `stateful-volatile` — the same design as 2017 built it: the coordinator's state in its
 * process's memory. A crash of its host loses every job's progress; on restart it re-admits the
 * unfinished jobs it had recorded in the store and runs them from the start (duplicate work and
 * duplicate site submissions), and it is unavailable while down.
 */
export const statefulVolatile = defineStrategy({
  name: 'stateful-volatile',
  components,
  summary: 'the 2017 state-full design as built: the coordinator keeps its state in memory',
  expectedCap: 'CP in name; a coordinator crash costs availability and repeats work',
  reactions: ['suspect', 'reclaim', 'redispatch', 'rebuild'],
  plan: (config) => planStateful(config, 'volatile'),
});
