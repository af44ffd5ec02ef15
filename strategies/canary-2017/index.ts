/**
 * `canary-2017` — the 2017 proof-of-concept as built (docs/background.md, *The final design:
 * as built*), kept so that tests can prove the checkers catch what it gets wrong. Do not use it
 * to decide anything.
 *
 * - State: experiment DAGs in the orchestrator's memory; a running set of znodes in the store.
 * - Placement: pull; RabbitMQ-style stage queues; workers consume with auto-ack.
 * - Failure detection: none (Serf only emailed an admin).
 * - Recovery: none that works: a worker crash loses its task (auto-ack); an orchestrator
 *   restart reads the running set and discards it; a publish to a down broker is dropped.
 * - Duplicates: an OK response advances "the next unexecuted node", not the node it answers,
 *   so a duplicate or stray OK skips a step and the chain runs out of order.
 * - CAP: neither — it loses work and breaks the task order.
 */
import { brokerFor } from '../../simulator/scenario/config.js';
import { defineStrategy } from '../types.js';
import { canaryOrchestrator, type CanaryOrchestratorInput } from './orchestrator.js';
import { canaryWorker, type CanaryWorkerInput } from './worker.js';

export const CANARY_ORCHESTRATOR_ID = 'orchestrator';

export const canary2017 = defineStrategy({
  name: 'canary-2017',
  components: { canaryOrchestratorWorkflow: canaryOrchestrator, canaryWorkerWorkflow: canaryWorker },
  summary: 'the 2017 proof-of-concept as built: auto-ack workers, an OK that advances the next unexecuted task',
  expectedCap: 'none: loses work, skips steps (a deliberately broken canary)',
  canary: true,
  needs: { broker: true },
  plan(config) {
    const workers = config.nodes.filter((node) => node.role === 'worker');
    const control = config.nodes.find((node) => node.role === 'control');
    if (!control) throw new Error('canary-2017: the configuration has no control node');
    const broker = (zone: string) => ({
      broker: brokerFor(config.broker, zone),
      profile: config.broker.profile,
      confirmTimeoutMs: 10_000,
      retryMs: 5_000,
      ackTimeoutMs: config.broker.ackTimeoutMs,
    });
    const orchestrator: CanaryOrchestratorInput = { broker: broker(control.zone) };
    return {
      components: [
        {
          id: CANARY_ORCHESTRATOR_ID,
          workflowType: 'canaryOrchestratorWorkflow' as const,
          node: control.id,
          input: orchestrator,
        },
        ...workers.map((node) => {
          const input: CanaryWorkerInput = {
            node: node.id,
            slots: node.slots,
            kinds: node.capabilities,
            broker: broker(node.zone),
            orchestrator: CANARY_ORCHESTRATOR_ID,
          };
          return { id: `worker-${node.id}`, workflowType: 'canaryWorkerWorkflow' as const, node: node.id, input };
        }),
      ],
      entryByZone: Object.fromEntries(config.zones.map((zone) => [zone, CANARY_ORCHESTRATOR_ID])),
    };
  },
});
