import { describe, expect, it } from 'vitest';
import { checkWorkLedger } from '../../checkers/work-ledger.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/history.js';
import type { TaskKind } from '../../simulator/model.js';
import { ledgerBuilders, siteEffect } from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const config = configFromYaml(scenarioYaml({ workload: 'workload:\n  jobs: 2\n  arrival: { every: 10m }' }));
const CHAIN: readonly TaskKind[] = ['ENV_SETUP', 'INPUT_DATA_STAGING', 'JOB_SUBMISSION', 'MONITORING', 'OUTPUT_DATA_STAGING'];
/** Each task is named after its kind. */
const { start, end } = ledgerBuilders(Object.fromEntries(CHAIN.map((kind) => [kind, kind])));

let index = 0;
const entry = (type: HistoryEntry['type'], f: string, value: Record<string, unknown>, op?: string): HistoryEntry => ({ index: index++, timeMs: index, process: 'client-1', type, f, op, value });

/** Ledger entries for one complete run of `job`, each task once on n1. */
function ranToCompletion(job: string): LedgerEntry[] {
  return CHAIN.flatMap((task): LedgerEntry[] => {
    const effect = task === 'JOB_SUBMISSION' ? [siteEffect(job, task, 0, 'hpc1#1')] : [];
    return [start(job, task, 0), ...effect, end(job, task, 1)];
  });
}

const submitted = (job: string, outcome: 'ok' | 'info' | 'fail'): HistoryEntry[] => [entry('invoke', 'submit', { job }, job), entry(outcome, 'submit', { job }, job)];

describe('the work ledger checker', () => {
  it('finds nothing wrong in a clean run', () => {
    const result = checkWorkLedger({ config, history: [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok')], ledger: [...ranToCompletion('job-1'), ...ranToCompletion('job-2')] });
    expect(result).toEqual({
      jobsSubmitted: 2,
      jobsAccepted: 2,
      jobsUnknown: 0,
      jobsRecovered: 0,
      jobsRefused: 0,
      jobsCompleted: 2,
      jobsFailed: 0,
      jobsLost: 0,
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
    const ledger = ranToCompletion('job-2').filter((item) => !(item.kind === 'exec-end' && item.task === 'OUTPUT_DATA_STAGING'));
    const result = checkWorkLedger({ config, history: [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok')], ledger: [...ranToCompletion('job-1'), ...ledger] });
    expect(result).toMatchObject({ jobsCompleted: 1, jobsLost: 1, lostJobIds: ['job-2'], abandonedExecutions: 1 });
  });

  it('keeps a submit whose outcome is unknown out of both accepted and lost', () => {
    const result = checkWorkLedger({ config, history: [...submitted('job-1', 'ok'), ...submitted('job-2', 'info')], ledger: ranToCompletion('job-1') });
    expect(result).toMatchObject({ jobsAccepted: 1, jobsUnknown: 1, jobsLost: 0 });
  });

  it('counts a job of unknown submit outcome that completed anyway as completed and recovered, once', () => {
    const result = checkWorkLedger({ config, history: [...submitted('job-1', 'info'), ...submitted('job-2', 'info')], ledger: ranToCompletion('job-1') });
    expect(result).toMatchObject({ jobsSubmitted: 2, jobsAccepted: 0, jobsCompleted: 1, jobsRecovered: 1, jobsUnknown: 1, jobsLost: 0 });
    expect(result.jobsCompleted + result.jobsFailed + result.jobsLost + result.jobsUnknown + result.jobsRefused).toBe(result.jobsSubmitted);
  });

  it('tells a duplicate site effect and a duplicate execution from a clean re-dispatch', () => {
    // A second execution (attempt 2) on n2 that submits again.
    const zombie = [
      start('job-1', 'JOB_SUBMISSION', 5, { node: 'n2', execution: 1 }),
      siteEffect('job-1', 'JOB_SUBMISSION', 5, 'hpc1#2', { node: 'n2', attempt: 2 }),
      end('job-1', 'JOB_SUBMISSION', 6, { node: 'n2', execution: 1 }),
    ];
    const history = [...submitted('job-1', 'ok'), entry('info', 'dispatch', { job: 'job-1', task: 'JOB_SUBMISSION', node: 'n2', attempt: 2 })];
    const result = checkWorkLedger({ config, history, ledger: [...ranToCompletion('job-1'), ...zombie] });
    expect(result).toMatchObject({ duplicateExecutions: 1, duplicateEffects: 1, duplicateEffectTasks: ['job-1/JOB_SUBMISSION'], redispatches: 1, jobsLost: 0 });
  });

  it('counts a job finished after the convergence budget as stuck, not lost; a lost job is stuck too', () => {
    const late = ranToCompletion('job-1').map((item) => (item.kind === 'exec-end' && item.task === 'OUTPUT_DATA_STAGING' ? { ...item, timeMs: config.phases.convergeEndMs + 1 } : item));
    const onTime = ranToCompletion('job-1').map((item) => (item.kind === 'exec-end' && item.task === 'OUTPUT_DATA_STAGING' ? { ...item, timeMs: config.phases.convergeEndMs } : item));
    const history = [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok')];
    expect(checkWorkLedger({ config, history, ledger: late })).toMatchObject({ jobsCompleted: 1, jobsLost: 1, jobsStuck: 2 });
    expect(checkWorkLedger({ config, history, ledger: onTime })).toMatchObject({ jobsCompleted: 1, jobsLost: 1, jobsStuck: 1 });
  });

  it('tells a job the strategy declared FAILED from a lost one', () => {
    const history = [...submitted('job-1', 'ok'), ...submitted('job-2', 'ok'), entry('ok', 'status', { job: 'job-1', state: 'FAILED' }, 'read-1')];
    const result = checkWorkLedger({ config, history, ledger: [] });
    expect(result).toMatchObject({ jobsAccepted: 2, jobsCompleted: 0, jobsFailed: 1, jobsLost: 1, lostJobIds: ['job-2'] });
  });

  it('counts a job refused at one entry and accepted at the next as accepted, not refused', () => {
    const history = [...submitted('job-1', 'fail'), ...submitted('job-1', 'ok'), ...submitted('job-2', 'fail'), ...submitted('job-2', 'info')];
    const result = checkWorkLedger({ config, history, ledger: ranToCompletion('job-1') });
    expect(result).toMatchObject({ jobsSubmitted: 2, jobsAccepted: 1, jobsRefused: 0, jobsUnknown: 1, jobsLost: 0 });
  });

  it('does not count a task whose only execution failed as finished', () => {
    const ledger = ranToCompletion('job-1').map((item) => (item.kind === 'exec-end' && item.task === 'MONITORING' ? { ...item, outcome: 'retryable' as const } : item));
    const result = checkWorkLedger({ config, history: submitted('job-1', 'ok'), ledger });
    expect(result).toMatchObject({ jobsCompleted: 0, jobsLost: 1, duplicateExecutions: 0 });
  });
});
