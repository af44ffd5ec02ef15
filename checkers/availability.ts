/**
 * Availability as the clients saw it: the fraction of their operations (submits and status
 * reads) answered ok — overall, per phase, inside each fault's window, outside every fault
 * during the fault phase, and on each side of each partition.
 *
 * - operation: one client request — an `invoke` of `submit` or `status` and its completion
 *   (same `op`): `ok`, `fail` (e.g. refused) or `info` (no answer in time). An invoke with no
 *   completion by the end of the history counts as `info` (its outcome is unknown, as in
 *   Jepsen). A retried submit is several operations, one per attempt.
 * - when: an operation belongs to the instant of its invoke. Phases come from the
 *   configuration (the driver records them at exactly these instants): fault phase
 *   [0, faultEndMs), convergence [faultEndMs, convergeEndMs), final reads from convergeEndMs on.
 * - fault windows come from the history's nemesis records (crash triggers add faults at run
 *   time): [its `start`, its `stop`); a fault with no `stop` lasts until the heal (faultEndMs),
 *   when every fault stops. Details (a partition's cuts) come from `config.faults` by id.
 * - partition sides: the distinct node lists named by the partition's cuts (`from` and `to`),
 *   in order of first appearance, are `side-1`, `side-2`…: for the symmetric shapes the groups
 *   cut off from one another, for a one-way cut `side-1` the senders whose messages are dropped
 *   and `side-2` their receivers. A node on several lists is on the first. `other` holds the
 *   nodes on no list (the bridge node; the clients of a majority-minority partition, which
 *   reach both sides). An operation is on the side of the node of the client that invoked it.
 *
 * One stable sort of the history, then linear passes; windows are counted with binary searches
 * over prefix sums (per client for the sides): O(n log n + (faults × clients) log n).
 */
import { cutsNetwork, cutsOf } from '../simulator/scenario/faults/kinds/index.js';
import type { ClientOperationKind, HistoryEntry, HistoryOf } from '../simulator/scenario/history.js';
import type { Checker, CheckInput } from './types.js';
import { type FaultWindow, faultWindows, mergeWindows } from './fault-windows.js';
import { byTime, lowerBound } from './time-order.js';

export interface OperationCounts {
  /** Client operations (invokes) counted, whatever their completion. */
  readonly operations: number;
  /** Operations answered ok. */
  readonly ok: number;
  /** Operations answered with a failure (refused, or an error from the strategy). */
  readonly fail: number;
  /** Operations whose outcome stayed unknown: timed out, or no completion by the end of the run. */
  readonly info: number;
  /** ok / operations (0..1); null when there were no operations. */
  readonly okFraction: number | null;
}

export interface Availability {
  /** Submit operations (every attempt of every job). */
  readonly submit: OperationCounts;
  /** Status-read operations (periodic and final reads). */
  readonly status: OperationCounts;
}

export interface FaultAvailability extends Availability {
  /** The fault's id (`f1`…, or a crash trigger's id). */
  readonly fault: string;
  /** Its kind (`crash`, `partition`…). */
  readonly kind: string;
  /** Start of the window: the nemesis `start` record (simulated ms). */
  readonly startMs: number;
  /** End of the window, exclusive: the nemesis `stop` record, else the heal (simulated ms). */
  readonly endMs: number;
}

export interface PartitionSideAvailability extends Availability {
  /** `side-1`, `side-2`… in order of first appearance in the partition's cuts, or `other`. */
  readonly side: string;
  /** The nodes of this side, as the cut lists them (empty for `other`: every node on no list). */
  readonly nodes: readonly string[];
  /** The clients whose node is on this side (ids, in configuration order). */
  readonly clients: readonly string[];
}

export interface PartitionAvailability {
  /** The partition fault's id. */
  readonly fault: string;
  /** Start of its window (simulated ms). */
  readonly startMs: number;
  /** End of its window, exclusive (simulated ms). */
  readonly endMs: number;
  /** Operations invoked inside the window, by the side of the invoking client's node (`other` last). */
  readonly sides: readonly PartitionSideAvailability[];
}

export interface AvailabilityResult {
  /** Every client operation of the run. */
  readonly overall: Availability;
  /** Operations by the phase they were invoked in. */
  readonly phases: {
    /** Invoked in the fault phase [0, faultEndMs). */
    readonly faults: Availability;
    /** Invoked during convergence [faultEndMs, convergeEndMs). */
    readonly converge: Availability;
    /** Invoked from convergeEndMs on (the final reads). */
    readonly finalReads: Availability;
  };
  /** Operations invoked inside each fault's window, in order of the faults' start records. */
  readonly faults: readonly FaultAvailability[];
  /** Operations invoked during the fault phase outside every fault window. */
  readonly outsideFaults: Availability;
  /** Operations invoked inside each partition's window, by side, in order of start. */
  readonly partitions: readonly PartitionAvailability[];
}

type Operation = ClientOperationKind;
type Outcome = 'ok' | 'fail' | 'info';

const OPERATIONS: readonly Operation[] = ['submit', 'status'];
const OUTCOMES: readonly Outcome[] = ['ok', 'fail', 'info'];
/** Index of a (operation, outcome) pair in a counter row. */
const slot = (operation: Operation, outcome: Outcome): number =>
  OPERATIONS.indexOf(operation) * OUTCOMES.length + OUTCOMES.indexOf(outcome);
const SLOTS = OPERATIONS.length * OUTCOMES.length;

interface ClientOperation {
  readonly operation: Operation;
  readonly process: string;
  readonly invokeMs: number;
  outcome: Outcome;
}

/** Counts of operations invoked in a time range, by binary search over prefix sums of a time-sorted list. */
class Tally {
  private readonly times: number[] = [];
  /** prefix[i] holds the counts of the first i operations. */
  private readonly prefix: number[][] = [new Array<number>(SLOTS).fill(0)];

  add(operation: ClientOperation): void {
    const row = [...(this.prefix[this.prefix.length - 1] as number[])];
    row[slot(operation.operation, operation.outcome)]!++;
    this.times.push(operation.invokeMs);
    this.prefix.push(row);
  }

  /** Counts of the operations invoked in [fromMs, toMs). */
  count(fromMs: number, toMs: number): number[] {
    const lo = this.prefix[lowerBound(this.times, fromMs)] as number[];
    const hi = this.prefix[lowerBound(this.times, Math.max(fromMs, toMs))] as number[];
    return hi.map((value, index) => value - (lo[index] as number));
  }
}

const add = (a: readonly number[], b: readonly number[]): number[] =>
  a.map((value, index) => value + (b[index] as number));
const subtract = (a: readonly number[], b: readonly number[]): number[] =>
  a.map((value, index) => value - (b[index] as number));
const zero = (): number[] => new Array<number>(SLOTS).fill(0);

function availability(counts: readonly number[]): Availability {
  const of = (operation: Operation): OperationCounts => {
    const [ok, fail, info] = OUTCOMES.map((outcome) => counts[slot(operation, outcome)] as number) as [
      number,
      number,
      number,
    ];
    const operations = ok + fail + info;
    return { operations, ok, fail, info, okFraction: operations === 0 ? null : ok / operations };
  };
  return { submit: of('submit'), status: of('status') };
}

/** Whether `entry` is a client operation's: its invoke or its completion. */
const isOperation = (entry: HistoryEntry): entry is HistoryOf<Operation> =>
  entry.f === 'submit' || entry.f === 'status';

/** Client operations in order of invoke, each with its completion (`info` while it has none). */
function clientOperations(ordered: readonly HistoryEntry[]): ClientOperation[] {
  const operations: ClientOperation[] = [];
  const pending = new Map<string, ClientOperation>();
  for (const entry of ordered) {
    if (!isOperation(entry) || entry.process === 'nemesis') continue;
    if (entry.type === 'invoke') {
      const operation: ClientOperation = {
        operation: entry.f,
        process: entry.process,
        invokeMs: entry.timeMs,
        outcome: 'info',
      };
      operations.push(operation);
      pending.set(entry.op, operation);
    } else {
      const operation = pending.get(entry.op);
      if (!operation) continue;
      operation.outcome = entry.type;
      pending.delete(entry.op);
    }
  }
  return operations;
}

type Window = {
  readonly fault: string;
  readonly kind: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly resolved: FaultWindow['resolved'];
};

/**
 * One partition window's sides: a side per distinct node list its cuts name (the first side a
 * node is listed in is its side), and `other` for clients on no listed node, each with the
 * client operations invoked in the window.
 */
function partitionSides(
  config: CheckInput['config'],
  window: Window,
  processes: readonly string[],
  perClient: ReadonlyMap<string, Tally>,
): PartitionAvailability {
  const nodeOfClient = new Map(config.clients.map((client) => [client.id, client.node]));
  const cuts = window.resolved ? cutsOf(window.resolved) : [];
  const sides: { side: string; nodes: readonly string[]; members: Set<string> }[] = [];
  const sideOfNode = new Map<string, number>();
  const lists = new Set<string>();
  for (const list of cuts.flatMap((cut) => [cut.from, cut.to])) {
    const key = [...list].sort().join('\u0000');
    if (lists.has(key)) continue;
    lists.add(key);
    const index = sides.length;
    sides.push({ side: `side-${index + 1}`, nodes: list, members: new Set() });
    for (const node of list) if (!sideOfNode.has(node)) sideOfNode.set(node, index);
  }
  sides.push({ side: 'other', nodes: [], members: new Set() });
  const counts = sides.map(() => zero());
  for (const process of processes) {
    const index = sideOfNode.get(nodeOfClient.get(process) ?? '') ?? sides.length - 1;
    if (nodeOfClient.has(process)) sides[index]?.members.add(process);
    const tally = perClient.get(process);
    if (tally) counts[index] = add(counts[index] as number[], tally.count(window.startMs, window.endMs));
  }
  return {
    fault: window.fault,
    startMs: window.startMs,
    endMs: window.endMs,
    sides: sides.map((side, index) => ({
      side: side.side,
      nodes: side.nodes,
      clients: config.clients.filter((client) => side.members.has(client.id)).map((client) => client.id),
      ...availability(counts[index] as number[]),
    })),
  };
}

export function checkAvailability({ config, history }: CheckInput): AvailabilityResult {
  const { faultEndMs, convergeEndMs } = config.phases;
  const ordered = byTime<HistoryEntry>(history);
  const operations = clientOperations(ordered);
  const closed: Window[] = faultWindows(config, ordered).map((window) => ({
    fault: window.id,
    kind: window.kind,
    startMs: window.startMs,
    endMs: window.endMs,
    resolved: window.resolved,
  }));

  const all = new Tally();
  const perClient = new Map<string, Tally>();
  for (const operation of operations) {
    all.add(operation);
    const tally = perClient.get(operation.process) ?? new Tally();
    tally.add(operation);
    perClient.set(operation.process, tally);
  }

  // Outside faults: the fault phase minus the union of the windows (clipped to the fault phase).
  const inFaultPhase = all.count(Number.NEGATIVE_INFINITY, faultEndMs);
  let covered = zero();
  for (const union of mergeWindows(closed))
    covered = add(covered, all.count(union.startMs, Math.min(union.endMs, faultEndMs)));

  const processes = [...new Set([...config.clients.map((client) => client.id), ...perClient.keys()])];
  return {
    overall: availability(all.count(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)),
    phases: {
      faults: availability(inFaultPhase),
      converge: availability(all.count(faultEndMs, convergeEndMs)),
      finalReads: availability(all.count(convergeEndMs, Number.POSITIVE_INFINITY)),
    },
    faults: closed.map((window) => ({
      fault: window.fault,
      kind: window.kind,
      startMs: window.startMs,
      endMs: window.endMs,
      ...availability(all.count(window.startMs, window.endMs)),
    })),
    outsideFaults: availability(subtract(inFaultPhase, covered)),
    partitions: closed
      .filter((window) => cutsNetwork(window.kind))
      .map((window) => partitionSides(config, window, processes, perClient)),
  };
}

export const availabilityChecker: Checker<AvailabilityResult> = {
  name: 'availability',
  description:
    'fraction of client submits and status reads answered ok: overall, per phase, inside and outside fault windows, per partition side',
  check: checkAvailability,
};
