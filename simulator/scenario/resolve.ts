/**
 * Scenario + seed → ResolvedConfig. Pure and deterministic: everything random is drawn from
 * named streams of the seed, so the same scenario and seed always give the same configuration,
 * whatever strategy then runs on it.
 */
import {
  CONFIG_FORMAT_VERSION,
  type ResolvedBroker,
  type ResolvedClient,
  type ResolvedConfig,
  type ResolvedJob,
  type ResolvedJobType,
  type ResolvedStore,
} from './config.js';
import { resolveFaults } from './faults/resolve.js';
import { AIRAVATA_CHAIN, type NodeSpec, type SiteKind, type SiteSpec, type TaskKind, type TaskSpec } from './model.js';
import { stream } from '../base/random.js';
import { sampleDurationMs } from './distributions.js';
import { arrivalProcessOf } from './arrivals/index.js';
import type { DurationDistribution } from './fields.js';
import { CONTROL_NODE_ID } from './references.js';
import { resolveProcessKills } from './process-kills.js';
import type { Scenario, ScenarioJobType } from './schema.js';

export const DEFAULT_JOB_TYPE = 'experiment';
export const BROKER_NODE_ID = 'broker';

export interface ResolveOptions {
  readonly file: string;
  /** Overrides the scenario's seed (`--seed`). */
  readonly seed?: number;
  /** Arrival times read from `workload.arrival.file` by the loader. */
  readonly arrivalTimesMs?: readonly number[];
}

export function resolveScenario(scenario: Scenario, options: ResolveOptions): ResolvedConfig {
  const seed = options.seed ?? scenario.seed;
  const firstZone = scenario.topology.zones[0] as string;
  const controlZone = scenario.topology.control?.zone ?? firstZone;
  const clients = resolveClients(scenario, firstZone);
  const broker = resolveBroker(scenario, controlZone);
  const store = resolveStore(scenario);
  const sites = resolveSites(scenario, firstZone);
  const nodes = resolveNodes(scenario, controlZone, clients, broker, store);
  const faultEndMs = scenario.duration;
  const convergeEndMs = faultEndMs + scenario.phases.converge;
  const endMs = convergeEndMs + scenario.phases.finalReads;
  const jobTypes = resolveJobTypes(scenario);
  const timeline = resolveFaults(scenario.faults, scenario.swarm, {
    seed,
    faultEndMs,
    nodes,
    sites: sites.map((site) => site.id),
    replicas: store.replicas,
    zones: scenario.topology.zones,
  });
  return {
    formatVersion: CONFIG_FORMAT_VERSION,
    scenario: { name: scenario.name, description: scenario.description, file: options.file },
    seed,
    phases: {
      faultEndMs,
      convergeEndMs,
      endMs,
      ...(scenario.phases.warmup > 0 ? { warmupMs: scenario.phases.warmup } : {}),
    },
    zones: scenario.topology.zones,
    nodes,
    sites,
    clients,
    broker,
    store,
    workload: {
      jobTypes,
      durations: scenario.workload.durations,
      jobs: resolveJobs(scenario, seed, clients, sites, Object.keys(jobTypes), options.arrivalTimesMs),
      requestTimeoutMs: scenario.workload.requestTimeout,
      statusReadEveryMs: scenario.workload.statusReads?.every ?? null,
    },
    network: {
      sameZoneLatency: scenario.network.latency.sameZone,
      crossZoneLatency: scenario.network.latency.crossZone,
      links: scenario.network.links.map((link) => ({ zones: link.between, latency: link.latency })),
      loss: scenario.network.loss,
      duplicate: scenario.network.duplicate,
      reorder: scenario.network.reorder,
    },
    faults: timeline.faults,
    crashTriggers: timeline.crashTriggers,
    targets: scenario.targets,
    ...processKillsOf(scenario, seed, endMs),
  };
}

/** `{ processKills }` when the scenario has any, else nothing: a config without them is written as before. */
function processKillsOf(scenario: Scenario, seed: number, endMs: number): Pick<ResolvedConfig, 'processKills'> {
  const processKills = resolveProcessKills(scenario.processKills, seed, endMs);
  return processKills.length > 0 ? { processKills } : {};
}

function resolveClients(scenario: Scenario, firstZone: string): ResolvedClient[] {
  const locations = scenario.topology.clients ?? [{ zone: firstZone }];
  return locations.map((location, index) => ({
    id: `client-${index + 1}`,
    node: `client-${index + 1}`,
    zone: location.zone,
  }));
}

function resolveBroker(scenario: Scenario, controlZone: string): ResolvedBroker {
  const spec = scenario.topology.broker;
  const instances = spec.zones
    ? spec.zones.map((zone) => ({ node: `${BROKER_NODE_ID}-${zone}`, zone }))
    : [{ node: BROKER_NODE_ID, zone: spec.zone ?? controlZone }];
  return {
    instances,
    profile: spec.profile,
    ackTimeoutMs: spec.ackTimeout,
    prefetch: spec.prefetch,
    partitions: spec.partitions,
    durable: spec.durable,
  };
}

/** Three replicas by default, spread over the zones round-robin. */
export function resolveStore(scenario: Scenario): ResolvedStore {
  const spec = scenario.topology.store;
  const zones = scenario.topology.zones;
  const replicas =
    spec?.replicas ?? [0, 1, 2].map((index) => ({ id: `r${index + 1}`, zone: zones[index % zones.length] as string }));
  return {
    replicas: replicas.map((replica) => ({ id: replica.id, zone: replica.zone, node: `store-${replica.id}` })),
    replicationLag: spec?.replicationLag ?? { kind: 'fixed', valueMs: 50 },
  };
}

const SITE_DEFAULTS: Record<SiteKind, { capacity: number; queueWait: DurationDistribution }> = {
  HPC: { capacity: 8, queueWait: { kind: 'exponential', meanMs: 300_000 } },
  CLOUD: { capacity: 1000, queueWait: { kind: 'fixed', valueMs: 5_000 } },
  VM: { capacity: 2, queueWait: { kind: 'fixed', valueMs: 1_000 } },
};

function resolveSites(scenario: Scenario, firstZone: string): SiteSpec[] {
  return scenario.topology.sites.map((site) => ({
    id: site.id,
    kind: site.kind,
    zone: site.zone ?? firstZone,
    capacity: site.capacity ?? SITE_DEFAULTS[site.kind].capacity,
    queueWait: site.queueWait ?? SITE_DEFAULTS[site.kind].queueWait,
  }));
}

function resolveNodes(
  scenario: Scenario,
  controlZone: string,
  clients: readonly ResolvedClient[],
  broker: ResolvedBroker,
  store: ResolvedStore,
): NodeSpec[] {
  const service = (id: string, zone: string, role: NodeSpec['role']): NodeSpec => ({
    id,
    zone,
    role,
    slots: 0,
    capabilities: [],
  });
  const workers: NodeSpec[] = scenario.topology.nodes.map((node) => ({
    id: node.id,
    zone: node.zone,
    role: 'worker',
    slots: node.slots,
    capabilities: node.capabilities ?? [...AIRAVATA_CHAIN],
    ...(node.joinAt === undefined ? {} : { joinAtMs: node.joinAt }),
    ...(node.leaveAt === undefined ? {} : { leaveAtMs: node.leaveAt }),
  }));
  return [
    ...workers,
    service(CONTROL_NODE_ID, controlZone, 'control'),
    ...broker.instances.map((instance) => service(instance.node, instance.zone, 'broker')),
    ...store.replicas.map((replica) => service(replica.node, replica.zone, 'store')),
    ...clients.map((client) => service(client.node, client.zone, 'client')),
  ];
}

/** A list of kinds is a chain; `{ id, kind, after }` entries are a DAG as written. */
export function normaliseTasks(entries: ScenarioJobType['tasks']): TaskSpec[] {
  const seen = new Map<string, number>();
  let previous: string | undefined;
  return entries.map((entry) => {
    if (typeof entry === 'object') return { id: entry.id, kind: entry.kind, after: entry.after };
    const count = (seen.get(entry) ?? 0) + 1;
    seen.set(entry, count);
    const id = count === 1 ? entry : `${entry}-${count}`;
    const task: TaskSpec = { id, kind: entry, after: previous === undefined ? [] : [previous] };
    previous = id;
    return task;
  });
}

function resolveJobTypes(scenario: Scenario): Record<string, ResolvedJobType> {
  const types = scenario.workload.types ?? [
    {
      name: DEFAULT_JOB_TYPE,
      weight: 1,
      tasks: [...AIRAVATA_CHAIN],
      runtime: { kind: 'lognormal', medianMs: 600_000, sigma: 0.5 } as const,
    },
  ];
  return Object.fromEntries(
    types.map((type) => {
      const failures: Partial<Record<TaskKind, { retryable: number; fatal: number }>> = {
        ...scenario.workload.failures,
        ...('failures' in type ? type.failures : {}),
      };
      return [type.name, { tasks: normaliseTasks(type.tasks), runtime: type.runtime, failures }];
    }),
  );
}

/** The arrival times, as the scenario's arrival process draws them (`arrivals/<name>.ts`). */
function arrivalTimes(
  scenario: Scenario,
  seed: number,
  count: number,
  fromFile: readonly number[] | undefined,
): number[] {
  const { arrival, start } = scenario.workload;
  return arrivalProcessOf(arrival).times(arrival, { seed, startMs: start, count, fromFile });
}

function resolveJobs(
  scenario: Scenario,
  seed: number,
  clients: readonly ResolvedClient[],
  sites: readonly SiteSpec[],
  typeNames: readonly string[],
  fromFile: readonly number[] | undefined,
): ResolvedJob[] {
  const { workload } = scenario;
  const count = workload.jobs ?? fromFile?.length ?? 0;
  const times = arrivalTimes(scenario, seed, count, fromFile).slice(0, count);
  const width = String(count).length;
  const weights = (workload.types ?? []).map((type) => type.weight);
  return times.map((arrivalMs, index) => {
    const random = stream(seed, 'job', index);
    const type = weights.length > 0 ? pickWeighted(typeNames, weights, random.float()) : DEFAULT_JOB_TYPE;
    const urgent = random.float() < workload.urgent;
    const delayed = workload.delayed !== undefined && random.float() < workload.delayed.fraction;
    const job: ResolvedJob = {
      id: `job-${String(index + 1).padStart(width, '0')}`,
      type,
      priority: urgent ? 'URGENT' : 'NORMAL',
      site: (sites[index % sites.length] as SiteSpec).id,
      client: (clients[index % clients.length] as ResolvedClient).id,
      arrivalMs,
    };
    return delayed && workload.delayed
      ? { ...job, notBeforeMs: arrivalMs + sampleDurationMs(workload.delayed.by, random, 1) }
      : job;
  });
}

function pickWeighted(names: readonly string[], weights: readonly number[], uniform: number): string {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let threshold = uniform * total;
  for (let index = 0; index < names.length; index++) {
    threshold -= weights[index] as number;
    if (threshold < 0) return names[index] as string;
  }
  return names[names.length - 1] as string;
}
