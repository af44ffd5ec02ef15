/**
 * Checks a schema-valid scenario for what one field cannot say alone: names that must exist,
 * ids that must be unique, faults that must fall inside the run and must not contradict each
 * other, a workload that fits in its time.
 */
import { formatDurationMs } from '../time.js';
import type { FieldPath, ScenarioProblem } from './errors.js';
import { renderFound } from './errors.js';
import type { Scenario } from './schema.js';

/** Id of the control node every scenario has (the coordinator's host). */
export const CONTROL_NODE_ID = 'control';

export function checkReferences(scenario: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const report = (path: FieldPath, expected: string, found?: unknown) =>
    problems.push({ path, expected, found: found === undefined ? undefined : renderFound(found) });

  const { topology } = scenario;
  const zones = new Set(topology.zones);
  duplicates(topology.zones).forEach((index) => report(['topology', 'zones', index], 'a zone name used once', topology.zones[index]));

  const checkZone = (path: FieldPath, zone: string | undefined) => {
    if (zone !== undefined && !zones.has(zone)) report(path, `a zone from topology.zones (${[...zones].join(', ')})`, zone);
  };
  checkZone(['topology', 'control', 'zone'], topology.control?.zone);
  topology.clients?.forEach((client, index) => checkZone(['topology', 'clients', index, 'zone'], client.zone));

  const nodeIds = topology.nodes.map((node) => node.id);
  duplicates(nodeIds).forEach((index) => report(['topology', 'nodes', index, 'id'], 'a node id used once', nodeIds[index]));
  topology.nodes.forEach((node, index) => {
    checkZone(['topology', 'nodes', index, 'zone'], node.zone);
    if (node.id === CONTROL_NODE_ID) report(['topology', 'nodes', index, 'id'], `a node id other than "${CONTROL_NODE_ID}" (reserved for the control node)`, node.id);
  });

  const siteIds = topology.sites.map((site) => site.id);
  duplicates(siteIds).forEach((index) => report(['topology', 'sites', index, 'id'], 'a site id used once', siteIds[index]));
  topology.sites.forEach((site, index) => checkZone(['topology', 'sites', index, 'zone'], site.zone));

  checkWorkload(scenario, report);
  checkFaults(scenario, new Set([...nodeIds, CONTROL_NODE_ID]), report);
  return problems;
}

type Report = (path: FieldPath, expected: string, found?: unknown) => void;

function checkWorkload(scenario: Scenario, report: Report): void {
  const { workload, duration } = scenario;
  if (workload.start >= duration) {
    report(['workload', 'start'], `a first arrival before the end of the fault phase (${formatDurationMs(duration)})`, formatDurationMs(workload.start));
  }
  const gapMs = 'every' in workload.arrival ? workload.arrival.every : workload.arrival.poisson.mean;
  const lastArrivalMs = workload.start + (workload.jobs - 1) * gapMs;
  if (lastArrivalMs >= duration) {
    const kind = 'every' in workload.arrival ? 'the last' : 'the expected last';
    report(
      ['workload', 'jobs'],
      `a workload that fits in the fault phase (${formatDurationMs(duration)}): ${kind} of ${workload.jobs} arrivals ${formatDurationMs(gapMs)} apart comes at ${formatDurationMs(lastArrivalMs)}`,
      workload.jobs,
    );
  }
}

function checkFaults(scenario: Scenario, nodeIds: ReadonlySet<string>, report: Report): void {
  const endMs = scenario.duration;
  const downIntervals = new Map<string, { fromMs: number; toMs: number; index: number }[]>();
  scenario.faults.forEach((fault, index) => {
    const path = ['faults', index] as const;
    if (!nodeIds.has(fault.target.node)) {
      report([...path, 'target', 'node'], `a node from topology.nodes or "${CONTROL_NODE_ID}" (${[...nodeIds].join(', ')})`, fault.target.node);
    }
    if (fault.at >= endMs) {
      report([...path, 'at'], `a time inside the fault phase (before ${formatDurationMs(endMs)})`, formatDurationMs(fault.at));
      return;
    }
    const toMs = fault.duration === undefined ? endMs : fault.at + fault.duration;
    if (toMs > endMs) {
      report(
        [...path, 'duration'],
        `a fault that ends by the end of the fault phase (${formatDurationMs(endMs)}); it would end at ${formatDurationMs(toMs)}`,
        formatDurationMs(fault.duration ?? 0),
      );
    }
    const intervals = downIntervals.get(fault.target.node) ?? [];
    const overlapping = intervals.find((other) => fault.at < other.toMs && other.fromMs < toMs);
    if (overlapping) {
      report(
        [...path, 'at'],
        `no overlap with faults[${overlapping.index}], which already keeps ${fault.target.node} down from ${formatDurationMs(overlapping.fromMs)} to ${formatDurationMs(overlapping.toMs)}`,
        formatDurationMs(fault.at),
      );
    }
    intervals.push({ fromMs: fault.at, toMs, index });
    downIntervals.set(fault.target.node, intervals);
  });
}

function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.push(index);
    seen.add(value);
  });
  return repeated;
}
