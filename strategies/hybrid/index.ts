/**
 * `hybrid` — the 2017 final, Mesos/Aurora-inspired design (docs/background.md, *The final design*), on Temporal.
 *
 * - State: central and highly available — every job's record and status in the replicated
 *   store, written at quorum; each job driven by its own durable orchestrator (a Temporal
 *   workflow of its own on the control plane).
 * - Placement: two-level — nodes advertise their capabilities and free slots as offers; the
 *   scheduler matches offers to the orchestrators' placement requests.
 * - Failure detection: heartbeats (period 5 s, suspect after 30 s); a refused launch.
 * - Recovery: the orchestrator re-places a lost task; the new placement pre-empts the task's
 *   lease with a higher fencing token.
 * - Duplicates: prevented where they matter — a zombie's late submission or result is refused
 *   by the site or the store (fencing), and a resubmission of a task is recognised by its
 *   idempotency key. A zombie may still run (duplicate execution), to no effect.
 * - CAP: CP. Without a store quorum (the minority side of a partition) it refuses submits and
 *   status reads, and its nodes take no new work.
 */
import { defineStrategy } from '../types.js';
import { hybridAgent, type HybridAgentInput } from './agent.js';
import { type ApiInput, hybridApi } from './api.js';
import { hybridOrchestrator } from './orchestrator.js';
import { hybridScheduler, type SchedulerInput } from './scheduler.js';

export const HYBRID_SCHEDULER_ID = 'scheduler';
const FAILOVER_MS = 10_000;
const LEASE_TTL_MS = 24 * 3_600_000;

export const hybrid = defineStrategy({
  name: 'hybrid',
  components: {
    hybridApiWorkflow: hybridApi,
    hybridSchedulerWorkflow: hybridScheduler,
    hybridOrchestratorWorkflow: hybridOrchestrator,
    hybridAgentWorkflow: hybridAgent,
  },
  summary: 'durable per-job orchestration, state in a quorum store, offers matched by a scheduler, fenced leases',
  expectedCap: 'CP: no duplicate effects; the minority side refuses work',
  reactions: ['suspect', 'reclaim', 'redispatch'],
  claims: ['no-duplicate-effects'],
  plan(config) {
    const workers = config.nodes.filter((node) => node.role === 'worker');
    const control = config.nodes.find((node) => node.role === 'control');
    if (!control) throw new Error('hybrid: the configuration has no control node');
    const scheduler: SchedulerInput = {
      nodes: workers.map((node) => ({ id: node.id, agent: `agent-${node.id}` })),
      heartbeatPeriodMs: 5_000,
      suspectAfterMs: 30_000,
      leaseTtlMs: LEASE_TTL_MS,
    };
    const apiInput: ApiInput = {
      scheduler: HYBRID_SCHEDULER_ID,
      orchestratorNode: control.id,
      orchestrator: { retry: { maxAttempts: 5, backoffMs: 30_000 }, placeTimeoutMs: 60_000, launchTimeoutMs: 30_000 },
      failoverMs: FAILOVER_MS,
    };
    // An API service runs on every worker node (on the control node for a zone without
    // workers); clients try their zone's in turn.
    const apis = config.zones.flatMap((zone) => {
      const inZone = workers.filter((node) => node.zone === zone);
      const hosts =
        inZone.length > 0
          ? inZone.map((node) => ({ id: `api-${node.id}`, node: node.id }))
          : [{ id: `api-${zone}`, node: control.id }];
      return hosts.map((host) => ({ ...host, zone, workflowType: 'hybridApiWorkflow' as const, input: apiInput }));
    });
    return {
      components: [
        {
          id: HYBRID_SCHEDULER_ID,
          workflowType: 'hybridSchedulerWorkflow' as const,
          node: control.id,
          input: scheduler,
        },
        ...apis.map(({ zone: _zone, ...api }) => api),
        ...workers.map((node) => {
          const input: HybridAgentInput = {
            node: node.id,
            slots: node.slots,
            capabilities: node.capabilities,
            scheduler: HYBRID_SCHEDULER_ID,
            leaseTtlMs: LEASE_TTL_MS,
            resendMs: 15_000,
          };
          return { id: `agent-${node.id}`, workflowType: 'hybridAgentWorkflow' as const, node: node.id, input };
        }),
      ],
      entryByZone: Object.fromEntries(
        config.zones.map((zone) => [zone, apis.filter((api) => api.zone === zone).map((api) => api.id)]),
      ),
    };
  },
});
