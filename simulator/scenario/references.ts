/**
 * Checks a schema-valid scenario for what one field cannot say alone: names that must exist,
 * ids that must be unique, task DAGs that must be acyclic and runnable, faults that must fall
 * inside the run and must not contradict each other, a workload that fits in its time.
 */
import { faultKind, heldKeys } from './faults/kinds/index.js';
import type { ReferenceChecks } from './faults/kinds/kind.js';
import type { FaultSpec } from './faults/schema.js';
import { NODE_TARGET_WORDS, type NodeTargetSpec } from './faults/targets.js';
import { AIRAVATA_CHAIN, type TaskKind, type TaskSpec } from './model.js';
import { formatDurationMs } from '../base/time.js';
import { arrivalProcessOf } from './arrivals/index.js';
import type { FieldPath, ScenarioProblem } from './errors.js';
import { renderFound } from './errors.js';
import { type DurationDistribution, describeDistribution } from './fields.js';
import type { Scenario } from './schema.js';

/** Id of the control node every scenario has (the coordinator's host). */
export const CONTROL_NODE_ID = 'control';
const RESERVED_NODE_IDS = [CONTROL_NODE_ID, 'broker', 'harness'];
/** Prefixes of node ids faultline gives its own nodes (store replicas, clients, per-zone brokers). */
const RESERVED_NODE_PREFIXES = ['store-', 'client-', 'broker-'];

type Report = (path: FieldPath, expected: string, found?: unknown) => void;

/**
 * What the checks of this module require, in words: `docs/scenarios.md` lists them (rendered by
 * `scripts/scenario-docs.ts`). A new check adds its rule here.
 */
export const CROSS_FIELD_RULES: readonly string[] = [
  'Every name resolves: each zone named anywhere (nodes, control, clients, broker, sites, store replicas, links, faults) is one of `topology.zones`; a fault target names an existing node, site or store replica.',
  'A list that is a set has no repeats: `topology.zones`, `topology.broker.zones`, the node ids, each node’s `capabilities`, the site ids, the store replica ids, the job type names, the task ids of a job type, each task’s `after`, `swarm.kinds`, the zones of a zone split (each zone in one group, once) and the zone pairs of `network.links` (in either order).',
  'Node ids are not `control`, `broker` or `harness` and do not start with `store-`, `client-` or `broker-`: faultline names its own nodes so.',
  '`topology.broker` has `zone` or `zones`, not both.',
  'A node joins and leaves inside the fault phase, and leaves after it joins; a fault aimed at a worker by its id acts while that node is in the cluster.',
  'A task DAG has no cycle, and every `after` names another task of the same job type.',
  'Every job can be placed: each task kind of each job type is in some node’s `capabilities` (without `workload.types`, each kind of the whole chain).',
  'Failure rates (`workload.failures`, a job type’s own `failures`) and a crash trigger’s `when.kind` name task kinds the jobs run (for a job type’s `failures`, that type).',
  'A fault aimed at a zone (`{ zone }` targets, the groups of a zone split, a network fault’s `between`) names one that holds nodes for it to act on; for partitions and network faults, clients count.',
  '`workload.jobs` is given unless the arrivals come from a file; the first arrival, and the last (expected, for Poisson arrivals; with its burst’s spread, for bursts), fall inside the fault phase, and so does the latest scheduled start (`workload.delayed.by`, when it is fixed or uniform).',
  'A fault starts inside the fault phase and ends by its end; two faults that hold the same concrete target exclusively (crash and pause of one node, two slowdowns, two skews, outages of one site or replica) do not overlap.',
  'A crash `when` names `point` for `on: point` and only then, and `kind` only for `on: task-start` or `task-finish`.',
  'A swarm’s window, from `swarm.from` to the end of the fault phase, starts inside the fault phase and is longer than the faults it draws: than the longest of a fixed or uniform `swarm.duration`, the mean of an exponential one, the median of a lognormal one.',
];

/** What {@link checkWarnings} warns about, in words, for `docs/scenarios.md`. */
export const WARNING_RULES: readonly string[] = [
  'A zone in which nothing is placed: no worker, client, store replica, broker, control node or site.',
];

/**
 * What is allowed but most likely a slip, for `faultline validate` to print: a zone in which
 * nothing is placed (no node, client, store replica, broker or site).
 */
export function checkWarnings(scenario: Scenario): ScenarioProblem[] {
  const warnings: ScenarioProblem[] = [];
  const report = reportInto(warnings);
  const { topology } = scenario;
  const firstZone = topology.zones[0];
  const nodesInZone = nodesByZone(scenario);
  const used = new Set([
    ...(topology.clients ?? [{ zone: firstZone }]).map((client) => client.zone),
    ...topology.sites.map((site) => site.zone ?? firstZone),
  ]);
  topology.zones.forEach((zone, index) => {
    if (!used.has(zone) && (nodesInZone.get(zone)?.length ?? 0) === 0)
      report(
        ['topology', 'zones', index],
        'a zone that holds something: a node, a client, a store replica, a broker or a site (nothing is placed in this one)',
        zone,
      );
  });
  return warnings;
}

/** A Report that adds to `problems`. */
function reportInto(problems: ScenarioProblem[]): Report {
  return (path, expected, found) =>
    problems.push({ path, expected, found: found === undefined ? undefined : renderFound(found) });
}

/** Problems of a schema-valid scenario that one field cannot show alone; empty when there are none. */
export function checkReferences(scenario: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const report = reportInto(problems);
  checkTopology(scenario, report);
  checkWorkload(scenario, report);
  checkFaults(scenario, report);
  checkSwarm(scenario, report);
  return problems;
}

function checkTopology(scenario: Scenario, report: Report): void {
  const { topology } = scenario;
  duplicates(topology.zones).forEach((index) =>
    report(['topology', 'zones', index], 'a zone name used once', topology.zones[index]),
  );
  const checkZone = zoneCheck(topology.zones, report);
  checkBrokerAndClients(topology, checkZone, report);
  checkNodes(scenario, checkZone, report);
  checkSitesAndReplicas(topology, checkZone, report);
  checkLinks(scenario.network, checkZone, report);
}

type Topology = Scenario['topology'];

/** Reports a zone (when there is one) that is not one of the topology's zones. */
type ZoneCheck = (path: FieldPath, zone: string | undefined) => void;

function zoneCheck(topologyZones: readonly string[], report: Report): ZoneCheck {
  const zones = new Set(topologyZones);
  return (path, zone) => {
    if (zone !== undefined && !zones.has(zone))
      report(path, `a zone from topology.zones (${[...zones].join(', ')})`, zone);
  };
}

/** The zones of the control node, the broker (one zone or one per zone, not both) and the clients. */
function checkBrokerAndClients(topology: Topology, checkZone: ZoneCheck, report: Report): void {
  checkZone(['topology', 'control', 'zone'], topology.control?.zone);
  checkZone(['topology', 'broker', 'zone'], topology.broker.zone);
  topology.broker.zones?.forEach((zone, index) => checkZone(['topology', 'broker', 'zones', index], zone));
  duplicates(topology.broker.zones ?? []).forEach((index) =>
    report(
      ['topology', 'broker', 'zones', index],
      'a zone used once (one broker per zone)',
      topology.broker.zones?.[index],
    ),
  );
  if (topology.broker.zone !== undefined && topology.broker.zones !== undefined)
    report(
      ['topology', 'broker', 'zones'],
      'either zone (one broker) or zones (one per zone), not both',
      topology.broker.zones,
    );
  topology.clients?.forEach((client, index) => checkZone(['topology', 'clients', index, 'zone'], client.zone));
}

/** Node ids used once, then each node: its zone, id, capabilities and membership. */
function checkNodes(scenario: Scenario, checkZone: ZoneCheck, report: Report): void {
  const { nodes } = scenario.topology;
  const nodeIds = nodes.map((node) => node.id);
  duplicates(nodeIds).forEach((index) =>
    report(['topology', 'nodes', index, 'id'], 'a node id used once', nodeIds[index]),
  );
  nodes.forEach((node, index) => {
    const path = ['topology', 'nodes', index] as const;
    checkZone([...path, 'zone'], node.zone);
    checkNodeIdAndCapabilities(node, path, report);
    checkMembership(node, path, scenario.duration, report);
  });
}

type TopologyNode = Topology['nodes'][number];

/** A node id faultline does not reserve for its own nodes, and capabilities without repeats. */
function checkNodeIdAndCapabilities(node: TopologyNode, path: FieldPath, report: Report): void {
  if (RESERVED_NODE_IDS.includes(node.id) || RESERVED_NODE_PREFIXES.some((prefix) => node.id.startsWith(prefix))) {
    report(
      [...path, 'id'],
      `a node id other than ${RESERVED_NODE_IDS.join(', ')}, ${RESERVED_NODE_PREFIXES.map((prefix) => `${prefix}…`).join(', ')} (reserved)`,
      node.id,
    );
  }
  duplicates(node.capabilities ?? []).forEach((capability) =>
    report(
      [...path, 'capabilities', capability],
      "a task kind used once in the node's capabilities",
      node.capabilities?.[capability],
    ),
  );
}

/** A node joins and leaves inside the fault phase (`durationMs`), and leaves after it joins. */
function checkMembership(node: TopologyNode, path: FieldPath, durationMs: number, report: Report): void {
  if (node.joinAt !== undefined && node.joinAt >= durationMs)
    report(
      [...path, 'joinAt'],
      `a join time inside the fault phase (before ${formatDurationMs(durationMs)})`,
      formatDurationMs(node.joinAt),
    );
  if (node.leaveAt !== undefined && node.joinAt !== undefined && node.leaveAt <= node.joinAt)
    report([...path, 'leaveAt'], 'a leave time after the join time', formatDurationMs(node.leaveAt));
  else if (node.leaveAt !== undefined && node.leaveAt >= durationMs)
    report(
      [...path, 'leaveAt'],
      `a leave time inside the fault phase (before ${formatDurationMs(durationMs)})`,
      formatDurationMs(node.leaveAt),
    );
}

/** Site ids and store replica ids used once, and their zones. */
function checkSitesAndReplicas(topology: Topology, checkZone: ZoneCheck, report: Report): void {
  const siteIds = topology.sites.map((site) => site.id);
  duplicates(siteIds).forEach((index) =>
    report(['topology', 'sites', index, 'id'], 'a site id used once', siteIds[index]),
  );
  topology.sites.forEach((site, index) => checkZone(['topology', 'sites', index, 'zone'], site.zone));
  const replicaIds = topology.store?.replicas.map((replica) => replica.id) ?? [];
  duplicates(replicaIds).forEach((index) =>
    report(['topology', 'store', 'replicas', index, 'id'], 'a replica id used once', replicaIds[index]),
  );
  topology.store?.replicas.forEach((replica, index) =>
    checkZone(['topology', 'store', 'replicas', index, 'zone'], replica.zone),
  );
}

/** The zones of `network.links`, each pair set once (in either order). */
function checkLinks(network: Scenario['network'], checkZone: ZoneCheck, report: Report): void {
  network.links.forEach((link, index) =>
    link.between.forEach((zone, side) => checkZone(['network', 'links', index, 'between', side], zone)),
  );
  const linkKeys = network.links.map((link) => [...link.between].sort().join('↔'));
  duplicates(linkKeys).forEach((index) =>
    report(
      ['network', 'links', index, 'between'],
      `a pair of zones used once in network.links (links[${linkKeys.indexOf(linkKeys[index] as string)}] already sets ${linkKeys[index]})`,
      network.links[index]?.between,
    ),
  );
}

function checkWorkload(scenario: Scenario, report: Report): void {
  const { workload, duration } = scenario;
  const arrivalProcess = arrivalProcessOf(workload.arrival);
  if (workload.jobs === undefined && arrivalProcess.file === undefined)
    report(['workload', 'jobs'], 'a number of jobs (required unless the arrivals come from a file)');
  if (workload.start >= duration)
    report(
      ['workload', 'start'],
      `a first arrival before the end of the fault phase (${formatDurationMs(duration)})`,
      formatDurationMs(workload.start),
    );
  const last = arrivalProcess.lastArrival(workload.arrival, workload.start, workload.jobs ?? 0);
  if (last !== undefined && last.atMs >= duration) {
    report(
      ['workload', 'jobs'],
      `a workload that fits in the fault phase (${formatDurationMs(duration)}): ${last.what}`,
      workload.jobs ?? 0,
    );
  } else if (last !== undefined && workload.delayed !== undefined) {
    checkScheduledStarts(workload.delayed.by, last.atMs, duration, report);
  }

  const typeNames = (workload.types ?? []).map((type) => type.name);
  duplicates(typeNames).forEach((index) =>
    report(['workload', 'types', index, 'name'], 'a job type name used once', typeNames[index]),
  );
  const runnable = new Set(scenario.topology.nodes.flatMap((node) => node.capabilities ?? [...AIRAVATA_CHAIN]));
  (workload.types ?? []).forEach((type, typeIndex) => {
    const path = ['workload', 'types', typeIndex, 'tasks'] as const;
    const tasks = type.tasks.map((entry, index) =>
      typeof entry === 'object' ? { ...entry, index } : { id: entry, kind: entry, after: [] as string[], index },
    );
    checkDag(tasks, path, report);
    tasks.forEach((task) => {
      if (!runnable.has(task.kind))
        report([...path, task.index], `a task kind some node can run (no node has capability ${task.kind})`, task.kind);
    });
    const kinds = new Set(tasks.map((task) => task.kind));
    for (const kind of Object.keys(type.failures ?? {})) {
      if (!kinds.has(kind as TaskKind))
        report(
          ['workload', 'types', typeIndex, 'failures', kind],
          `failure rates for a task kind job type ${type.name} runs (${[...kinds].join(', ')})`,
          kind,
        );
    }
  });
  if (workload.types === undefined) {
    for (const kind of AIRAVATA_CHAIN.filter((candidate) => !runnable.has(candidate))) {
      report(
        ['topology', 'nodes'],
        `a node with capability ${kind}: without workload.types every job runs the whole chain, ${AIRAVATA_CHAIN.join(' → ')}`,
        [...runnable],
      );
    }
  }
  const everyKind = kindsRun(scenario);
  for (const kind of Object.keys(workload.failures)) {
    if (!everyKind.has(kind as TaskKind))
      report(
        ['workload', 'failures', kind],
        `failure rates for a task kind some job type runs (${[...everyKind].join(', ')})`,
        kind,
      );
  }
}

/** The task kinds the jobs run: of every job type, or of the default type (the whole chain). */
function kindsRun(scenario: Scenario): Set<TaskKind> {
  const types = scenario.workload.types;
  if (types === undefined) return new Set(AIRAVATA_CHAIN);
  return new Set(types.flatMap((type) => type.tasks.map((entry) => (typeof entry === 'object' ? entry.kind : entry))));
}

/** The largest value a distribution takes, or undefined when it has no bound (exponential, lognormal). */
function largestMs(distribution: DurationDistribution): number | undefined {
  if (distribution.kind === 'fixed') return distribution.valueMs;
  if (distribution.kind === 'uniform') return distribution.highMs;
  return undefined;
}

/**
 * A typical value of a distribution: its largest when it has one, else its mean (exponential) or median (lognormal).
 */
function typicalLongestMs(distribution: DurationDistribution): number {
  if (distribution.kind === 'exponential') return distribution.meanMs;
  if (distribution.kind === 'lognormal') return distribution.medianMs;
  return largestMs(distribution) ?? 0;
}

/**
 * The checks of arrival times read from a file (the loader reads it after the other checks): the latest scheduled
 * start.
 */
export function checkArrivalFile(scenario: Scenario, lastArrivalMs: number): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  if (scenario.workload.delayed !== undefined)
    checkScheduledStarts(scenario.workload.delayed.by, lastArrivalMs, scenario.duration, reportInto(problems));
  return problems;
}

/**
 * Scheduled starts, like arrivals, fall inside the fault phase: the last arrival plus the longest delay (when it has
 * one).
 */
function checkScheduledStarts(by: DurationDistribution, lastArrivalMs: number, endMs: number, report: Report): void {
  const longestMs = largestMs(by);
  if (longestMs === undefined || lastArrivalMs + longestMs < endMs) return;
  report(
    ['workload', 'delayed', 'by'],
    `scheduled starts inside the fault phase (before ${formatDurationMs(endMs)}): the last arrival, at ${formatDurationMs(lastArrivalMs)}, may be held until ${formatDurationMs(lastArrivalMs + longestMs)}`,
    describeDistribution(by),
  );
}

/** Unique ids, known predecessors, no cycle. */
function checkDag(
  tasks: readonly (Pick<TaskSpec, 'id' | 'kind' | 'after'> & { index: number })[],
  path: FieldPath,
  report: Report,
): void {
  if (tasks.every((task) => task.after.length === 0 && typeof task.id === 'string' && task.id === task.kind)) return; // a chain of kinds
  const ids = new Map(tasks.map((task) => [task.id, task]));
  duplicates(tasks.map((task) => task.id)).forEach((index) =>
    report([...path, index, 'id'], 'a task id used once in its job type', tasks[index]?.id),
  );
  for (const task of tasks) {
    task.after.forEach((before, position) => {
      if (!ids.has(before))
        report(
          [...path, task.index, 'after', position],
          `the id of another task of this type (${[...ids.keys()].join(', ')})`,
          before,
        );
    });
    duplicates(task.after).forEach((position) =>
      report(
        [...path, task.index, 'after', position],
        "a task id used once in the task's after list",
        task.after[position],
      ),
    );
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const before of ids.get(id)?.after ?? []) {
      if (!ids.has(before)) continue;
      const cycle = visit(before, [...trail, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const task of tasks) {
    const cycle = visit(task.id, []);
    if (cycle) {
      const first = ids.get(cycle[0] as string);
      report(
        [...path, first?.index ?? 0, 'after'],
        'an acyclic task graph',
        `the cycle ${cycle.reverse().join(' → ')}`,
      );
      return;
    }
  }
}

/**
 * What a fault kind's own checks may ask (`ReferenceChecks`), for the fault at `path`; the
 * kind says which of its fields name what (`faults/kinds/<kind>.ts`, `checkReferences`).
 */
function referenceChecks(scenario: Scenario, report: Report): (path: FieldPath) => ReferenceChecks {
  const zones = new Set(scenario.topology.zones);
  const siteIds = scenario.topology.sites.map((site) => site.id);
  const replicaIds = scenario.topology.store?.replicas.map((replica) => replica.id) ?? ['r1', 'r2', 'r3'];
  const brokerNodes = scenario.topology.broker.zones?.map((zone) => `broker-${zone}`) ?? ['broker'];
  const nodeIds = new Set([
    ...scenario.topology.nodes.map((node) => node.id),
    CONTROL_NODE_ID,
    ...brokerNodes,
    ...replicaIds.map((id) => `store-${id}`),
  ]);
  const nodesInZone = nodesByZone(scenario);
  const clientZones = new Set(
    (scenario.topology.clients ?? [{ zone: scenario.topology.zones[0] }]).map((client) => client.zone),
  );
  const taskKindsRun = kindsRun(scenario);
  const holdsNodes = (zone: string, withClients: boolean) =>
    (nodesInZone.get(zone)?.length ?? 0) > 0 || (withClients && clientZones.has(zone));
  const checkNamed = (path: FieldPath, name: string, names: readonly string[], what: string) => {
    if (name !== 'random' && !names.includes(name)) report(path, `a ${what} (${names.join(', ')}) or random`, name);
  };
  return (faultPath) => {
    const at = (path: FieldPath): FieldPath => [...faultPath, ...path];
    const knownZone = (path: FieldPath, zone: string): boolean => {
      if (!zones.has(zone)) report(at(path), `a zone from topology.zones (${[...zones].join(', ')})`, zone);
      return zones.has(zone);
    };
    return {
      report: (path, expected, found) => report(at(path), expected, found),
      nodeTarget(path, target, withClients = false) {
        if (target === undefined) return;
        if (typeof target === 'object' && 'node' in target) {
          if (!nodeIds.has(target.node))
            report(at([...path, 'node']), `a node id (${[...nodeIds].join(', ')})`, target.node);
        } else if (typeof target === 'object') {
          if (knownZone([...path, 'zone'], target.zone) && !holdsNodes(target.zone, withClients)) {
            report(
              at([...path, 'zone']),
              `a zone that holds ${withClients ? 'nodes or clients' : 'nodes'} for the fault to act on`,
              target.zone,
            );
          }
        } else if (!nodeIds.has(target) && !(NODE_TARGET_WORDS as readonly string[]).includes(target)) {
          report(
            at(path),
            `a node id (${[...nodeIds].join(', ')}), { zone: … }, or one of ${NODE_TARGET_WORDS.join(', ')}`,
            target,
          );
        }
      },
      site: (path, name) => checkNamed(at(path), name, siteIds, 'site'),
      replica: (path, name) => checkNamed(at(path), name, replicaIds, 'store replica'),
      isZone: (zone) => zones.has(zone),
      knownZone,
      holdsNodes,
      taskKindsRun,
      concreteNodes: (target) => concreteNodes(target, nodesInZone),
      brokerNodes,
    };
  };
}

function checkFaults(scenario: Scenario, report: Report): void {
  const endMs = scenario.duration;
  const checksAt = referenceChecks(scenario, report);
  const occupied: { fault: FaultSpec; index: number; keys: readonly string[]; fromMs: number; toMs: number }[] = [];

  scenario.faults.forEach((fault, index) => {
    const path = ['faults', index] as const;
    const kind = faultKind(fault.kind);
    const checks = checksAt(path);
    kind.checkReferences(fault, checks);
    if (kind.triggered?.(fault)) return;
    const atMs = fault.at ?? 0;
    if (atMs >= endMs) {
      report(
        [...path, 'at'],
        `a time inside the fault phase (before ${formatDurationMs(endMs)})`,
        formatDurationMs(atMs),
      );
      return;
    }
    const toMs = fault.duration === undefined ? endMs : atMs + fault.duration;
    if (toMs > endMs) {
      report(
        [...path, 'duration'],
        `a fault that ends by the end of the fault phase (${formatDurationMs(endMs)}); it would end at ${formatDurationMs(toMs)}`,
        formatDurationMs(fault.duration ?? 0),
      );
    }
    for (const node of namedWorkers(kind.namedNode?.(fault), scenario)) {
      const fromMs = node.joinAt ?? 0;
      const untilMs = node.leaveAt ?? endMs;
      if (toMs <= fromMs || atMs >= untilMs) {
        report(
          [...path, 'at'],
          `a fault while ${node.id} is in the cluster, from ${formatDurationMs(fromMs)} to ${formatDurationMs(untilMs)}; this one lasts from ${formatDurationMs(atMs)} to ${formatDurationMs(toMs)}`,
          formatDurationMs(atMs),
        );
      }
    }
    const keys = heldKeys(kind, kind.heldTargets?.(fault, checks) ?? []);
    const clash = occupied.find(
      (other) => atMs < other.toMs && other.fromMs < toMs && other.keys.some((key) => keys.includes(key)),
    );
    if (clash) {
      report(
        [...path, 'at'],
        `no overlap with faults[${clash.index}] (${clash.fault.kind}), which already holds the same target from ${formatDurationMs(clash.fromMs)} to ${formatDurationMs(clash.toMs)}`,
        formatDurationMs(atMs),
      );
    }
    if (keys.length > 0) occupied.push({ fault, index, keys, fromMs: atMs, toMs });
  });
}

/** The swarm's window, from `from` to the end of the fault phase, holds the faults it draws. */
function checkSwarm(scenario: Scenario, report: Report): void {
  const { swarm, duration: endMs } = scenario;
  if (swarm === undefined) return;
  duplicates(swarm.kinds).forEach((index) =>
    report(['swarm', 'kinds', index], 'a fault kind used once (the kinds are drawn uniformly)', swarm.kinds[index]),
  );
  if (swarm.from >= endMs) {
    report(
      ['swarm', 'from'],
      `a start of the swarm's window inside the fault phase (before ${formatDurationMs(endMs)})`,
      formatDurationMs(swarm.from),
    );
    return;
  }
  const windowMs = endMs - swarm.from;
  const longestMs = typicalLongestMs(swarm.duration);
  if (longestMs >= windowMs) {
    const which =
      swarm.duration.kind === 'exponential'
        ? 'a mean fault length'
        : swarm.duration.kind === 'lognormal'
          ? 'a median fault length'
          : 'fault lengths';
    report(
      ['swarm', 'duration'],
      `${which} shorter than the swarm's window, from ${formatDurationMs(swarm.from)} to the end of the fault phase at ${formatDurationMs(endMs)} (${formatDurationMs(windowMs)})`,
      describeDistribution(swarm.duration),
    );
  }
}

/** The worker nodes a fault names outright (by id or `{ node }`), which exist only between their join and leave. */
function namedWorkers(target: NodeTargetSpec | undefined, scenario: Scenario): Scenario['topology']['nodes'] {
  const id =
    typeof target === 'object' && 'node' in target ? target.node : typeof target === 'string' ? target : undefined;
  return scenario.topology.nodes.filter((node) => node.id === id);
}

/**
 * The nodes a node target names outright, for what a fault holds exclusively (a node's
 * liveness, speed, clock). Symbolic targets are resolved later, from the seed, avoiding such
 * clashes.
 */
function concreteNodes(
  target: NodeTargetSpec | undefined,
  nodesInZone: ReadonlyMap<string, readonly string[]>,
): string[] {
  if (typeof target === 'object' && 'node' in target) return [target.node];
  if (typeof target === 'object') return [...(nodesInZone.get(target.zone) ?? [])];
  if (typeof target === 'string' && !(NODE_TARGET_WORDS as readonly string[]).includes(target)) return [target];
  if (target === 'coordinator') return [CONTROL_NODE_ID];
  return target === 'broker' ? ['broker'] : []; // broker-<zone> nodes are named directly
}

/** Server nodes of each zone (what a `{ zone }` target means), as the resolver lays them out. */
function nodesByZone(scenario: Scenario): Map<string, string[]> {
  const byZone = new Map<string, string[]>();
  const add = (zone: string, node: string) => byZone.set(zone, [...(byZone.get(zone) ?? []), node]);
  const firstZone = scenario.topology.zones[0] ?? '';
  for (const node of scenario.topology.nodes) add(node.zone, node.id);
  add(scenario.topology.control?.zone ?? firstZone, CONTROL_NODE_ID);
  if (scenario.topology.broker.zones) for (const zone of scenario.topology.broker.zones) add(zone, `broker-${zone}`);
  else add(scenario.topology.broker.zone ?? scenario.topology.control?.zone ?? firstZone, 'broker');
  const replicas =
    scenario.topology.store?.replicas ??
    [0, 1, 2].map((index) => ({
      id: `r${index + 1}`,
      zone: scenario.topology.zones[index % scenario.topology.zones.length] ?? firstZone,
    }));
  for (const replica of replicas) add(replica.zone, `store-${replica.id}`);
  return byZone;
}

/** Indexes of the values that repeat an earlier one. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.push(index);
    seen.add(value);
  });
  return repeated;
}
