import { describe, expect, it } from 'vitest';
import {
  checkCoverage,
  COVERAGE_CHECKS,
  coverageChecker,
  type CoverageResult,
  type FaultKindActivity,
  PHASES,
  type PhaseName,
} from '../../checkers/coverage.js';
import type {
  ClientOperationKind,
  HistoryEntry,
  HistoryType,
  HistoryValues,
  LedgerEntry,
} from '../../simulator/scenario/history.js';
import {
  clientEntry,
  faultWindow,
  heal,
  indexed,
  ledgerBuilders,
  record,
  SETUP_THEN_SUBMIT,
  siteEffect,
  taskKinds,
  twoZoneTopologyYaml,
  workloadYaml,
} from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

// Two zones with a client in each; jobs of two tasks, A then S (a JOB_SUBMISSION). Faults: the
// zones cut apart at 10m for 5m (f1), n2 isolated at 12m for 5m (f2), n2 crashed at 30m for 5m (f3).
const config = configFromYaml(
  scenarioYaml({
    workload: workloadYaml(2, SETUP_THEN_SUBMIT),
    topology: twoZoneTopologyYaml(['z1', 'z2']),
    faults: [
      'faults:',
      '  - { kind: partition, shape: zones, groups: [[z1], [z2]], at: 10m, duration: 5m }',
      '  - { kind: partition, shape: isolate, target: n2, at: 12m, duration: 5m }',
      '  - { kind: crash, target: n2, at: 30m, duration: 5m }',
    ].join('\n'),
  }),
);
const { faultEndMs, convergeEndMs } = config.phases;
const m = (minutes: number) => minutes * 60_000;
const { start, end } = ledgerBuilders(taskKinds(SETUP_THEN_SUBMIT));
const KINDS = [
  'crash',
  'pause',
  'slow',
  'clock-skew',
  'partition',
  'network',
  'broker-outage',
  'replica-outage',
  'site-outage',
  'slow-site',
];

/** An entry of the client operation named `<f>-<job>`. */
const client = <F extends ClientOperationKind, T extends HistoryType>(
  timeMs: number,
  type: T,
  f: F,
  value: HistoryValues[F][T],
  process = 'client-1',
): HistoryEntry => clientEntry(type, f, `${f}-${value.job}`, timeMs, value, process);
/** The nemesis records of one fault: start, and stop unless `stopMs` is null. */
const fault = (id: string, kind: string, startMs: number, stopMs: number | null): HistoryEntry[] =>
  faultWindow({ fault: id, kind }, startMs, stopMs);
/** The site effect of job's S, site job `hpc1#<job>`. */
const effect = (job: string, timeMs: number): LedgerEntry => siteEffect(job, 'S', timeMs, `hpc1#${job}`);

/** Every phase × every known kind at zero, with `cells` ({ phase: { kind: [activeMs, faults] } }) set. */
function matrix(
  cells: Partial<Record<PhaseName, Record<string, [number, number]>>> = {},
): CoverageResult['faultMatrix'] {
  const result = {} as Record<PhaseName, Record<string, FaultKindActivity>>;
  for (const phase of PHASES) {
    result[phase] = Object.fromEntries(KINDS.map((kind) => [kind, { activeMs: 0, faults: 0 }]));
    for (const [kind, [activeMs, faults]] of Object.entries(cells[phase] ?? {}))
      result[phase][kind] = { activeMs, faults };
  }
  return result;
}

/**
 * job-1 is submitted at 1m; its S is dispatched at 5m and again at 12m (a re-dispatch during the
 * partitions), and runs twice. job-2 is submitted during the partitions and read COMPLETED in the
 * final reads. A slow site starts after the heal and spans the convergence and final-reads phases.
 */
const history = indexed([
  client(m(1), 'invoke', 'submit', { job: 'job-1' }),
  client(m(1) + 5, 'ok', 'submit', { job: 'job-1' }),
  record(m(5), 'dispatch', { job: 'job-1', task: 'S', node: 'n2', attempt: 1 }),
  ...fault('f1', 'partition', m(10), m(15)),
  client(m(11), 'invoke', 'submit', { job: 'job-2' }, 'client-2'),
  client(m(11) + 5, 'ok', 'submit', { job: 'job-2' }, 'client-2'),
  record(m(11) + 10, 'suspect', { node: 'n2' }),
  ...fault('f2', 'partition', m(12), m(17)),
  record(m(12), 'dispatch', { job: 'job-1', task: 'S', node: 'n1', attempt: 2 }),
  client(m(13), 'invoke', 'status', { job: 'job-1' }),
  client(m(13) + 10, 'ok', 'status', { job: 'job-1', state: 'RUNNING' }),
  record(m(20), 'job-complete', { job: 'job-1' }),
  ...fault('f3', 'crash', m(30), m(35)),
  heal(faultEndMs),
  ...fault('late', 'slow-site', convergeEndMs - m(1), convergeEndMs + 500), // over before the final read
  client(convergeEndMs + 1000, 'invoke', 'status', { job: 'job-2' }, 'client-2'),
  client(convergeEndMs + 1010, 'ok', 'status', { job: 'job-2', state: 'COMPLETED', final: true }, 'client-2'),
]);
const ledger: LedgerEntry[] = [
  start('job-1', 'A', m(2)),
  end('job-1', 'A', m(4)),
  start('job-1', 'S', m(6)),
  effect('job-1', m(6)),
  start('job-1', 'S', m(12), { execution: 1 }),
  effect('job-1', m(12)),
  end('job-1', 'S', m(19), { execution: 1 }),
  start('job-2', 'A', m(20)),
  end('job-2', 'A', m(21)),
  start('job-2', 'S', m(21)),
  effect('job-2', m(21)),
  end('job-2', 'S', m(25)),
];

describe('the coverage checker', () => {
  it('maps fault kinds to phases and counts what every check had to look at', () => {
    expect(checkCoverage({ config, history, ledger })).toEqual({
      faultMatrix: matrix({
        // f1 and f2 overlap: 7 minutes of partition, two partitions.
        faults: { partition: [m(7), 2], crash: [m(5), 1] },
        converge: { 'slow-site': [m(1), 1] },
        'final-reads': { 'slow-site': [500, 1] },
      }),
      kindsNeverActive: ['pause', 'slow', 'clock-skew', 'network', 'broker-outage', 'replica-outage', 'site-outage'],
      checks: [
        {
          check: 'lostJobs',
          exercised: true,
          material: 2,
          note: 'jobs accepted (submit answered ok) of 2 submitted; 2 of them accepted and unfinished while a fault was active',
        },
        {
          check: 'duplicateEffects',
          exercised: true,
          material: 1,
          note: 'JOB_SUBMISSION tasks dispatched or started more than once (a second site submission was possible); 3 JOB_SUBMISSION executions, 3 site effects; 1 task of any kind started more than once',
        },
        {
          check: 'steps',
          exercised: true,
          material: 2,
          note: 'jobs declared COMPLETED (job-complete record or status read); 3 executions of tasks with predecessors checked for order',
        },
        {
          check: 'staleReads',
          exercised: true,
          material: 2,
          note: 'status reads answered ok of 2 invoked; 1 final read, 1 answered while a fault was active',
        },
        {
          check: 'splitBrain',
          exercised: true,
          material: 1,
          note: 'partitions with clients on both sides of a cut, of 2 partitions',
        },
        {
          check: 'availabilityDuringFaults',
          exercised: true,
          material: 2,
          note: 'client operations invoked while a fault was active: 1 submit, 1 status read',
        },
        {
          check: 'recovery',
          exercised: true,
          material: 4,
          note: 'faults recorded by the nemesis; reactions: suspect 1, redispatch 1, reexecution 1',
        },
      ],
      unexercised: [],
    });
  });

  it('says what was never exercised when nothing happened', () => {
    expect(checkCoverage({ config, history: [], ledger: [] })).toEqual({
      faultMatrix: matrix(),
      kindsNeverActive: KINDS,
      checks: [
        {
          check: 'lostJobs',
          exercised: false,
          material: 0,
          note: 'jobs accepted (submit answered ok) of 0 submitted; 0 of them accepted and unfinished while a fault was active',
        },
        {
          check: 'duplicateEffects',
          exercised: false,
          material: 0,
          note: 'JOB_SUBMISSION tasks dispatched or started more than once (a second site submission was possible); 0 JOB_SUBMISSION executions, 0 site effects; 0 tasks of any kind started more than once',
        },
        {
          check: 'steps',
          exercised: false,
          material: 0,
          note: 'jobs declared COMPLETED (job-complete record or status read); 0 executions of tasks with predecessors checked for order',
        },
        {
          check: 'staleReads',
          exercised: false,
          material: 0,
          note: 'status reads answered ok of 0 invoked; 0 final reads, 0 answered while a fault was active',
        },
        {
          check: 'splitBrain',
          exercised: false,
          material: 0,
          note: 'partitions with clients on both sides of a cut, of 0 partitions',
        },
        {
          check: 'availabilityDuringFaults',
          exercised: false,
          material: 0,
          note: 'client operations invoked while a fault was active: 0 submits, 0 status reads',
        },
        {
          check: 'recovery',
          exercised: false,
          material: 0,
          note: 'faults recorded by the nemesis; reactions: none the checker knows',
        },
      ],
      unexercised: [...COVERAGE_CHECKS],
    });
  });

  it('tells a clean fault-free run apart from a tested one: the work checks were exercised, the fault checks were not', () => {
    // The same run without the faults and without job-1/S's second dispatch and execution.
    const quiet = history.filter(
      (entry) => entry.process !== 'nemesis' && !(entry.f === 'dispatch' && entry.value.attempt === 2),
    );
    const once = ledger.filter((entry) => entry.timeMs !== m(12));
    const result = checkCoverage({ config, history: quiet, ledger: once });
    expect(result.unexercised).toEqual(['duplicateEffects', 'splitBrain', 'availabilityDuringFaults', 'recovery']);
    expect(result.checks[0]).toEqual({
      check: 'lostJobs',
      exercised: true,
      material: 2,
      note: 'jobs accepted (submit answered ok) of 2 submitted; 0 of them accepted and unfinished while a fault was active',
    });
    expect(result.checks[6]).toEqual({
      check: 'recovery',
      exercised: false,
      material: 0,
      note: 'faults recorded by the nemesis; reactions: suspect 1',
    });
    expect(result.faultMatrix).toEqual(matrix());
  });

  it('counts a JOB_SUBMISSION task dispatched twice even if it ran once, and ignores other tasks run twice', () => {
    const twiceA = [
      start('job-2', 'A', m(20)),
      start('job-2', 'A', m(20) + 1, { execution: 1 }),
      end('job-2', 'A', m(21), { execution: 1 }),
      start('job-2', 'S', m(21)),
      end('job-2', 'S', m(25)),
    ];
    const dispatched = indexed([
      record(m(5), 'dispatch', { job: 'job-1', task: 'S', attempt: 1 }),
      record(m(6), 'dispatch', { job: 'job-1', task: 'S', attempt: 2 }),
    ]);
    expect(checkCoverage({ config, history: [], ledger: twiceA }).checks[1]).toMatchObject({
      check: 'duplicateEffects',
      exercised: false,
      material: 0,
    });
    expect(checkCoverage({ config, history: dispatched, ledger: [] }).checks[1]).toMatchObject({
      check: 'duplicateEffects',
      exercised: true,
      material: 1,
    });
  });

  it('does not count a partition that leaves every client on one side (or none) for split brain', () => {
    const isolateOnly = indexed([...fault('f2', 'partition', m(12), m(17)), heal(faultEndMs)]);
    expect(checkCoverage({ config, history: isolateOnly, ledger: [] }).checks[4]).toEqual({
      check: 'splitBrain',
      exercised: false,
      material: 0,
      note: 'partitions with clients on both sides of a cut, of 1 partition',
    });
  });

  it('ends a fault with no stop at the heal, and adds a kind it does not know to the matrix', () => {
    const unknown = indexed([...fault('f9', 'meteor', m(100), null), heal(faultEndMs)]);
    const result = checkCoverage({ config, history: unknown, ledger: [] });
    expect(result.faultMatrix.faults['meteor']).toEqual({ activeMs: faultEndMs - m(100), faults: 1 });
    expect(Object.keys(result.faultMatrix.converge)).toEqual([...KINDS, 'meteor']);
    expect(result.kindsNeverActive).toEqual(KINDS);
  });

  it('reads the history in time order, whatever order it came in, and is registered under its name', () => {
    expect(checkCoverage({ config, history: [...history].reverse(), ledger: [...ledger].reverse() })).toEqual(
      checkCoverage({ config, history, ledger }),
    );
    expect(coverageChecker.name).toBe('coverage');
  });
});
