import { describe, expect, it } from 'vitest';
import { compareCaptures, firstDifference, firstDivergentEntry } from '../../runner/audit.js';
import type { StrategyResults } from '../../results/run.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/scenario/history.js';

/** A dispatch of `job`'s ENV_SETUP (attempt `attempt`) as the history's `index`-th entry. */
const entry = (index: number, timeMs: number, job: string, attempt = 1): HistoryEntry => ({
  index,
  timeMs,
  process: 'coordinator',
  type: 'info',
  f: 'dispatch',
  value: { job, task: 'ENV_SETUP', attempt },
});
const start = (timeMs: number, node: string): LedgerEntry => ({
  kind: 'exec-start',
  timeMs,
  node,
  job: 'job-2',
  task: 'ENV_SETUP',
  taskKind: 'ENV_SETUP',
  attempt: 1,
  execution: 0,
  durationMs: 5,
});
const results = (lost: number) =>
  ({ name: 'stateful', checks: { work: { jobsLost: lost } } }) as unknown as StrategyResults;

describe('the determinism audit’s comparison', () => {
  const history = [entry(0, 0, 'job-1'), entry(1, 10, 'job-2')];
  const ledger = [start(1, 'n1'), start(11, 'n2')];

  it('finds two identical runs identical', () => {
    expect(
      compareCaptures(
        { results: results(0), history, ledger },
        { results: results(0), history: [...history], ledger: [...ledger] },
      ),
    ).toBeNull();
  });

  it('reports the first differing history entry with its time and job', () => {
    const other = [history[0]!, entry(1, 10, 'job-3')];
    expect(firstDivergentEntry('history', history, other)).toEqual({
      where: 'history',
      at: 1,
      timeMs: 10,
      job: 'job-2',
      first: history[1],
      second: other[1],
    });
  });

  it('reports an entry one run has and the other lacks', () => {
    expect(firstDivergentEntry('history', history, history.slice(0, 1))).toEqual({
      where: 'history',
      at: 1,
      timeMs: 10,
      job: 'job-2',
      first: history[1],
      second: undefined,
    });
  });

  it('reports whichever of history and ledger diverged first in simulated time', () => {
    const otherLedger = [start(1, 'n3'), ledger[1]!];
    const otherHistory = [history[0]!, entry(1, 10, 'job-2', 2)];
    expect(
      compareCaptures(
        { results: results(0), history, ledger },
        { results: results(0), history: otherHistory, ledger: otherLedger },
      ),
    ).toMatchObject({ where: 'ledger', at: 0, timeMs: 1, job: 'job-2' });
  });

  it('names the JSON path of the first differing result when history and ledger agree', () => {
    expect(compareCaptures({ results: results(0), history, ledger }, { results: results(1), history, ledger })).toEqual(
      { where: 'results', at: '.checks.work.jobsLost', first: 0, second: 1 },
    );
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual({
      path: '.a[1].b',
      first: 2,
      second: 3,
    });
  });
});
