/**
 * `round-robin` — the worked example of docs/writing-a-strategy.md, not a design to compare:
 * a dispatcher on the control node sends each ready task to the next worker in turn and never
 * doubts them. Marked `example`, so `--strategy all` leaves it out; run it by name.
 */
import { defineStrategy } from '../types.js';
import { type DispatcherInput, roundRobinDispatcher } from './dispatcher.js';
import { roundRobinWorker, type WorkerInput } from './worker.js';

export const roundRobin = defineStrategy({
  name: 'round-robin',
  components: { roundRobinDispatcherWorkflow: roundRobinDispatcher, roundRobinWorkerWorkflow: roundRobinWorker },
  summary: 'worked example: a dispatcher hands tasks to workers in turn, no failure handling',
  expectedCap: 'none: any fault loses work',
  example: true,
  plan(config) {
    const workers = config.nodes.filter((node) => node.role === 'worker');
    const dispatcher: DispatcherInput = { workers: workers.map((node) => `rr-worker-${node.id}`) };
    return {
      components: [
        {
          id: 'rr-dispatcher',
          workflowType: 'roundRobinDispatcherWorkflow' as const,
          node: 'control',
          input: dispatcher,
        },
        ...workers.map((node) => {
          const input: WorkerInput = { node: node.id, dispatcher: 'rr-dispatcher' };
          return {
            id: `rr-worker-${node.id}`,
            workflowType: 'roundRobinWorkerWorkflow' as const,
            node: node.id,
            input,
          };
        }),
      ],
      entryByZone: Object.fromEntries(config.zones.map((zone) => [zone, 'rr-dispatcher'])),
    };
  },
});
