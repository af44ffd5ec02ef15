import { describe, expect, it } from 'vitest';
import {
  type Availability,
  type AvailabilityResult,
  availabilityChecker,
  type OperationCounts,
} from '../../checkers/availability.js';
import type { HistoryEntry } from '../../simulator/scenario/history.js';
import {
  clientOperation,
  type Completion,
  type FaultValue,
  faultWindow,
  heal,
  nemesis,
  operationIds,
  twoZoneTopologyYaml,
} from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

// Two zones with a client each; a partition of z1 from z2 over [10m, 15m) (f1) and a crash of n1
// over [20m, 25m) (f2). Fault phase [0, 2h), convergence [2h, 3h), final reads [3h, 3h01m).
const config = configFromYaml(
  scenarioYaml({
    topology: twoZoneTopologyYaml(['z1', 'z2']),
    faults: [
      'faults:',
      '  - { kind: partition, shape: zones, groups: [[z1], [z2]], at: 10m, duration: 5m }',
      '  - { kind: crash, target: n1, at: 20m, duration: 5m }',
    ].join('\n'),
  }),
);
const MIN = 60_000;
const HOUR = 60 * MIN;
const Z1 = ['n1', 'control', 'broker', 'store-r1', 'store-r3', 'client-1'];
const Z2 = ['n2', 'store-r2', 'client-2'];

const opId = operationIds();
/** One client operation on job-1: its invoke at `atMs` and, unless `outcome` is 'none', its completion 5 ms later. */
function op(
  f: 'submit' | 'status',
  atMs: number,
  outcome: 'ok' | 'fail' | 'info' | 'none',
  client = 'client-1',
): HistoryEntry[] {
  const operation = { client, f, op: opId(client), job: 'job-1', invokedAtMs: atMs };
  if (outcome === 'none') return clientOperation(operation);
  const answeredAtMs = atMs + 5;
  const completion: Completion =
    outcome === 'ok'
      ? { type: 'ok', atMs: answeredAtMs, value: { job: 'job-1' } }
      : outcome === 'fail'
        ? { type: 'fail', atMs: answeredAtMs, value: { job: 'job-1', reason: 'refused' } }
        : { type: 'info', atMs: answeredAtMs, value: { job: 'job-1', reason: 'timeout' } };
  return clientOperation(operation, completion);
}
/** A fault as the nemesis records it here: described by its kind. */
const fault = (id: string, kind: string): FaultValue => ({ fault: id, kind, description: kind });
/** The nemesis records of the configured faults. */
const faultRecords: HistoryEntry[] = [
  ...faultWindow(fault('f1', 'partition'), 10 * MIN, 15 * MIN),
  ...faultWindow(fault('f2', 'crash'), 20 * MIN, 25 * MIN),
];

const counts = (ok: number, fail = 0, info = 0): OperationCounts => {
  const operations = ok + fail + info;
  return { operations, ok, fail, info, okFraction: operations === 0 ? null : ok / operations };
};
const none = counts(0);
const av = (submit: OperationCounts = none, status: OperationCounts = none): Availability => ({ submit, status });

/** The result of a history with the configured faults and the given operations, before any operation is counted. */
const empty: AvailabilityResult = {
  overall: av(),
  phases: { faults: av(), converge: av(), finalReads: av() },
  faults: [
    { fault: 'f1', kind: 'partition', startMs: 10 * MIN, endMs: 15 * MIN, ...av() },
    { fault: 'f2', kind: 'crash', startMs: 20 * MIN, endMs: 25 * MIN, ...av() },
  ],
  outsideFaults: av(),
  partitions: [
    {
      fault: 'f1',
      startMs: 10 * MIN,
      endMs: 15 * MIN,
      sides: [
        { side: 'side-1', nodes: Z1, clients: ['client-1'], ...av() },
        { side: 'side-2', nodes: Z2, clients: ['client-2'], ...av() },
        { side: 'other', nodes: [], clients: [], ...av() },
      ],
    },
  ],
};

const check = (history: HistoryEntry[]) => availabilityChecker.check({ config, history, ledger: [] });

describe('the availability checker', () => {
  it('is named availability', () => {
    expect(availabilityChecker.name).toBe('availability');
  });

  it('reports nothing, with null fractions, when no client operation was invoked', () => {
    expect(check(faultRecords)).toEqual(empty);
    expect(check([])).toEqual({ ...empty, faults: [], partitions: [] });
  });

  it('counts every operation overall and in its phase: all ok', () => {
    const history = [
      ...faultRecords,
      ...op('submit', 0, 'ok'),
      ...op('submit', 2 * HOUR, 'ok'),
      ...op('status', 2 * HOUR + MIN, 'ok'),
      ...op('status', 3 * HOUR, 'ok'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(2), counts(2)),
      phases: { faults: av(counts(1)), converge: av(counts(1), counts(1)), finalReads: av(none, counts(1)) },
      outsideFaults: av(counts(1)),
    });
  });

  it('counts fail and info completions, and an invoke never completed as info, by the phase of the invoke', () => {
    // A status read invoked just before the final-reads phase and answered in it belongs to convergence.
    const history = [
      ...faultRecords,
      ...op('submit', 0, 'fail'),
      ...op('submit', MIN, 'info'),
      ...op('status', 3 * HOUR - 1, 'ok'),
      ...op('status', 3 * HOUR, 'none'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(0, 1, 1), counts(1, 0, 1)),
      phases: { faults: av(counts(0, 1, 1)), converge: av(none, counts(1)), finalReads: av(none, counts(0, 0, 1)) },
      outsideFaults: av(counts(0, 1, 1)),
    });
  });

  it('puts operations invoked inside a fault window in that fault, and the rest of the fault phase outside faults', () => {
    const history = [
      ...faultRecords,
      ...op('submit', 5 * MIN, 'ok'),
      ...op('submit', 20 * MIN, 'fail'), // inside the crash, at its start
      ...op('submit', 24 * MIN, 'info'),
      ...op('submit', 25 * MIN, 'ok'), // at the crash's stop: outside
      ...op('status', 22 * MIN, 'ok'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(2, 1, 1), counts(1)),
      phases: { ...empty.phases, faults: av(counts(2, 1, 1), counts(1)) },
      faults: [
        empty.faults[0],
        { fault: 'f2', kind: 'crash', startMs: 20 * MIN, endMs: 25 * MIN, ...av(counts(0, 1, 1), counts(1)) },
      ],
      outsideFaults: av(counts(2)),
    });
  });

  it('counts an operation in every fault whose window holds it, and once outside faults when none does', () => {
    const [a, b] = [fault('a', 'pause'), fault('b', 'slow')];
    const overlapping = [
      nemesis(10 * MIN, 'start', a),
      nemesis(11 * MIN, 'start', b),
      nemesis(13 * MIN, 'stop', a),
      nemesis(14 * MIN, 'stop', b),
    ];
    const history = [
      ...overlapping,
      ...op('submit', 12 * MIN, 'fail'),
      ...op('submit', 13 * MIN, 'ok'),
      ...op('submit', 14 * MIN, 'ok'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(2, 1)),
      phases: { ...empty.phases, faults: av(counts(2, 1)) },
      faults: [
        { fault: 'a', kind: 'pause', startMs: 10 * MIN, endMs: 13 * MIN, ...av(counts(0, 1)) },
        { fault: 'b', kind: 'slow', startMs: 11 * MIN, endMs: 14 * MIN, ...av(counts(1, 1)) },
      ],
      outsideFaults: av(counts(1)),
      partitions: [],
    });
  });

  it('takes fault windows from the nemesis records: a triggered crash absent from the configuration, lasting until the heal without a stop', () => {
    const triggered = [nemesis(HOUR, 'start', fault('t1', 'crash')), heal(2 * HOUR)];
    const history = [
      ...triggered,
      ...op('submit', 30 * MIN, 'ok'),
      ...op('submit', 90 * MIN, 'info'),
      ...op('submit', 2 * HOUR, 'ok'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(2, 0, 1)),
      phases: { ...empty.phases, faults: av(counts(1, 0, 1)), converge: av(counts(1)) },
      faults: [{ fault: 't1', kind: 'crash', startMs: HOUR, endMs: 2 * HOUR, ...av(counts(0, 0, 1)) }],
      outsideFaults: av(counts(1)),
      partitions: [],
    });
  });

  it('splits the operations inside a partition by the side of the invoking client’s node: one side unavailable', () => {
    const history = [
      ...faultRecords,
      ...op('submit', 11 * MIN, 'ok'),
      ...op('status', 12 * MIN, 'ok'),
      ...op('submit', 11 * MIN, 'info', 'client-2'),
      ...op('status', 12 * MIN, 'fail', 'client-2'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(1, 0, 1), counts(1, 1)),
      phases: { ...empty.phases, faults: av(counts(1, 0, 1), counts(1, 1)) },
      faults: [
        { fault: 'f1', kind: 'partition', startMs: 10 * MIN, endMs: 15 * MIN, ...av(counts(1, 0, 1), counts(1, 1)) },
        empty.faults[1],
      ],
      partitions: [
        {
          fault: 'f1',
          startMs: 10 * MIN,
          endMs: 15 * MIN,
          sides: [
            { side: 'side-1', nodes: Z1, clients: ['client-1'], ...av(counts(1), counts(1)) },
            { side: 'side-2', nodes: Z2, clients: ['client-2'], ...av(counts(0, 0, 1), counts(0, 1)) },
            { side: 'other', nodes: [], clients: [], ...av() },
          ],
        },
      ],
    });
  });

  it('counts nothing on a partition’s sides for operations invoked outside its window', () => {
    const history = [
      ...faultRecords,
      ...op('submit', 9 * MIN, 'ok', 'client-2'),
      ...op('submit', 15 * MIN, 'ok', 'client-2'),
    ];
    expect(check(history)).toEqual({
      ...empty,
      overall: av(counts(2)),
      phases: { ...empty.phases, faults: av(counts(2)) },
      outsideFaults: av(counts(2)),
    });
  });

  it('names the sides of a one-way cut senders first, and puts clients on no list (and unknown processes) in other', () => {
    const oneWay = configFromYaml(
      scenarioYaml({
        topology: twoZoneTopologyYaml(['z1', 'z2']),
        faults: ['faults:', '  - { kind: partition, shape: one-way, from: n1, to: n2, at: 10m, duration: 5m }'].join(
          '\n',
        ),
      }),
    );
    const history = [
      ...faultWindow(fault('f1', 'partition'), 10 * MIN, 15 * MIN),
      ...op('submit', 11 * MIN, 'ok'),
      ...op('submit', 11 * MIN, 'fail', 'client-2'),
      ...op('submit', 11 * MIN, 'info', 'client-9'),
    ];
    expect(availabilityChecker.check({ config: oneWay, history, ledger: [] }).partitions).toEqual([
      {
        fault: 'f1',
        startMs: 10 * MIN,
        endMs: 15 * MIN,
        sides: [
          { side: 'side-1', nodes: ['n1'], clients: [], ...av() },
          { side: 'side-2', nodes: ['n2'], clients: [], ...av() },
          { side: 'other', nodes: [], clients: ['client-1', 'client-2'], ...av(counts(1, 1, 1)) },
        ],
      },
    ]);
  });

  it('reads the history in time order, whatever order the entries came in', () => {
    const history = [...faultRecords, ...op('submit', 11 * MIN, 'ok'), ...op('submit', 30 * MIN, 'fail')];
    expect(check([...history].reverse())).toEqual(check(history));
  });
});
