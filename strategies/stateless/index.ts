/**
 * `stateless` — the 2017 state-less design (docs/background.md, *The state-less design*): no component holds a job's
 * state.
 *
 * - State: travels in the messages (each stage message carries the job and what is done);
 *   job status lives in the replicated store, read and written at consistency `one` (eventually
 *   consistent, so a status read can be stale); DAG joins use `done` markers at quorum.
 * - Placement: pull; one queue per stage on the broker of the worker's zone; competing
 *   consumers take what their node can run.
 * - Failure detection: none of its own. The broker redelivers what a crashed or cut-off
 *   consumer never acknowledged (at-least-once, after the ack timeout) — or, under the 2017
 *   at-most-once profile, nothing does and the work is lost.
 * - Duplicates: not prevented. A redelivered task runs again — and submits again to the site.
 * - CAP: AP. With a broker per zone (`topology.broker.zones`) each side of a partition keeps
 *   accepting and running jobs; reads may be stale, work may run twice.
 */
import { brokerFor } from '../../simulator/scenario/config.js';
import type { BrokerClient } from '../../simulator/components/broker-client.js';
import { defineStrategy } from '../types.js';
import { type GatewayInput, statelessGateway } from './gateway.js';
import { statelessWorker, type WorkerInput } from './worker.js';

export const stateless = defineStrategy({
  name: 'stateless',
  components: { statelessGatewayWorkflow: statelessGateway, statelessWorkerWorkflow: statelessWorker },
  summary:
    'queue per stage, competing consumers, job context in the messages, status in an eventually consistent store',
  expectedCap: 'AP: both sides of a partition keep working; stale reads and duplicate runs',
  claims: ['submits-available-in-zone-split'],
  needs: { broker: true },
  plan(config) {
    const workers = config.nodes.filter((node) => node.role === 'worker');
    const control = config.nodes.find((node) => node.role === 'control');
    const client = (zone: string): BrokerClient => ({
      broker: brokerFor(config.broker, zone),
      profile: config.broker.profile,
      confirmTimeoutMs: 10_000,
      retryMs: 5_000,
      ackTimeoutMs: config.broker.ackTimeoutMs,
    });
    // A gateway runs on every worker node (on the control node for a zone without workers);
    // clients try their zone's gateways in turn.
    const gateways = config.zones.flatMap((zone) => {
      const inZone = workers.filter((node) => node.zone === zone);
      const hosts =
        inZone.length > 0
          ? inZone.map((node) => ({ id: `gateway-${node.id}`, node: node.id }))
          : [{ id: `gateway-${zone}`, node: control?.id ?? 'control' }];
      const input: GatewayInput = { broker: client(zone) };
      return hosts.map((host) => ({ ...host, zone, workflowType: 'statelessGatewayWorkflow' as const, input }));
    });
    return {
      components: [
        ...gateways.map(({ zone: _zone, ...gateway }) => gateway),
        ...workers.map((node) => {
          const input: WorkerInput = {
            node: node.id,
            slots: node.slots,
            kinds: node.capabilities,
            broker: client(node.zone),
            maxAttempts: 5,
            backoffMs: 30_000,
          };
          return { id: `worker-${node.id}`, workflowType: 'statelessWorkerWorkflow' as const, node: node.id, input };
        }),
      ],
      entryByZone: Object.fromEntries(
        config.zones.map((zone) => [
          zone,
          gateways.filter((gateway) => gateway.zone === zone).map((gateway) => gateway.id),
        ]),
      ),
    };
  },
});
