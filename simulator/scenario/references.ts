/**
 * Checks a schema-valid scenario for what one field cannot say alone: names that must exist,
 * ids that must be unique, task DAGs that must be acyclic and runnable, faults that must fall
 * inside the run and must not contradict each other, a workload that fits in its time.
 */
import { NODE_TARGET_WORDS, type FaultSpec, type NodeTargetSpec } from '../faults/schema.js';
import { AIRAVATA_CHAIN, type TaskSpec } from '../model.js';
import { formatDurationMs } from '../time.js';
import type { FieldPath, ScenarioProblem } from './errors.js';
import { renderFound } from './errors.js';
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
  'A node joins inside the fault phase, and leaves after it joins.',
  'A task DAG has no cycle, and every `after` names another task of the same job type; every task kind of a job type is in some node’s `capabilities`.',
  '`workload.jobs` is given unless the arrivals come from a file; the first arrival, and the last (expected, for Poisson arrivals), fall inside the fault phase.',
  'A fault starts inside the fault phase and ends by its end; two faults that hold the same concrete target exclusively (crash and pause of one node, two slowdowns, two skews, outages of one site or replica) do not overlap.',
  'A crash `when` names `point` for `on: point`, and `kind` only for `on: task-start` or `task-finish`.',
];

export function checkReferences(scenario: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const report: Report = (path, expected, found) => problems.push({ path, expected, found: found === undefined ? undefined : renderFound(found) });
  checkTopology(scenario, report);
  checkWorkload(scenario, report);
  checkFaults(scenario, report);
  checkSwarm(scenario, report);
  return problems;
}

function checkTopology(scenario: Scenario, report: Report): void {
  const { topology } = scenario;
  const zones = new Set(topology.zones);
  duplicates(topology.zones).forEach((index) => report(['topology', 'zones', index], 'a zone name used once', topology.zones[index]));
  const checkZone = (path: FieldPath, zone: string | undefined) => {
    if (zone !== undefined && !zones.has(zone)) report(path, `a zone from topology.zones (${[...zones].join(', ')})`, zone);
  };
  checkZone(['topology', 'control', 'zone'], topology.control?.zone);
  checkZone(['topology', 'broker', 'zone'], topology.broker.zone);
  topology.broker.zones?.forEach((zone, index) => checkZone(['topology', 'broker', 'zones', index], zone));
  duplicates(topology.broker.zones ?? []).forEach((index) => report(['topology', 'broker', 'zones', index], 'a zone used once (one broker per zone)', topology.broker.zones?.[index]));
  if (topology.broker.zone !== undefined && topology.broker.zones !== undefined) report(['topology', 'broker', 'zones'], 'either zone (one broker) or zones (one per zone), not both', topology.broker.zones);
  topology.clients?.forEach((client, index) => checkZone(['topology', 'clients', index, 'zone'], client.zone));

  const nodeIds = topology.nodes.map((node) => node.id);
  duplicates(nodeIds).forEach((index) => report(['topology', 'nodes', index, 'id'], 'a node id used once', nodeIds[index]));
  topology.nodes.forEach((node, index) => {
    const path = ['topology', 'nodes', index] as const;
    checkZone([...path, 'zone'], node.zone);
    if (RESERVED_NODE_IDS.includes(node.id) || RESERVED_NODE_PREFIXES.some((prefix) => node.id.startsWith(prefix))) {
      report([...path, 'id'], `a node id other than ${RESERVED_NODE_IDS.join(', ')}, ${RESERVED_NODE_PREFIXES.map((prefix) => `${prefix}…`).join(', ')} (reserved)`, node.id);
    }
    duplicates(node.capabilities ?? []).forEach((capability) => report([...path, 'capabilities', capability], "a task kind used once in the node's capabilities", node.capabilities?.[capability]));
    if (node.joinAt !== undefined && node.joinAt >= scenario.duration) report([...path, 'joinAt'], `a join time inside the fault phase (before ${formatDurationMs(scenario.duration)})`, formatDurationMs(node.joinAt));
    if (node.leaveAt !== undefined && node.joinAt !== undefined && node.leaveAt <= node.joinAt) report([...path, 'leaveAt'], 'a leave time after the join time', formatDurationMs(node.leaveAt));
  });

  const siteIds = topology.sites.map((site) => site.id);
  duplicates(siteIds).forEach((index) => report(['topology', 'sites', index, 'id'], 'a site id used once', siteIds[index]));
  topology.sites.forEach((site, index) => checkZone(['topology', 'sites', index, 'zone'], site.zone));
  const replicaIds = topology.store?.replicas.map((replica) => replica.id) ?? [];
  duplicates(replicaIds).forEach((index) => report(['topology', 'store', 'replicas', index, 'id'], 'a replica id used once', replicaIds[index]));
  topology.store?.replicas.forEach((replica, index) => checkZone(['topology', 'store', 'replicas', index, 'zone'], replica.zone));
  scenario.network.links.forEach((link, index) => link.between.forEach((zone, side) => checkZone(['network', 'links', index, 'between', side], zone)));
  const linkKeys = scenario.network.links.map((link) => [...link.between].sort().join('↔'));
  duplicates(linkKeys).forEach((index) => report(['network', 'links', index, 'between'], `a pair of zones used once in network.links (links[${linkKeys.indexOf(linkKeys[index] as string)}] already sets ${linkKeys[index]})`, scenario.network.links[index]?.between));
}

function checkWorkload(scenario: Scenario, report: Report): void {
  const { workload, duration } = scenario;
  if (workload.jobs === undefined && !('file' in workload.arrival)) report(['workload', 'jobs'], 'a number of jobs (required unless the arrivals come from a file)');
  if (workload.start >= duration) report(['workload', 'start'], `a first arrival before the end of the fault phase (${formatDurationMs(duration)})`, formatDurationMs(workload.start));
  const count = workload.jobs ?? 0;
  let lastArrivalMs: number | undefined;
  let what = '';
  if ('every' in workload.arrival) {
    lastArrivalMs = workload.start + (count - 1) * workload.arrival.every;
    what = `the last of ${count} arrival${count === 1 ? '' : 's'} ${formatDurationMs(workload.arrival.every)} apart comes at`;
  } else if ('poisson' in workload.arrival) {
    lastArrivalMs = workload.start + (count - 1) * workload.arrival.poisson.mean;
    what = `the expected last of ${count} arrival${count === 1 ? '' : 's'} ${formatDurationMs(workload.arrival.poisson.mean)} apart comes at`;
  } else if ('bursts' in workload.arrival) {
    const bursts = Math.ceil(count / workload.arrival.bursts.size);
    lastArrivalMs = workload.start + (bursts - 1) * workload.arrival.bursts.every;
    what = `the last of ${bursts} burst${bursts === 1 ? '' : 's'} comes at`;
  }
  if (lastArrivalMs !== undefined && lastArrivalMs >= duration) {
    report(['workload', 'jobs'], `a workload that fits in the fault phase (${formatDurationMs(duration)}): ${what} ${formatDurationMs(lastArrivalMs)}`, count);
  }

  const typeNames = (workload.types ?? []).map((type) => type.name);
  duplicates(typeNames).forEach((index) => report(['workload', 'types', index, 'name'], 'a job type name used once', typeNames[index]));
  const runnable = new Set(scenario.topology.nodes.flatMap((node) => node.capabilities ?? [...AIRAVATA_CHAIN]));
  (workload.types ?? []).forEach((type, typeIndex) => {
    const path = ['workload', 'types', typeIndex, 'tasks'] as const;
    const tasks = type.tasks.map((entry, index) => (typeof entry === 'object' ? { ...entry, index } : { id: entry, kind: entry, after: [] as string[], index }));
    checkDag(tasks, path, report);
    tasks.forEach((task) => {
      if (!runnable.has(task.kind)) report([...path, task.index], `a task kind some node can run (no node has capability ${task.kind})`, task.kind);
    });
  });
}

/** Unique ids, known predecessors, no cycle. */
function checkDag(tasks: readonly (Pick<TaskSpec, 'id' | 'kind' | 'after'> & { index: number })[], path: FieldPath, report: Report): void {
  if (tasks.every((task) => task.after.length === 0 && typeof task.id === 'string' && task.id === task.kind)) return; // a chain of kinds
  const ids = new Map(tasks.map((task) => [task.id, task]));
  duplicates(tasks.map((task) => task.id)).forEach((index) => report([...path, index, 'id'], 'a task id used once in its job type', tasks[index]?.id));
  for (const task of tasks) {
    task.after.forEach((before, position) => {
      if (!ids.has(before)) report([...path, task.index, 'after', position], `the id of another task of this type (${[...ids.keys()].join(', ')})`, before);
    });
    duplicates(task.after).forEach((position) => report([...path, task.index, 'after', position], "a task id used once in the task's after list", task.after[position]));
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
      report([...path, first?.index ?? 0, 'after'], 'an acyclic task graph', `the cycle ${cycle.reverse().join(' → ')}`);
      return;
    }
  }
}

function checkFaults(scenario: Scenario, report: Report): void {
  const endMs = scenario.duration;
  const zones = new Set(scenario.topology.zones);
  const siteIds = scenario.topology.sites.map((site) => site.id);
  const replicaIds = scenario.topology.store?.replicas.map((replica) => replica.id) ?? ['r1', 'r2', 'r3'];
  const brokerNodes = scenario.topology.broker.zones?.map((zone) => `broker-${zone}`) ?? ['broker'];
  const nodeIds = new Set([...scenario.topology.nodes.map((node) => node.id), CONTROL_NODE_ID, ...brokerNodes, ...replicaIds.map((id) => `store-${id}`)]);
  const nodesInZone = nodesByZone(scenario);
  const checkNodeTarget = (path: FieldPath, target: NodeTargetSpec | undefined) => {
    if (target === undefined) return;
    if (typeof target === 'object' && 'node' in target) {
      if (!nodeIds.has(target.node)) report([...path, 'node'], `a node id (${[...nodeIds].join(', ')})`, target.node);
    } else if (typeof target === 'object') {
      if (!zones.has(target.zone)) report([...path, 'zone'], `a zone from topology.zones (${[...zones].join(', ')})`, target.zone);
    } else if (!nodeIds.has(target) && !(NODE_TARGET_WORDS as readonly string[]).includes(target)) {
      report(path, `a node id (${[...nodeIds].join(', ')}), { zone: … }, or one of ${NODE_TARGET_WORDS.join(', ')}`, target);
    }
  };
  const checkNamed = (path: FieldPath, name: string, names: readonly string[], what: string) => {
    if (name !== 'random' && !names.includes(name)) report(path, `a ${what} (${names.join(', ')}) or random`, name);
  };
  const occupied: { fault: FaultSpec; index: number; keys: string[]; fromMs: number; toMs: number }[] = [];

  scenario.faults.forEach((fault, index) => {
    const path = ['faults', index] as const;
    if ('target' in fault) {
      if (fault.kind === 'site-outage' || fault.kind === 'slow-site') checkNamed([...path, 'target'], fault.target, siteIds, 'site');
      else if (fault.kind === 'replica-outage') checkNamed([...path, 'target'], fault.target, replicaIds, 'store replica');
      else checkNodeTarget([...path, 'target'], fault.target);
    }
    if (fault.kind === 'partition' && fault.shape === 'one-way') {
      checkNodeTarget([...path, 'from'], fault.from);
      checkNodeTarget([...path, 'to'], fault.to);
    }
    if (fault.kind === 'partition' && fault.shape === 'zones') {
      const groupOf = new Map<string, number>();
      fault.groups.forEach((group, groupIndex) =>
        group.forEach((zone, zoneIndex) => {
          const earlier = groupOf.get(zone);
          if (!zones.has(zone)) report([...path, 'groups', groupIndex, zoneIndex], `a zone from topology.zones (${[...zones].join(', ')})`, zone);
          else if (earlier === groupIndex) report([...path, 'groups', groupIndex, zoneIndex], 'a zone used once in its group', zone);
          else if (earlier !== undefined) report([...path, 'groups', groupIndex, zoneIndex], `each zone in one group only (${zone} is already in groups[${earlier}])`, zone);
          if (earlier === undefined) groupOf.set(zone, groupIndex);
        }),
      );
    }
    if (fault.kind === 'network') fault.between?.forEach((zone, side) => zones.has(zone) || report([...path, 'between', side], `a zone from topology.zones (${[...zones].join(', ')})`, zone));
    if (fault.kind === 'crash' && fault.when) {
      if (fault.when.on === 'point' && !fault.when.point) report([...path, 'when', 'point'], 'the name of a crash point (for on: point)');
      if (fault.when.kind !== undefined && fault.when.on !== 'task-start' && fault.when.on !== 'task-finish') report([...path, 'when', 'kind'], 'kind only with on: task-start or task-finish', fault.when.kind);
      return;
    }
    const atMs = fault.at ?? 0;
    if (atMs >= endMs) {
      report([...path, 'at'], `a time inside the fault phase (before ${formatDurationMs(endMs)})`, formatDurationMs(atMs));
      return;
    }
    const toMs = fault.duration === undefined ? endMs : atMs + fault.duration;
    if (toMs > endMs) {
      report([...path, 'duration'], `a fault that ends by the end of the fault phase (${formatDurationMs(endMs)}); it would end at ${formatDurationMs(toMs)}`, formatDurationMs(fault.duration ?? 0));
    }
    const keys = exclusiveKeys(fault, nodesInZone);
    const clash = occupied.find((other) => atMs < other.toMs && other.fromMs < toMs && other.keys.some((key) => keys.includes(key)));
    if (clash) {
      report([...path, 'at'], `no overlap with faults[${clash.index}] (${clash.fault.kind}), which already holds the same target from ${formatDurationMs(clash.fromMs)} to ${formatDurationMs(clash.toMs)}`, formatDurationMs(atMs));
    }
    if (keys.length > 0) occupied.push({ fault, index, keys, fromMs: atMs, toMs });
  });
}

function checkSwarm(scenario: Scenario, report: Report): void {
  const { swarm } = scenario;
  if (swarm === undefined) return;
  duplicates(swarm.kinds).forEach((index) => report(['swarm', 'kinds', index], 'a fault kind used once (the kinds are drawn uniformly)', swarm.kinds[index]));
}

/**
 * What a fault holds exclusively on a concrete target: a node's liveness (crash, pause), its
 * speed, its clock; a site's availability or speed. Symbolic targets are resolved later, from
 * the seed, avoiding such clashes.
 */
function exclusiveKeys(fault: FaultSpec, nodesInZone: ReadonlyMap<string, readonly string[]>): string[] {
  const concrete = (target: NodeTargetSpec | undefined): string[] =>
    typeof target === 'object' && 'node' in target
      ? [target.node]
      : typeof target === 'object'
        ? [...(nodesInZone.get(target.zone) ?? [])]
        : typeof target === 'string' && !(NODE_TARGET_WORDS as readonly string[]).includes(target) ? [target] : target === 'coordinator' ? [CONTROL_NODE_ID] : target === 'broker' ? ['broker'] : [];  // broker-<zone> nodes are named directly
  switch (fault.kind) {
    case 'crash':
    case 'pause':
      return concrete(fault.target).map((node) => `liveness:${node}`);
    case 'broker-outage':
      return ['liveness:broker', ...[...nodesInZone.values()].flat().filter((node) => node.startsWith('broker-')).map((node) => `liveness:${node}`)];
    case 'slow':
      return concrete(fault.target).map((node) => `speed:${node}`);
    case 'clock-skew':
      return concrete(fault.target).map((node) => `clock:${node}`);
    case 'site-outage':
    case 'slow-site':
      return fault.target === 'random' ? [] : [`${fault.kind}:${fault.target}`];
    case 'replica-outage':
      return fault.target === 'random' ? [] : [`liveness:store-${fault.target}`];
    default:
      return [];
  }
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
  const replicas = scenario.topology.store?.replicas ?? [0, 1, 2].map((index) => ({ id: `r${index + 1}`, zone: scenario.topology.zones[index % scenario.topology.zones.length] ?? firstZone }));
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
