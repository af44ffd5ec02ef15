import { describe, expect, it } from 'vitest';
import { checkStatus, statusChecker, type StatusResult } from '../../checkers/status.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/scenario/history.js';
import type { JobState } from '../../simulator/scenario/model.js';
import {
  clientOperation,
  ledgerBuilders,
  type LiteralJobType,
  operationIds,
  record,
  storeFinal,
  taskKinds,
  workloadYaml,
} from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const PAIR: LiteralJobType = {
  name: 'PAIR',
  tasks: [
    { id: 'A', kind: 'ENV_SETUP' },
    { id: 'B', kind: 'INPUT_DATA_STAGING', after: ['A'] },
  ],
};
// Three jobs of one type: A → B.
const config = configFromYaml(scenarioYaml({ workload: workloadYaml(3, PAIR) }));
const END = config.phases.endMs;

/** Every execution here is labelled attempt 1, the retry of B included. */
const { start, end } = ledgerBuilders(taskKinds(PAIR), { attempt: 1 });

/** job-1 runs from 10 and completes at 40 (A ok at 20, B ok at 40, after a failed first try of B). */
const job1Runs: LedgerEntry[] = [
  start('job-1', 'A', 10),
  end('job-1', 'A', 20),
  start('job-1', 'B', 21),
  end('job-1', 'B', 25, { outcome: 'retryable' }),
  start('job-1', 'B', 26, { execution: 1 }),
  end('job-1', 'B', 40, { execution: 1 }),
];

const opId = operationIds();
/** A status read: its invoke and its ok answer, by `client`. */
function read(
  client: string,
  job: string,
  invokedAtMs: number,
  answeredAtMs: number,
  state: JobState,
  final = false,
): HistoryEntry[] {
  return clientOperation(
    { client, f: 'status', op: opId(client), job, invokedAtMs },
    { type: 'ok', atMs: answeredAtMs, value: { job, state, ...(final ? { final: true } : {}) } },
  );
}

const FINAL = config.phases.convergeEndMs;

const clean: StatusResult = {
  readsChecked: 0,
  staleReads: 0,
  staleReadExamples: [],
  nonMonotonicReads: 0,
  nonMonotonicReadExamples: [],
  finalReadsChecked: 0,
  finalDisagreements: 0,
  finalDisagreementExamples: [],
  keysChecked: 0,
  divergentKeys: 0,
  divergentKeyExamples: [],
};

describe('the status checker', () => {
  it('is registered under the name status', () => {
    expect(statusChecker.name).toBe('status');
    expect(statusChecker.check).toBe(checkStatus);
  });

  it('finds nothing wrong in reads that follow the truth, final reads that match it and replicas that agree', () => {
    const history = [
      ...read('client-1', 'job-1', 5, 6, 'QUEUED'),
      ...read('client-1', 'job-1', 9, 11, 'QUEUED'), // invoked before the first start at 10: not stale
      ...read('client-1', 'job-1', 15, 16, 'RUNNING'),
      ...read('client-1', 'job-1', 40, 41, 'COMPLETED'), // completed at this very instant
      ...read('client-1', 'job-1', FINAL, FINAL + 1, 'COMPLETED', true),
      ...read('client-1', 'job-2', FINAL, FINAL + 1, 'QUEUED', true), // never started: anything but COMPLETED agrees
    ];
    const ledger = [...job1Runs, storeFinal('job/job-1', { r1: 2, r2: 2, r3: 2 }, END)];
    expect(checkStatus({ config, history, ledger })).toEqual({
      ...clean,
      readsChecked: 6,
      finalReadsChecked: 2,
      keysChecked: 1,
    });
  });

  it('counts only ok reads: an invoke with no answer, a failed or timed-out read are not checked', () => {
    const history = [
      ...clientOperation(
        { client: 'client-1', f: 'status', op: 'x:1', job: 'job-1', invokedAtMs: 50 },
        { type: 'info', atMs: 60, value: { job: 'job-1', reason: 'timeout' } },
      ),
      ...clientOperation(
        { client: 'client-1', f: 'status', op: 'x:2', job: 'job-1', invokedAtMs: 70 },
        { type: 'fail', atMs: 71, value: { job: 'job-1', reason: 'refused' } },
      ),
    ];
    expect(checkStatus({ config, history, ledger: job1Runs })).toEqual(clean);
  });

  describe('stale reads', () => {
    it('flags a QUEUED read of a job that started, and a RUNNING read of a job that completed, at the instant the read was invoked', () => {
      const history = [...read('client-1', 'job-1', 10, 13, 'QUEUED'), ...read('client-1', 'job-1', 40, 46, 'RUNNING')];
      const [queuedOp, runningOp] = [history[0]!.op!, history[2]!.op!];
      expect(checkStatus({ config, history, ledger: job1Runs })).toEqual({
        ...clean,
        readsChecked: 2,
        staleReads: 2,
        staleReadExamples: [
          { client: 'client-1', job: 'job-1', op: queuedOp, invokedAtMs: 10, state: 'QUEUED', truth: 'RUNNING' },
          { client: 'client-1', job: 'job-1', op: runningOp, invokedAtMs: 40, state: 'RUNNING', truth: 'COMPLETED' },
        ],
      });
    });

    it('judges a read at its invoke, not its answer: RUNNING invoked at 35 and answered at 60 is not stale', () => {
      const history = read('client-1', 'job-1', 35, 60, 'RUNNING');
      expect(checkStatus({ config, history, ledger: job1Runs })).toEqual({ ...clean, readsChecked: 1 });
    });

    it('does not judge FAILED or UNKNOWN reads, and reads the ledger in time order whatever order it came in', () => {
      const history = [...read('client-1', 'job-1', 45, 46, 'FAILED'), ...read('client-1', 'job-1', 50, 51, 'UNKNOWN')];
      expect(checkStatus({ config, history, ledger: [...job1Runs].reverse() })).toEqual({ ...clean, readsChecked: 2 });
    });
  });

  describe('non-monotonic reads', () => {
    it('flags a client told RUNNING after it was told COMPLETED about the same job (not stale: the COMPLETED was premature)', () => {
      // The third read is judged against the highest state told before it (COMPLETED), not the last (RUNNING).
      const history = [
        ...read('client-1', 'job-1', 15, 16, 'COMPLETED'),
        ...read('client-1', 'job-1', 30, 31, 'RUNNING'),
        ...read('client-1', 'job-1', 35, 36, 'RUNNING'),
      ];
      const [second, third] = [history[2]!.op!, history[4]!.op!];
      expect(checkStatus({ config, history, ledger: job1Runs })).toEqual({
        ...clean,
        readsChecked: 3,
        nonMonotonicReads: 2,
        nonMonotonicReadExamples: [
          {
            client: 'client-1',
            job: 'job-1',
            op: second,
            invokedAtMs: 30,
            state: 'RUNNING',
            earlierState: 'COMPLETED',
          },
          { client: 'client-1', job: 'job-1', op: third, invokedAtMs: 35, state: 'RUNNING', earlierState: 'COMPLETED' },
        ],
      });
    });

    it('does not order overlapping reads, other clients’ reads, other jobs’ reads, or reads past FAILED and UNKNOWN', () => {
      const history = [
        ...read('client-1', 'job-1', 15, 50, 'COMPLETED'), // premature, and still in flight when the next is invoked
        ...read('client-1', 'job-1', 30, 60, 'RUNNING'), // invoked before the COMPLETED was answered, answered after
        ...read('client-2', 'job-1', 60, 61, 'RUNNING'), // stale (job-1 completed at 40), but another client
        ...read('client-1', 'job-2', 70, 71, 'QUEUED'), // another job
        ...read('client-3', 'job-2', 5, 6, 'FAILED'),
        ...read('client-3', 'job-2', 7, 8, 'UNKNOWN'),
        ...read('client-3', 'job-2', 9, 10, 'QUEUED'),
      ];
      const staleOp = history[5]!.op!;
      expect(checkStatus({ config, history, ledger: job1Runs })).toEqual({
        ...clean,
        readsChecked: 7,
        staleReads: 1,
        staleReadExamples: [
          { client: 'client-2', job: 'job-1', op: staleOp, invokedAtMs: 60, state: 'RUNNING', truth: 'COMPLETED' },
        ],
      });
    });
  });

  describe('final reads', () => {
    it('flags a completed job read as RUNNING, a job never completed read as COMPLETED, and a job declared failed read as RUNNING', () => {
      const jobFailed = record(100, 'job-failed', { job: 'job-3', task: 'A', reason: 'fatal' });
      const history = [
        jobFailed,
        ...read('client-1', 'job-1', FINAL, FINAL + 5, 'RUNNING', true),
        ...read('client-1', 'job-2', FINAL + 1, FINAL + 6, 'COMPLETED', true),
        ...read('client-2', 'job-3', FINAL + 2, FINAL + 7, 'RUNNING', true),
      ];
      const [first, second, third] = [history[1]!.op!, history[3]!.op!, history[5]!.op!];
      expect(checkStatus({ config, history, ledger: job1Runs })).toEqual({
        ...clean,
        readsChecked: 3,
        staleReads: 1,
        staleReadExamples: [
          { client: 'client-1', job: 'job-1', op: first, invokedAtMs: FINAL, state: 'RUNNING', truth: 'COMPLETED' },
        ],
        finalReadsChecked: 3,
        finalDisagreements: 3,
        finalDisagreementExamples: [
          { client: 'client-1', job: 'job-1', op: first, invokedAtMs: FINAL, state: 'RUNNING', truth: 'COMPLETED' },
          {
            client: 'client-1',
            job: 'job-2',
            op: second,
            invokedAtMs: FINAL + 1,
            state: 'COMPLETED',
            truth: 'NOT_COMPLETED',
          },
          { client: 'client-2', job: 'job-3', op: third, invokedAtMs: FINAL + 2, state: 'RUNNING', truth: 'FAILED' },
        ],
      });
    });

    it('agrees with COMPLETED for a completed job, FAILED for a job declared failed, and anything but COMPLETED for a job neither', () => {
      const jobFailed = record(100, 'job-failed', { job: 'job-2', task: 'A' });
      const withFailure = [
        jobFailed,
        ...read('client-1', 'job-1', FINAL, FINAL + 1, 'COMPLETED', true),
        ...read('client-1', 'job-2', FINAL, FINAL + 1, 'FAILED', true),
      ];
      expect(checkStatus({ config, history: withFailure, ledger: job1Runs })).toEqual({
        ...clean,
        readsChecked: 2,
        finalReadsChecked: 2,
      });
      const undecided = [
        ...read('client-1', 'job-2', FINAL, FINAL + 1, 'RUNNING', true),
        ...read('client-2', 'job-2', FINAL, FINAL + 1, 'UNKNOWN', true),
      ];
      expect(checkStatus({ config, history: undecided, ledger: job1Runs })).toEqual({
        ...clean,
        readsChecked: 2,
        finalReadsChecked: 2,
      });
    });

    it('judges against the end of the run: a job completing after its final read was invoked makes a RUNNING read disagree', () => {
      const late = job1Runs.map((entry) => ({ ...entry, timeMs: entry.timeMs + FINAL }));
      const history = read('client-1', 'job-1', FINAL + 30, FINAL + 31, 'RUNNING', true);
      expect(checkStatus({ config, history, ledger: late })).toEqual({
        ...clean,
        readsChecked: 1,
        finalReadsChecked: 1,
        finalDisagreements: 1,
        finalDisagreementExamples: [
          {
            client: 'client-1',
            job: 'job-1',
            op: history[0]!.op!,
            invokedAtMs: FINAL + 30,
            state: 'RUNNING',
            truth: 'COMPLETED',
          },
        ],
      });
    });
  });

  describe('replica disagreement', () => {
    it('flags keys whose replicas hold different versions at the end of the run, in key order', () => {
      const ledger = [
        storeFinal('job/job-2', { r1: 3, r2: 2, r3: 3 }, END),
        storeFinal('job/job-1', { r1: 1, r2: 1, r3: 1 }, END),
        storeFinal('job/job-0', { r1: 1, r2: 0, r3: 0 }, END),
      ];
      expect(checkStatus({ config, history: [], ledger })).toEqual({
        ...clean,
        keysChecked: 3,
        divergentKeys: 2,
        divergentKeyExamples: [
          { key: 'job/job-0', versions: { r1: 1, r2: 0, r3: 0 } },
          { key: 'job/job-2', versions: { r1: 3, r2: 2, r3: 3 } },
        ],
      });
    });

    it('finds nothing when every replica holds the latest version, and has nothing to check without store-final entries', () => {
      expect(checkStatus({ config, history: [], ledger: [storeFinal('k', { r1: 4, r2: 4, r3: 4 }, END)] })).toEqual({
        ...clean,
        keysChecked: 1,
      });
      expect(checkStatus({ config, history: [], ledger: job1Runs })).toEqual(clean);
    });
  });
});
