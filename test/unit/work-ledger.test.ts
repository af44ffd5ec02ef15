import { describe, expect, it } from 'vitest';
import { checkWorkLedger } from '../../checkers/work-ledger.js';
import type { HistoryEntry, HistoryValues, LedgerEntry, RecordKind, TypeOf } from '../../simulator/scenario/history.js';
import type { TaskKind } from '../../simulator/scenario/model.js';
import { faultWindow, ledgerBuilders, siteEffect } from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const config = configFromYaml(scenarioYaml({ workload: 'workload:\n  jobs: 2\n  arrival: { every: 10m }' }));
const CHAIN: readonly TaskKind[] = [
  'ENV_SETUP',
  'INPUT_DATA_STAGING',
  'JOB_SUBMISSION',
  'MONITORING',
  'OUTPUT_DATA_STAGING',
];
/** Each task is named after its kind. */
const { start, end } = ledgerBuilders(Object.fromEntries(CHAIN.map((kind) => [kind, kind])));

let index = 0;
const entry = <F extends RecordKind, T extends TypeOf<F>>(
  type: T,
  f: F,
  value: HistoryValues[F][T],
  op?: string,
): HistoryEntry => ({ index: index++, timeMs: index, process: 'client-1', type, f, op, value }) as HistoryEntry;

/** Ledger entries for one complete run of `job`, each task once on n1. */
function ranToCompletion(job: string): LedgerEntry[] {
  return CHAIN.flatMap((task): LedgerEntry[] => {
    const effect = task === 'JOB_SUBMISSION' ? [siteEffect(job, task, 0, 'hpc1#1')] : [];
    return [start(job, task, 0), ...effect, end(job, task, 1)];
  });
}

const submitted = (job: string, outcome: 'ok' | 'info' | 'fail'): HistoryEntry[] => [
  entry('invoke', 'submit', { job }, job),
  outcome === 'ok'
    ? entry('ok', 'submit', { job }, job)
    : entry(outcome, 'submit', { job, reason: outcome === 'info' ? 'timeout' : 'refused' }, job),
];

describe('the work ledger checker', () => {
  it('finds nothing wrong in a clean run', () => {
    const result = checkWorkLedger({
      config,
      history: [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok')],
      ledger: [...ranToCompletion('job-1'), ...ranToCompletion('job-2')],
    });
    expect(result).toEqual({
      jobsSubmitted: 2,
      jobsAccepted: 2,
      jobsUnknown: 0,
      jobsRecovered: 0,
      jobsRefused: 0,
      jobsCompleted: 2,
      jobsFailed: 0,
      jobsLost: 0,
      lostWhileRunning: 0,
      lostAfterFailure: 0,
      lostBeforeStart: 0,
      lostJobIds: [],
      jobsStuck: 0,
      executions: 10,
      duplicateExecutions: 0,
      abandonedExecutions: 0,
      duplicateEffects: 0,
      duplicateEffectTasks: [],
      redispatches: 0,
      reclaims: 0,
    });
  });

  it('flags an accepted job that never completed as lost', () => {
    const ledger = ranToCompletion('job-2').filter(
      (item) => !(item.kind === 'exec-end' && item.task === 'OUTPUT_DATA_STAGING'),
    );
    const result = checkWorkLedger({
      config,
      history: [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok')],
      ledger: [...ranToCompletion('job-1'), ...ledger],
    });
    expect(result).toMatchObject({ jobsCompleted: 1, jobsLost: 1, lostJobIds: ['job-2'], abandonedExecutions: 1 });
  });

  it('keeps a submit whose outcome is unknown out of both accepted and lost', () => {
    const result = checkWorkLedger({
      config,
      history: [...submitted('job-1', 'ok'), ...submitted('job-2', 'info')],
      ledger: ranToCompletion('job-1'),
    });
    expect(result).toMatchObject({ jobsAccepted: 1, jobsUnknown: 1, jobsLost: 0 });
  });

  it('counts a job of unknown submit outcome that completed anyway as completed and recovered, once', () => {
    const result = checkWorkLedger({
      config,
      history: [...submitted('job-1', 'info'), ...submitted('job-2', 'info')],
      ledger: ranToCompletion('job-1'),
    });
    expect(result).toMatchObject({
      jobsSubmitted: 2,
      jobsAccepted: 0,
      jobsCompleted: 1,
      jobsRecovered: 1,
      jobsUnknown: 1,
      jobsLost: 0,
    });
    expect(result.jobsCompleted + result.jobsFailed + result.jobsLost + result.jobsUnknown + result.jobsRefused).toBe(
      result.jobsSubmitted,
    );
  });

  it('tells a duplicate site effect and a duplicate execution from a clean re-dispatch', () => {
    // A second execution (attempt 2) on n2 that submits again.
    const zombie = [
      start('job-1', 'JOB_SUBMISSION', 5, { node: 'n2', execution: 1 }),
      siteEffect('job-1', 'JOB_SUBMISSION', 5, 'hpc1#2', { node: 'n2', attempt: 2 }),
      end('job-1', 'JOB_SUBMISSION', 6, { node: 'n2', execution: 1 }),
    ];
    const history = [
      ...submitted('job-1', 'ok'),
      entry('info', 'dispatch', { job: 'job-1', task: 'JOB_SUBMISSION', node: 'n2', attempt: 2 }),
    ];
    const result = checkWorkLedger({ config, history, ledger: [...ranToCompletion('job-1'), ...zombie] });
    expect(result).toMatchObject({
      duplicateExecutions: 1,
      duplicateEffects: 1,
      duplicateEffectTasks: ['job-1/JOB_SUBMISSION'],
      redispatches: 1,
      jobsLost: 0,
    });
  });

  it('counts a job finished after the convergence budget as stuck, not lost; a lost job is stuck too', () => {
    const late = ranToCompletion('job-1').map((item) =>
      item.kind === 'exec-end' && item.task === 'OUTPUT_DATA_STAGING'
        ? { ...item, timeMs: config.phases.convergeEndMs + 1 }
        : item,
    );
    const onTime = ranToCompletion('job-1').map((item) =>
      item.kind === 'exec-end' && item.task === 'OUTPUT_DATA_STAGING'
        ? { ...item, timeMs: config.phases.convergeEndMs }
        : item,
    );
    const history = [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok')];
    expect(checkWorkLedger({ config, history, ledger: late })).toMatchObject({
      jobsCompleted: 1,
      jobsLost: 1,
      jobsStuck: 2,
    });
    expect(checkWorkLedger({ config, history, ledger: onTime })).toMatchObject({
      jobsCompleted: 1,
      jobsLost: 1,
      jobsStuck: 1,
    });
  });

  it('tells a job the strategy declared FAILED from a lost one', () => {
    const history = [
      ...submitted('job-1', 'ok'),
      ...submitted('job-2', 'ok'),
      entry('ok', 'status', { job: 'job-1', state: 'FAILED' }, 'read-1'),
    ];
    const result = checkWorkLedger({ config, history, ledger: [] });
    expect(result).toMatchObject({
      jobsAccepted: 2,
      jobsCompleted: 0,
      jobsFailed: 1,
      jobsLost: 1,
      lostJobIds: ['job-2'],
    });
  });

  it('counts a job refused at one entry and accepted at the next as accepted, not refused', () => {
    const history = [
      ...submitted('job-1', 'fail'),
      ...submitted('job-1', 'ok'),
      ...submitted('job-2', 'fail'),
      ...submitted('job-2', 'info'),
    ];
    const result = checkWorkLedger({ config, history, ledger: ranToCompletion('job-1') });
    expect(result).toMatchObject({ jobsSubmitted: 2, jobsAccepted: 1, jobsRefused: 0, jobsUnknown: 1, jobsLost: 0 });
  });

  describe('splits lost jobs by where their work was (ledger)', () => {
    const fiveJobs = configFromYaml(scenarioYaml({ workload: 'workload:\n  jobs: 5\n  arrival: { every: 10m }' }));
    const crashOfN2 = faultWindow({ fault: 'f1', kind: 'crash', nodes: ['n2'] }, 100, 200);
    const accepted = (...jobs: string[]) => [...crashOfN2, ...jobs.flatMap((job) => submitted(job, 'ok'))];
    /**
     * `job`'s first two tasks finished on n1, its third started on n2 and cut off by n2's crash at 100 (no exec-end).
     */
    const cutOffOnN2 = (job: string): LedgerEntry[] => [
      start(job, 'ENV_SETUP', 10),
      end(job, 'ENV_SETUP', 20),
      start(job, 'INPUT_DATA_STAGING', 21),
      end(job, 'INPUT_DATA_STAGING', 30),
      start(job, 'JOB_SUBMISSION', 90, { node: 'n2' }),
    ];
    const split = ({
      jobsLost,
      lostWhileRunning,
      lostAfterFailure,
      lostBeforeStart,
    }: ReturnType<typeof checkWorkLedger>) => ({ jobsLost, lostWhileRunning, lostAfterFailure, lostBeforeStart });

    it('a job whose task was running when its node crashed (exec-start, no exec-end) was lost while running', () => {
      const result = checkWorkLedger({
        config,
        history: accepted('job-1', 'job-2'),
        ledger: [...ranToCompletion('job-1'), ...cutOffOnN2('job-2')],
      });
      expect(split(result)).toEqual({ jobsLost: 1, lostWhileRunning: 1, lostAfterFailure: 0, lostBeforeStart: 0 });
      expect(result.abandonedExecutions).toBe(1);
    });

    it('a job no task of which ever started (its delivery buffered at the crashed consumer, auto-acked) was lost before it started', () => {
      const result = checkWorkLedger({ config, history: accepted('job-1', 'job-2'), ledger: ranToCompletion('job-1') });
      expect(split(result)).toEqual({ jobsLost: 1, lostWhileRunning: 0, lostAfterFailure: 0, lostBeforeStart: 1 });
      expect(result.abandonedExecutions).toBe(0);
    });

    it('a job whose next task never started after the previous one finished ok was lost before that task started', () => {
      const ledger = [start('job-1', 'ENV_SETUP', 10), end('job-1', 'ENV_SETUP', 20)];
      expect(split(checkWorkLedger({ config, history: accepted('job-1'), ledger }))).toEqual({
        jobsLost: 1,
        lostWhileRunning: 0,
        lostAfterFailure: 0,
        lostBeforeStart: 1,
      });
    });

    it('a job whose task failed and was neither run again nor declared failed was lost after a failure', () => {
      const ledger = [start('job-1', 'ENV_SETUP', 10), end('job-1', 'ENV_SETUP', 20, { outcome: 'retryable' })];
      expect(split(checkWorkLedger({ config, history: accepted('job-1'), ledger }))).toEqual({
        jobsLost: 1,
        lostWhileRunning: 0,
        lostAfterFailure: 1,
        lostBeforeStart: 0,
      });
    });

    it("reads a task's last execution: cut off then failed is after a failure; failed then cut off is running", () => {
      const cutThenFailed = [
        start('job-1', 'ENV_SETUP', 10, { node: 'n2' }),
        start('job-1', 'ENV_SETUP', 150, { execution: 1 }),
        end('job-1', 'ENV_SETUP', 160, { execution: 1, outcome: 'retryable' }),
      ];
      const failedThenCut = [
        start('job-2', 'ENV_SETUP', 10),
        end('job-2', 'ENV_SETUP', 20, { outcome: 'retryable' }),
        start('job-2', 'ENV_SETUP', 90, { node: 'n2', execution: 1 }),
      ];
      const result = checkWorkLedger({
        config,
        history: accepted('job-1', 'job-2'),
        ledger: [...cutThenFailed, ...failedThenCut],
      });
      expect(split(result)).toEqual({ jobsLost: 2, lostWhileRunning: 1, lostAfterFailure: 1, lostBeforeStart: 0 });
    });

    it('counts a job running a later task while an earlier one never started (a skipped step) as running', () => {
      const ledger = [
        start('job-1', 'ENV_SETUP', 10),
        end('job-1', 'ENV_SETUP', 20),
        start('job-1', 'JOB_SUBMISSION', 90, { node: 'n2' }),
      ];
      expect(split(checkWorkLedger({ config, history: accepted('job-1'), ledger }))).toEqual({
        jobsLost: 1,
        lostWhileRunning: 1,
        lostAfterFailure: 0,
        lostBeforeStart: 0,
      });
    });

    it('puts every lost job in exactly one place, and not completed or failed ones', () => {
      // job-1 cut off on n2, job-2 never started, job-3 completed, job-4 never started but declared FAILED, job-5
      // failed and not retried.
      const history = [
        ...accepted('job-1', 'job-2', 'job-3', 'job-4', 'job-5'),
        entry('info', 'job-failed', { job: 'job-4', task: 'JOB_SUBMISSION' }),
      ];
      const failedOnce = [start('job-5', 'ENV_SETUP', 10), end('job-5', 'ENV_SETUP', 20, { outcome: 'fatal' })];
      const result = checkWorkLedger({
        config: fiveJobs,
        history,
        ledger: [...cutOffOnN2('job-1'), ...ranToCompletion('job-3'), ...failedOnce],
      });
      expect(result).toMatchObject({
        jobsCompleted: 1,
        jobsFailed: 1,
        jobsLost: 3,
        lostJobIds: ['job-1', 'job-2', 'job-5'],
      });
      expect(split(result)).toEqual({ jobsLost: 3, lostWhileRunning: 1, lostAfterFailure: 1, lostBeforeStart: 1 });
      expect(result.lostWhileRunning + result.lostAfterFailure + result.lostBeforeStart).toBe(result.jobsLost);
    });
  });

  it('does not count a task whose only execution failed as finished', () => {
    const ledger = ranToCompletion('job-1').map((item) =>
      item.kind === 'exec-end' && item.task === 'MONITORING' ? { ...item, outcome: 'retryable' as const } : item,
    );
    const result = checkWorkLedger({ config, history: submitted('job-1', 'ok'), ledger });
    expect(result).toMatchObject({ jobsCompleted: 0, jobsLost: 1, duplicateExecutions: 0 });
  });
});
