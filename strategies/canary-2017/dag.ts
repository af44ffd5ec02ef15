/**
 * The 2017 proof-of-concept's experiment DAG bookkeeping, bugs included (docs/background.md, *The
 * final design: as built*, "Responses drive the graph"): each node has an `isExecuted` flag; an OK response marks "the
 * next unexecuted
 * node" executed — not the node matching the responding task — and returns the node after it to
 * publish. A duplicate or stray OK therefore skips a step.
 */
import type { JobSpec, JobState } from '../../simulator/scenario/model.js';

export interface Experiment {
  readonly spec: JobSpec;
  /** Task ids in the order the chain was built (topological). */
  readonly order: readonly string[];
  executed: string[];
  state: JobState;
}

export function createExperiment(spec: JobSpec): Experiment {
  return { spec, order: topologicalOrder(spec), executed: [], state: 'RUNNING' };
}

function topologicalOrder(spec: JobSpec): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < spec.tasks.length) {
    const next = spec.tasks.find((task) => !placed.has(task.id) && task.after.every((before) => placed.has(before)));
    if (!next) break;
    order.push(next.id);
    placed.add(next.id);
  }
  return order;
}

/** The first node of the chain. */
export function firstNode(experiment: Experiment): string | undefined {
  return experiment.order[0];
}

/**
 * `setExecutedAndGetNextNode`, as built: the responding task's id is ignored. Marks the first
 * unexecuted node executed and returns the node after it, or undefined when the chain is done
 * (then the experiment is COMPLETE).
 */
export function onOkResponse(experiment: Experiment, _respondingTask: string): string | undefined {
  const next = experiment.order.find((task) => !experiment.executed.includes(task));
  if (next === undefined) return undefined;
  experiment.executed.push(next);
  const after = experiment.order[experiment.order.indexOf(next) + 1];
  if (after === undefined) experiment.state = 'COMPLETED';
  return after;
}
