/**
 * `stateful` — the 2017 state-full design on Temporal. See docs/strategies.md.
 *
 * - State: all job and task state in one coordinator workflow on the control node; durable.
 * - Placement: push; least-loaded trusted node with a free slot and the capability.
 * - Failure detection: heartbeats (period 5 s, suspect after 30 s of silence); a restarted
 *   node's hello.
 * - Recovery: the suspected or restarted node's tasks are re-dispatched as new attempts.
 * - Duplicates: not prevented. A node that is suspected but alive (a zombie) finishes its
 *   attempt too; the first report wins, but both ran — and both submitted, for a JOB_SUBMISSION.
 * - CAP: consistent view in one place, but a partition that cuts the coordinator off stops
 *   all progress on the far side (CP-leaning, availability tied to one component).
 */
import type { Strategy } from '../types.js';
import type { AgentInput } from './agent.js';
import type { CoordinatorInput } from './coordinator.js';

export const COORDINATOR_ID = 'coordinator';

export const stateful: Strategy = {
  name: 'stateful',
  summary: 'one durable coordinator holds all state, pushes tasks, detects dead nodes by heartbeats',
  expectedCap: 'CP: one consistent view; the far side of a partition stalls',
  plan(config) {
    const workers = config.nodes.filter((node) => node.role === 'worker');
    const control = config.nodes.find((node) => node.role === 'control');
    if (!control) throw new Error('stateful: the configuration has no control node');
    const coordinator: CoordinatorInput = {
      nodes: workers.map((node) => ({ id: node.id, slots: node.slots, capabilities: node.capabilities, agent: `agent-${node.id}` })),
      heartbeatPeriodMs: 5_000,
      suspectAfterMs: 30_000,
    };
    return {
      components: [
        { id: COORDINATOR_ID, workflowType: 'statefulCoordinatorWorkflow', node: control.id, input: coordinator },
        ...workers.map((node) => {
          const input: AgentInput = { node: node.id, coordinator: COORDINATOR_ID };
          return { id: `agent-${node.id}`, workflowType: 'statefulAgentWorkflow', node: node.id, input };
        }),
      ],
      entryByZone: Object.fromEntries(config.zones.map((zone) => [zone, COORDINATOR_ID])),
    };
  },
};
