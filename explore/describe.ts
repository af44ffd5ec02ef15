/**
 * Scenario documents in words and as files: a one-line summary for the progress display, a
 * fault per line for the counterexample, its size (what the canary test bounds), and the YAML
 * text that both a trial run and a counterexample file hold.
 */
import YAML from 'yaml';
import { findFaultKind } from '../simulator/scenario/faults/kinds/index.js';
import { countOf } from '../simulator/base/words.js';
import type { FaultDocument, ScenarioDocument } from './arbitraries.js';

export interface DocumentSize {
  readonly jobs: number;
  readonly faults: number;
  readonly workers: number;
  readonly zones: number;
}

export function documentSize(document: ScenarioDocument): DocumentSize {
  return {
    jobs: document.workload.jobs ?? 0,
    faults: document.faults?.length ?? 0,
    workers: document.topology.nodes.length,
    zones: document.topology.zones.length,
  };
}

/** `crash n1 at 3m for 2m`, `network duplicate 0.3, delay 4s at 0m for 5m`: its kind's words, then its window. */
export function describeFault(fault: FaultDocument): string {
  const window = `at ${String(fault.at ?? 0)} for ${String(fault.duration ?? 'the rest of the fault phase')}`;
  return `${findFaultKind(fault.kind)?.explore.describe(fault) ?? fault.kind} ${window}`;
}

/** `2 jobs, 3 workers in 2 zones, 1 fault: crash n1 at 3m for 2m`. */
export function describeDocument(document: ScenarioDocument): string {
  const size = documentSize(document);
  const faults = document.faults ?? [];
  const head = `${countOf(size.jobs, 'job')}, ${countOf(size.workers, 'worker')} in ${countOf(size.zones, 'zone')}, ${countOf(size.faults, 'fault')}`;
  return faults.length === 0 ? head : `${head}: ${faults.map(describeFault).join('; ')}`;
}

/** The YAML a scenario file holds; a fault, a node, a client or a site per line. */
export function documentYaml(document: ScenarioDocument): string {
  const yaml = new YAML.Document(document);
  YAML.visit(yaml, {
    Seq(_key, node, path) {
      const parent = path[path.length - 1];
      const key = YAML.isPair(parent) && YAML.isScalar(parent.key) ? String(parent.key.value) : '';
      if (['zones', 'groups', 'after', 'between'].includes(key)) node.flow = true;
    },
    Map(_key, node, path) {
      const keyOf = (item: unknown) => (YAML.isPair(item) && YAML.isScalar(item.key) ? String(item.key.value) : '');
      // Items of these lists, and these small sections, on one line each.
      if (['faults', 'nodes', 'clients', 'sites', 'tasks'].includes(keyOf(path[path.length - 2]))) node.flow = true;
      if (
        [
          'arrival',
          'phases',
          'broker',
          'lostJobs',
          'stuckJobs',
          'skippedSteps',
          'outOfOrderSteps',
          'duplicateEffects',
          'availabilityDuringFaults',
        ].includes(keyOf(path[path.length - 1]))
      )
        node.flow = true;
    },
  });
  return yaml.toString({ lineWidth: 0 });
}
