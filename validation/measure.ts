/**
 * What the validation measures on one strategy's run of a validation scenario, from its run
 * folder (config.json, history.jsonl, ledger.jsonl, results.json). Each measure is taken over the
 * measured window [warm-up, last arrival): after the warm-up the queue is near its steady state,
 * and after the last arrival it only drains.
 *
 * - queue wait: task ready → first start, for tasks of jobs submitted in the window (the
 *   `performance` checker's definition, `checkers/readiness.ts`); its mean against Wq.
 * - P(wait): the fraction of those tasks that waited longer than the hand-off allowance (1 s):
 *   every task waits a few network latencies between ready and started (submit, dispatch or
 *   delivery messages), which is not queueing.
 * - utilisation: node time busy inside the window / (slots × window).
 * - throughput: ok execution ends inside the window / window.
 * - Little's law: the `capacity` checker's integral of tasks waiting against the `performance`
 *   checker's waits (mean × count): two checkers, two ways of measuring, one number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstOkEnds, readyTasks, submissionTimes } from '../checkers/readiness.js';
import { byTime } from '../checkers/time-order.js';
import type { RunResults } from '../results/run.js';
import type { ResolvedConfig } from '../simulator/scenario/config.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';

/** Waits up to this long are the hand-off between ready and started, not queueing. */
export const HAND_OFF_ALLOWANCE_MS = 1_000;

export interface RunMeasures {
  readonly strategy: string;
  readonly seed: number;
  /** Tasks measured (ready inside the window, started). */
  readonly tasks: number;
  readonly meanQueueWaitMs: number;
  readonly waitProbability: number;
  readonly utilisation: number;
  readonly throughputPerMs: number;
  /** |∫ waiting − Σ waits| / Σ waits, from the two checkers (0 when nothing waited). */
  readonly littleRelativeError: number;
  /** The longest avoidable wait of a task (the `capacity` checker), ms. */
  readonly maxAvoidableWaitMs: number | null;
}

function readJsonLines<Entry>(file: string): Map<string, Entry[]> {
  const byStrategy = new Map<string, Entry[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const { strategy, ...entry } = JSON.parse(line) as { strategy: string };
    (byStrategy.get(strategy) ?? byStrategy.set(strategy, []).get(strategy))?.push(entry as Entry);
  }
  return byStrategy;
}

/** The window measures are taken over: [warm-up, last arrival). */
export function measuredWindow(config: ResolvedConfig): { readonly fromMs: number; readonly toMs: number } {
  const lastArrivalMs = config.workload.jobs.reduce((latest, job) => Math.max(latest, job.arrivalMs), 0);
  return { fromMs: config.phases.warmupMs ?? 0, toMs: lastArrivalMs };
}

function overlap(startMs: number, endMs: number, window: { readonly fromMs: number; readonly toMs: number }): number {
  return Math.max(0, Math.min(endMs, window.toMs) - Math.max(startMs, window.fromMs));
}

/** The measures of every strategy in one run folder. */
export function measureRunFolder(folder: string): RunMeasures[] {
  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as ResolvedConfig;
  const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as RunResults;
  const histories = readJsonLines<HistoryEntry>(join(folder, 'history.jsonl'));
  const ledgers = readJsonLines<LedgerEntry>(join(folder, 'ledger.jsonl'));
  const window = measuredWindow(config);
  const slots = config.nodes.filter((node) => node.role === 'worker').reduce((sum, node) => sum + node.slots, 0);
  return results.strategies.map((strategy): RunMeasures => {
    const history = byTime<HistoryEntry>(histories.get(strategy.name) ?? []);
    const ledger = byTime<LedgerEntry>(ledgers.get(strategy.name) ?? []);
    const ready = readyTasks(config, submissionTimes(history), firstOkEnds(ledger));
    const waits: number[] = [];
    const started = new Set<string>();
    const startOf = new Map<string, number>();
    let busyMs = 0;
    let completions = 0;
    for (const entry of ledger) {
      if (entry.kind === 'exec-start') {
        startOf.set(`${taskKey(entry.job, entry.task)}#${entry.execution}`, entry.timeMs);
        const task = taskKey(entry.job, entry.task);
        const readiness = ready.get(task);
        if (!readiness || started.has(task) || entry.timeMs < readiness.readyMs) continue;
        started.add(task);
        if (readiness.submittedMs >= window.fromMs && readiness.submittedMs < window.toMs)
          waits.push(entry.timeMs - readiness.readyMs);
      } else if (entry.kind === 'exec-end') {
        const startMs = startOf.get(`${taskKey(entry.job, entry.task)}#${entry.execution}`);
        if (startMs !== undefined) busyMs += overlap(startMs, entry.timeMs, window);
        if (entry.outcome === 'ok' && entry.timeMs >= window.fromMs && entry.timeMs < window.toMs) completions++;
      }
    }
    const windowMs = window.toMs - window.fromMs;
    const { queueWaitMs } = strategy.checks.performance;
    const waitSum = (queueWaitMs.mean ?? 0) * queueWaitMs.count;
    const waitingTaskMs = strategy.checks.capacity.waitingTaskMs;
    return {
      strategy: strategy.name,
      seed: results.seed,
      tasks: waits.length,
      meanQueueWaitMs: waits.reduce((sum, wait) => sum + wait, 0) / Math.max(1, waits.length),
      waitProbability: waits.filter((wait) => wait > HAND_OFF_ALLOWANCE_MS).length / Math.max(1, waits.length),
      utilisation: busyMs / (slots * windowMs),
      throughputPerMs: completions / windowMs,
      littleRelativeError: waitSum === 0 ? Math.abs(waitingTaskMs) : Math.abs(waitingTaskMs - waitSum) / waitSum,
      maxAvoidableWaitMs: strategy.checks.capacity.avoidableWaitMs.maxMs,
    };
  });
}
