/**
 * Scenario + seed → ResolvedConfig. Pure and deterministic: everything random is drawn from
 * named streams of the seed, so the same scenario and seed always give the same configuration,
 * whatever strategy then runs on it.
 */
import { CONFIG_FORMAT_VERSION, type ResolvedClient, type ResolvedConfig, type ResolvedFault, type ResolvedJob } from '../config.js';
import { AIRAVATA_CHAIN, type NodeSpec, type TaskSpec } from '../model.js';
import { stream } from '../random.js';
import { CONTROL_NODE_ID } from './references.js';
import type { Scenario } from './schema.js';

export const DEFAULT_JOB_TYPE = 'experiment';

export interface ResolveOptions {
  readonly file: string;
  /** Overrides the scenario's seed (`--seed`). */
  readonly seed?: number;
}

export function resolveScenario(scenario: Scenario, options: ResolveOptions): ResolvedConfig {
  const seed = options.seed ?? scenario.seed;
  const firstZone = scenario.topology.zones[0] as string;
  const clients = resolveClients(scenario, firstZone);
  const faultEndMs = scenario.duration;
  const convergeEndMs = faultEndMs + scenario.phases.converge;
  return {
    formatVersion: CONFIG_FORMAT_VERSION,
    scenario: { name: scenario.name, description: scenario.description, file: options.file },
    seed,
    phases: { faultEndMs, convergeEndMs, endMs: convergeEndMs + scenario.phases.finalReads },
    zones: scenario.topology.zones,
    nodes: resolveNodes(scenario, firstZone, clients),
    sites: scenario.topology.sites.map((site) => ({ id: site.id, kind: site.kind, zone: site.zone ?? firstZone })),
    clients,
    workload: {
      jobTypes: { [DEFAULT_JOB_TYPE]: chainTasks(AIRAVATA_CHAIN) },
      durations: scenario.workload.durations,
      jobs: resolveJobs(scenario, seed, clients),
      requestTimeoutMs: scenario.workload.requestTimeout,
    },
    network: {
      sameZoneLatency: scenario.network.latency.sameZone,
      crossZoneLatency: scenario.network.latency.crossZone,
    },
    faults: resolveFaults(scenario),
    targets: scenario.targets,
  };
}

function resolveClients(scenario: Scenario, firstZone: string): ResolvedClient[] {
  const locations = scenario.topology.clients ?? [{ zone: firstZone }];
  return locations.map((location, index) => ({ id: `client-${index + 1}`, node: `client-${index + 1}`, zone: location.zone }));
}

function resolveNodes(scenario: Scenario, firstZone: string, clients: readonly ResolvedClient[]): NodeSpec[] {
  const workers: NodeSpec[] = scenario.topology.nodes.map((node) => ({
    id: node.id,
    zone: node.zone,
    role: 'worker',
    slots: node.slots,
    capabilities: [...AIRAVATA_CHAIN],
  }));
  const control: NodeSpec = {
    id: CONTROL_NODE_ID,
    zone: scenario.topology.control?.zone ?? firstZone,
    role: 'control',
    slots: 0,
    capabilities: [],
  };
  const clientNodes: NodeSpec[] = clients.map((client) => ({ id: client.node, zone: client.zone, role: 'client', slots: 0, capabilities: [] }));
  return [...workers, control, ...clientNodes];
}

function chainTasks(kinds: readonly (typeof AIRAVATA_CHAIN)[number][]): TaskSpec[] {
  return kinds.map((kind, index) => ({ id: kind, kind, after: index === 0 ? [] : [kinds[index - 1] as string] }));
}

function resolveJobs(scenario: Scenario, seed: number, clients: readonly ResolvedClient[]): ResolvedJob[] {
  const { workload } = scenario;
  const arrivals = stream(seed, 'arrivals');
  const width = String(workload.jobs).length;
  const jobs: ResolvedJob[] = [];
  let atMs = workload.start;
  for (let index = 0; index < workload.jobs; index++) {
    if (index > 0) {
      atMs += 'every' in workload.arrival ? workload.arrival.every : Math.round(arrivals.exponential(workload.arrival.poisson.mean));
    }
    const site = scenario.topology.sites[index % scenario.topology.sites.length];
    jobs.push({
      id: `job-${String(index + 1).padStart(width, '0')}`,
      type: DEFAULT_JOB_TYPE,
      priority: 'NORMAL',
      site: site?.id ?? '',
      client: clients[index % clients.length]?.id ?? '',
      arrivalMs: atMs,
    });
  }
  return jobs;
}

function resolveFaults(scenario: Scenario): ResolvedFault[] {
  return scenario.faults
    .map((fault, index) => ({
      id: `f${index + 1}`,
      kind: fault.kind,
      node: fault.target.node,
      startMs: fault.at,
      endMs: fault.duration === undefined ? scenario.duration : Math.min(scenario.duration, fault.at + fault.duration),
    }))
    .sort((left, right) => left.startMs - right.startMs || left.id.localeCompare(right.id));
}
