import { describe, expect, it } from 'vitest';
import {
  checkRecovery,
  type FaultRecovery,
  RECOVERY_REACTIONS,
  recoveryChecker,
  type RecoverySummary,
} from '../../checkers/recovery.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/scenario/history.js';
import {
  clientEntry,
  heal,
  indexed,
  ledgerBuilders,
  nemesis,
  record,
  SETUP_THEN_SUBMIT,
  taskKinds,
  workloadYaml,
} from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

// Jobs of two tasks, A then S; a crash of n2 at 10m for 5m (f1), n1 isolated at 30m for 5m (f2).
const config = configFromYaml(
  scenarioYaml({
    workload: workloadYaml(6, SETUP_THEN_SUBMIT),
    faults: [
      'faults:',
      '  - { kind: crash, target: n2, at: 10m, duration: 5m }',
      '  - { kind: partition, shape: isolate, target: n1, at: 30m, duration: 5m }',
    ].join('\n'),
  }),
);
const { faultEndMs, endMs: runEndMs } = config.phases;
const m = (minutes: number) => minutes * 60_000;
const s = (seconds: number) => seconds * 1000;
/** The ok answer (no invoke) to client-1's submit of `job`. */
const submitOk = (job: string, timeMs: number): HistoryEntry =>
  clientEntry('ok', 'submit', `op-${job}`, timeMs, { job });
const { start, end } = ledgerBuilders(taskKinds(SETUP_THEN_SUBMIT));
/** Both tasks of `job` run on n1, A finishing at `aMs`, S at `sMs`. */
const ran = (job: string, aMs: number, sMs: number): LedgerEntry[] => [
  start(job, 'A', aMs - 1),
  end(job, 'A', aMs),
  start(job, 'S', aMs),
  end(job, 'S', sMs),
];

const CRASH = { fault: 'f1', kind: 'crash', nodes: ['n2'] }; // no description: taken from config.faults
const ISOLATE = { fault: 'f2', kind: 'partition', description: 'partition isolate: n1 cut off from everyone else' };

/**
 * job-1 runs before any fault. job-2 is accepted at 9m and starts on n2, which crashes at 10m:
 * the coordinator suspects n2 7s later, reclaims the attempt and re-dispatches it at 10m08s;
 * job-2 completes at 20m. job-3 is accepted during the crash and completes at 18m. The
 * partition at 30m finds nothing in flight and nothing reacts to it.
 */
const history = indexed([
  submitOk('job-1', m(1)),
  submitOk('job-2', m(9)),
  nemesis(m(10), 'start', CRASH),
  record(m(10) + s(7), 'suspect', { node: 'n2' }),
  record(m(10) + s(7), 'reclaim', { job: 'job-2', task: 'A', node: 'n2', attempt: 1, reason: 'suspected' }),
  record(m(10) + s(8), 'dispatch', { job: 'job-2', task: 'A', node: 'n1', attempt: 2 }),
  submitOk('job-3', m(12)),
  nemesis(m(15), 'stop', CRASH),
  record(m(16), 'trust', { node: 'n2', reason: 'hello' }),
  record(m(20), 'job-complete', { job: 'job-2' }),
  nemesis(m(30), 'start', ISOLATE),
  nemesis(m(35), 'stop', ISOLATE),
  heal(faultEndMs),
]);
const ledger: LedgerEntry[] = [
  ...ran('job-1', m(2), m(3)),
  start('job-2', 'A', m(9), { node: 'n2' }), // cut short by the crash
  start('job-2', 'A', m(10) + s(8), { execution: 1 }),
  end('job-2', 'A', m(11), { execution: 1 }),
  start('job-2', 'S', m(11)),
  end('job-2', 'S', m(20)),
  ...ran('job-3', m(14), m(18)),
];

const crashRecovered: FaultRecovery = {
  fault: 'f1',
  kind: 'crash',
  target: 'crash n2',
  startMs: m(10),
  endMs: m(15),
  timeToDetectMs: s(7),
  detectedBy: 'suspect',
  timeToFailOverMs: s(8),
  failedOverBy: 'redispatch',
  preFaultBacklog: 1,
  backlogAtFaultEnd: 2,
  timeToDrainMs: m(3),
  backlogAreaAfterHeal: m(3),
  backlogAreaAfterHealJobMinutes: 3,
};
const quietPartition: FaultRecovery = {
  fault: 'f2',
  kind: 'partition',
  target: ISOLATE.description,
  startMs: m(30),
  endMs: m(35),
  timeToDetectMs: null,
  detectedBy: null,
  timeToFailOverMs: null,
  failedOverBy: null,
  preFaultBacklog: 0,
  backlogAtFaultEnd: 0,
  timeToDrainMs: 0,
  backlogAreaAfterHeal: 0,
  backlogAreaAfterHealJobMinutes: 0,
};
const noReactions = { suspect: 0, reclaim: 0, redispatch: 0, rebuild: 0, reexecution: 0 };
const emptySummary: RecoverySummary = {
  faults: 0,
  detected: 0,
  failedOver: 0,
  drained: 0,
  maxTimeToDetectMs: null,
  medianTimeToDetectMs: null,
  maxTimeToFailOverMs: null,
  medianTimeToFailOverMs: null,
  maxTimeToDrainMs: null,
  medianTimeToDrainMs: null,
  totalBacklogAreaAfterHeal: 0,
};

describe('the recovery checker', () => {
  it('measures detection, failover and drain after a crash, and finds none of it after a fault nothing reacted to', () => {
    expect(checkRecovery({ config, history, ledger })).toEqual({
      summary: {
        faults: 2,
        detected: 1,
        failedOver: 1,
        drained: 2,
        maxTimeToDetectMs: s(7),
        medianTimeToDetectMs: s(7),
        maxTimeToFailOverMs: s(8),
        medianTimeToFailOverMs: s(8),
        maxTimeToDrainMs: m(3),
        medianTimeToDrainMs: m(1.5),
        totalBacklogAreaAfterHeal: m(3),
      },
      faults: [crashRecovered, quietPartition],
      // The re-run of job-2/A (its first execution never ended) is a re-execution too.
      reactions: { suspect: 1, reclaim: 1, redispatch: 1, rebuild: 0, reexecution: 1 },
    });
  });

  it('reads history and ledger in time order, whatever order they came in', () => {
    expect(checkRecovery({ config, history: [...history].reverse(), ledger: [...ledger].reverse() })).toEqual(
      checkRecovery({ config, history, ledger }),
    );
  });

  it('has nothing to report without faults', () => {
    expect(
      checkRecovery({ config, history: indexed([submitOk('job-1', m(1))]), ledger: ran('job-1', m(2), m(3)) }),
    ).toEqual({ summary: emptySummary, faults: [], reactions: noReactions });
  });

  it('does not count a retry after a task failure as a failover, and gives a reaction to the fault started last', () => {
    const retried = indexed([
      submitOk('job-1', m(9)),
      nemesis(m(10), 'start', CRASH),
      record(m(10) + s(1), 'retry', { job: 'job-1', task: 'A', attempt: 1, reason: 'retryable' }),
      record(m(10) + s(2), 'dispatch', { job: 'job-1', task: 'A', node: 'n1', attempt: 2 }),
      nemesis(m(15), 'stop', CRASH),
      nemesis(m(30), 'start', ISOLATE),
      record(m(31), 'suspect', { node: 'n1' }),
      nemesis(m(35), 'stop', ISOLATE),
      heal(faultEndMs),
    ]);
    const failedThenRetried = [
      start('job-1', 'A', m(9)),
      end('job-1', 'A', m(10) + s(1), { outcome: 'retryable' }),
      start('job-1', 'A', m(10) + s(2), { execution: 1 }),
      end('job-1', 'A', m(11), { execution: 1 }),
      start('job-1', 'S', m(11)),
      end('job-1', 'S', m(12)),
    ];
    const result = checkRecovery({ config, history: retried, ledger: failedThenRetried });
    expect(
      result.faults.map(({ fault, timeToDetectMs, detectedBy, timeToFailOverMs }) => ({
        fault,
        timeToDetectMs,
        detectedBy,
        timeToFailOverMs,
      })),
    ).toEqual([
      { fault: 'f1', timeToDetectMs: null, detectedBy: null, timeToFailOverMs: null },
      { fault: 'f2', timeToDetectMs: m(1), detectedBy: 'suspect', timeToFailOverMs: null },
    ]);
    expect(result.reactions).toEqual({ ...noReactions, suspect: 1 });
  });

  it('finds the failover of a strategy that records none in the ledger: a task started again while its execution had not failed', () => {
    const redelivered = indexed([
      submitOk('job-1', m(9)),
      nemesis(m(10), 'start', CRASH),
      nemesis(m(15), 'stop', CRASH),
      heal(faultEndMs),
    ]);
    const rerun = [
      start('job-1', 'A', m(9), { node: 'n2' }),
      start('job-1', 'A', m(10) + s(30), { execution: 1 }),
      end('job-1', 'A', m(11), { execution: 1 }),
      start('job-1', 'S', m(11)),
      end('job-1', 'S', m(12)),
    ];
    expect(checkRecovery({ config, history: redelivered, ledger: rerun }).faults).toEqual([
      {
        ...crashRecovered,
        timeToDetectMs: s(30),
        detectedBy: 'reexecution',
        timeToFailOverMs: s(30),
        failedOverBy: 'reexecution',
        preFaultBacklog: 1,
        backlogAtFaultEnd: 0,
        timeToDrainMs: 0,
        backlogAreaAfterHeal: 0,
        backlogAreaAfterHealJobMinutes: 0,
      },
    ]);
  });

  it('reports a backlog that never drains, with its area until the end of the run; a job declared failed leaves the backlog', () => {
    const stuck = indexed([
      nemesis(m(10), 'start', CRASH),
      submitOk('job-1', m(11)), // never completes
      submitOk('job-2', m(12)),
      record(m(13), 'job-failed', { job: 'job-2', task: 'A', reason: 'fatal' }),
      nemesis(m(15), 'stop', CRASH),
      heal(faultEndMs),
    ]);
    expect(checkRecovery({ config, history: stuck, ledger: [] })).toEqual({
      summary: { ...emptySummary, faults: 1, totalBacklogAreaAfterHeal: runEndMs - m(15) },
      faults: [
        {
          ...crashRecovered,
          timeToDetectMs: null,
          detectedBy: null,
          timeToFailOverMs: null,
          failedOverBy: null,
          preFaultBacklog: 0,
          backlogAtFaultEnd: 1,
          timeToDrainMs: null,
          backlogAreaAfterHeal: runEndMs - m(15),
          backlogAreaAfterHealJobMinutes: (runEndMs - m(15)) / m(1),
        },
      ],
      reactions: noReactions,
    });
  });

  it('finds the first drain past several changes of the backlog, and integrates the excess until then', () => {
    const jobs = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5'];
    const busy = indexed([
      nemesis(m(10), 'start', CRASH),
      ...jobs.map((job, i) => submitOk(job, m(11 + i * 0.75))),
      nemesis(m(15), 'stop', CRASH),
      submitOk('job-6', m(25)), // the backlog rises again after the drain: the first drain counts
      heal(faultEndMs),
    ]);
    // All five pending at 15m, then one completes a minute: 4, 3, 2, 1, 0 at 16m…20m.
    const completions = jobs.flatMap((job, i) => ran(job, m(15.5 + i), m(16 + i)));
    expect(checkRecovery({ config, history: busy, ledger: completions }).faults[0]).toMatchObject({
      preFaultBacklog: 0,
      backlogAtFaultEnd: 5,
      timeToDrainMs: m(5),
      backlogAreaAfterHeal: m(5 + 4 + 3 + 2 + 1),
      backlogAreaAfterHealJobMinutes: 15,
    });
  });

  it('never counts a job that completed before its submit was answered ok', () => {
    const late = indexed([submitOk('job-1', m(12)), nemesis(m(10), 'start', CRASH), nemesis(m(15), 'stop', CRASH)]);
    expect(checkRecovery({ config, history: late, ledger: ran('job-1', m(10) + 1, m(11)) }).faults[0]).toMatchObject({
      preFaultBacklog: 0,
      backlogAtFaultEnd: 0,
      timeToDrainMs: 0,
    });
  });

  it('takes a fault the config does not know (a crash trigger) from its nemesis record, ending at the heal when it has no stop', () => {
    const triggered = indexed([
      nemesis(m(50), 'start', {
        fault: 'crash-after-submit',
        kind: 'crash',
        nodes: ['n1'],
        description: 'crash n1 (triggered by …)',
      }),
      heal(m(60)),
    ]);
    expect(checkRecovery({ config, history: triggered, ledger: [] }).faults).toEqual([
      {
        ...quietPartition,
        fault: 'crash-after-submit',
        kind: 'crash',
        target: 'crash n1 (triggered by …)',
        startMs: m(50),
        endMs: m(60),
      },
    ]);
  });

  it('lists every reaction rule under a distinct name, and is registered under its name', () => {
    const names = RECOVERY_REACTIONS.map((rule) => rule.reaction);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(noReactions)).toEqual(names);
    expect(recoveryChecker.name).toBe('recovery');
  });
});

describe('the recovery checker against a direct computation', () => {
  // Single-task jobs, many of them; faults come from the history only.
  const many = configFromYaml(
    scenarioYaml({ workload: workloadYaml(60, { name: 'ONE', tasks: [{ id: 'A', kind: 'ENV_SETUP' }] }, '1m') }),
  );
  /** A small linear congruential generator: the same runs every time. */
  const generator = (seed: number) => {
    let state = seed;
    return (below: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((state / 2 ** 31) * below);
    };
  };

  it('agrees on backlog, drain time and area in generated runs', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = generator(seed);
      const spans = Array.from({ length: 60 }, (_, i) => {
        const acceptedMs = next(m(90));
        const ends = next(4) > 0;
        return { job: many.workload.jobs[i]!.id, acceptedMs, endedMs: ends ? acceptedMs + 1 + next(m(40)) : undefined };
      });
      const faults = Array.from({ length: 4 }, (_, i) => {
        const startMs = m(i * 25) + next(m(10));
        return { id: `f${i + 1}`, startMs, endMs: startMs + 1 + next(m(15)) };
      });
      const history = indexed([
        ...spans.map(({ job, acceptedMs }) => submitOk(job, acceptedMs)),
        ...faults.flatMap(({ id, startMs, endMs }) => [
          nemesis(startMs, 'start', { fault: id, kind: 'crash', nodes: ['n1'] }),
          nemesis(endMs, 'stop', { fault: id, kind: 'crash', nodes: ['n1'] }),
        ]),
      ]);
      const ledger = spans.flatMap(({ job, endedMs }) =>
        endedMs === undefined ? [] : [start(job, 'A', endedMs - 1), end(job, 'A', endedMs)],
      );

      const backlogAt = (timeMs: number, before = false) =>
        spans.filter(({ acceptedMs, endedMs = Number.POSITIVE_INFINITY }) =>
          before ? acceptedMs < timeMs && endedMs >= timeMs : acceptedMs <= timeMs && endedMs > timeMs,
        ).length;
      const changes = [
        ...new Set(
          spans.flatMap(({ acceptedMs, endedMs }) => (endedMs === undefined ? [acceptedMs] : [acceptedMs, endedMs])),
        ),
      ].sort((a, b) => a - b);
      const result = checkRecovery({ config: many, history, ledger });
      for (const [i, fault] of faults.entries()) {
        const pre = backlogAt(fault.startMs, true);
        const drainedMs = [fault.endMs, ...changes.filter((t) => t > fault.endMs && t <= runEndMs)].find(
          (t) => backlogAt(t) <= pre,
        );
        const untilMs = drainedMs ?? runEndMs;
        const points = [fault.endMs, ...changes.filter((t) => t > fault.endMs && t < untilMs), untilMs];
        let area = 0;
        for (let k = 0; k + 1 < points.length; k++)
          area += Math.max(0, backlogAt(points[k]!) - pre) * (points[k + 1]! - points[k]!);
        expect(result.faults[i], `seed ${seed}, ${fault.id}`).toMatchObject({
          preFaultBacklog: pre,
          backlogAtFaultEnd: backlogAt(fault.endMs),
          timeToDrainMs: drainedMs === undefined ? null : drainedMs - fault.endMs,
          backlogAreaAfterHeal: area,
        });
      }
    }
  });
});
