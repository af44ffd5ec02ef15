/**
 * The properties `faultline explore` searches counterexamples to: statements about what a
 * strategy guarantees, checked on the results of real runs of generated scenarios. Some hold
 * every strategy to account (a workload manager that loses work is broken, whatever its
 * design); the others only the strategies that claim them (`Strategy.claims`). One registry,
 * `PROPERTIES`; add your own by writing an `ExploreProperty` (docs/exploring.md).
 */
import type { ResolvedConfig } from '../simulator/scenario/config.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { countOf } from '../simulator/base/words.js';
import type { StrategyResults } from '../results/run.js';
import type { Strategy } from '../strategies/types.js';
import { GUARANTEES, type Guarantee, isHeldTo } from '../checkers/guarantees.js';
import type { ScenarioArbitraryOptions } from './arbitraries.js';

/** One run of a generated scenario with one strategy, as the property sees it. */
export interface Trial {
  readonly config: ResolvedConfig;
  /** The strategy's results: every checker's findings (`results.checks`), its verdict and cost. */
  readonly results: StrategyResults;
  readonly history: readonly HistoryEntry[];
  readonly ledger: readonly LedgerEntry[];
}

/** A guarantee (`checkers/guarantees.ts`: its name, who is held to it, its targets) and how explore checks it. */
export interface ExploreProperty extends Guarantee {
  /** The guarantee, in one sentence. */
  readonly claim: string;
  /**
   * The scenarios it is explored on (default: `scenarioArbitrary()`'s). Put the guarantee's
   * targets here: they are written into the counterexample file, so that `faultline run` of that
   * file exits 1 and names the missed target.
   */
  readonly scenarios?: ScenarioArbitraryOptions;
  /** Runs of each scenario (default 1; 2 to compare a run with its repeat). */
  readonly runsPerScenario?: number;
  /** The violation, in words, or undefined when the property holds on these runs. */
  check(trials: readonly [Trial, ...Trial[]]): string | undefined;
  /**
   * Whether these runs put the claim to the test at all (default: yes); counted, so that a pass is never vacuous
   * unnoticed.
   */
  exercised?(trials: readonly [Trial, ...Trial[]]): boolean;
}

const listed = (items: readonly string[]) =>
  items.length > 0 ? ` (${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''})` : '';

export const noLostWork: ExploreProperty = {
  ...GUARANTEES.noLostWork,
  claim: 'after every fault has healed and the convergence budget has passed, no accepted job is lost or stuck',
  scenarios: { targets: GUARANTEES.noLostWork.targets },
  check([{ results }]) {
    const { jobsLost, jobsStuck, lostJobIds } = results.checks.work;
    if (jobsLost === 0 && jobsStuck === 0) return undefined;
    return `${countOf(jobsLost, 'job')} lost${listed(lostJobIds)}, ${countOf(jobsStuck, 'job')} stuck when the convergence budget ended`;
  },
};

export const noSkippedSteps: ExploreProperty = {
  ...GUARANTEES.noSkippedSteps,
  claim: 'no job is declared COMPLETED before every one of its tasks has finished',
  scenarios: { targets: GUARANTEES.noSkippedSteps.targets },
  check([{ results }]) {
    const { skippedSteps, skippedStepTasks, prematureCompletions } = results.checks.steps;
    if (skippedSteps === 0) return undefined;
    return `${countOf(skippedSteps, 'step')} skipped${listed(skippedStepTasks)}: ${countOf(prematureCompletions, 'job')} declared COMPLETED too early`;
  },
  exercised: ([{ results }]) => results.checks.steps.completionsChecked > 0,
};

export const stepsInOrder: ExploreProperty = {
  ...GUARANTEES.stepsInOrder,
  claim: 'no task starts before the tasks it depends on have finished',
  scenarios: { targets: GUARANTEES.stepsInOrder.targets },
  check([{ results }]) {
    const { outOfOrderStarts, outOfOrderTasks } = results.checks.steps;
    return outOfOrderStarts === 0
      ? undefined
      : `${countOf(outOfOrderStarts, 'execution')} started before their predecessors finished${listed(outOfOrderTasks)}`;
  },
};

export const noDuplicateEffects: ExploreProperty = {
  ...GUARANTEES.noDuplicateEffects,
  claim: 'no task has a side effect at a compute site more than once, under any fault schedule',
  scenarios: { targets: GUARANTEES.noDuplicateEffects.targets },
  check([{ results }]) {
    const { duplicateEffects, duplicateEffectTasks } = results.checks.work;
    return duplicateEffects === 0
      ? undefined
      : `${countOf(duplicateEffects, 'duplicate site effect')}${listed(duplicateEffectTasks)}`;
  },
  exercised: ([{ config }]) => config.faults.length > 0,
};

export const submitsAvailableInZoneSplit: ExploreProperty = {
  ...GUARANTEES.submitsAvailableInZoneSplit,
  claim:
    'while two zones (each with its own broker) cannot reach each other, every submit on either side is answered ok',
  scenarios: {
    zones: { min: 2, max: 2 },
    workers: { min: 2 },
    brokerPerZone: true,
    faults: { min: 1, max: 1 },
    faultKinds: ['zone-split'],
    faultMinutes: { min: 5, max: 10 },
    faultLatestStartMinute: 5,
    // Enough jobs that both sides submit during the split (clients take turns).
    jobs: { min: 4 },
    targets: GUARANTEES.submitsAvailableInZoneSplit.targets,
  },
  check([{ results }]) {
    const problems = results.checks.availability.partitions.flatMap((partition) =>
      partition.sides
        .filter((side) => side.submit.operations > side.submit.ok)
        .map(
          (side) =>
            `${side.clients.join(', ') || side.side}: ${side.submit.ok} of ${countOf(side.submit.operations, 'submit')} ok (${side.submit.fail} failed, ${side.submit.info} unanswered) during ${partition.fault}`,
        ),
    );
    return problems.length === 0 ? undefined : problems.join('; ');
  },
  exercised: ([{ results }]) =>
    results.checks.availability.partitions.some(
      (partition) => partition.sides.filter((side) => side.submit.operations > 0).length >= 2,
    ),
};

/** What must be identical between a run and its repeat: everything but wall-clock facts. */
const deterministicPart = (trial: Trial) =>
  JSON.stringify({ results: trial.results, history: trial.history, ledger: trial.ledger });

export const deterministic: ExploreProperty = {
  ...GUARANTEES.deterministic,
  claim: 'the same scenario and seed give the same history, ledger and results, run after run',
  runsPerScenario: 2,
  check([first, ...repeats]) {
    const expected = deterministicPart(first);
    const differing = repeats.findIndex((repeat) => deterministicPart(repeat) !== expected);
    if (differing < 0) return undefined;
    const repeat = repeats[differing] as Trial;
    const firstDifference = first.history.findIndex(
      (entry, index) => JSON.stringify(entry) !== JSON.stringify(repeat.history[index]),
    );
    const where =
      firstDifference >= 0
        ? `first at history entry ${firstDifference} (simulated ${first.history[firstDifference]?.timeMs} ms)`
        : 'in its ledger or results';
    return `run ${differing + 2} of the same scenario and seed differs from run 1: ${where}`;
  },
};

/** Every property `faultline explore` knows, in the order it explores them. */
export const PROPERTIES: readonly ExploreProperty[] = [
  noLostWork,
  noSkippedSteps,
  stepsInOrder,
  noDuplicateEffects,
  submitsAvailableInZoneSplit,
  deterministic,
];

export function propertyNames(): string[] {
  return PROPERTIES.map((property) => property.name);
}

export function findProperty(name: string): ExploreProperty | undefined {
  return PROPERTIES.find((property) => property.name === name);
}

/** The properties a strategy is held to, in registry order. */
export function propertiesFor(strategy: Strategy, among: readonly ExploreProperty[] = PROPERTIES): ExploreProperty[] {
  return among.filter((property) => isHeldTo(strategy, property));
}
