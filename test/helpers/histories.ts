/**
 * Literal checker inputs for unit tests: history entries (client operations, coordinator records,
 * nemesis faults), ledger entries, and the scenario sections (workload, topology) that those
 * histories are written against.
 *
 * Every history builder returns an entry with index 0. Use `indexed` to number a list in the
 * order given, for tests that number their entries.
 */
import type {
  ClientOperationKind,
  FaultRecordValue,
  HistoryEntry,
  HistoryType,
  HistoryValues,
  LedgerEntry,
  NemesisRecordKind,
  RecordKind,
} from '../../simulator/scenario/history.js';
import type { TaskKind } from '../../simulator/scenario/model.js';

// --- Scenario sections (for `scenarioYaml` in ./scenarios.ts).

/** A task of a literal job type: its id, its kind and the ids of the tasks it runs after. */
export interface LiteralTask {
  readonly id: string;
  readonly kind: TaskKind;
  readonly after?: readonly string[];
}

/** A job type of a literal workload. */
export interface LiteralJobType {
  readonly name: string;
  readonly tasks: readonly LiteralTask[];
}

/** Jobs of two tasks: A (ENV_SETUP), then S (JOB_SUBMISSION, the task with a site effect). */
export const SETUP_THEN_SUBMIT: LiteralJobType = {
  name: 'T',
  tasks: [
    { id: 'A', kind: 'ENV_SETUP' },
    { id: 'S', kind: 'JOB_SUBMISSION', after: ['A'] },
  ],
};

/** A diamond: A, then B and C in parallel, then D. */
export const DIAMOND: LiteralJobType = {
  name: 'DIAMOND',
  tasks: [
    { id: 'A', kind: 'ENV_SETUP' },
    { id: 'B', kind: 'INPUT_DATA_STAGING', after: ['A'] },
    { id: 'C', kind: 'JOB_SUBMISSION', after: ['A'] },
    { id: 'D', kind: 'OUTPUT_DATA_STAGING', after: ['B', 'C'] },
  ],
};

/** The `workload:` section: `jobs` jobs of one `type`, one arriving every `every`. */
export function workloadYaml(jobs: number, type: LiteralJobType, every = '10m'): string {
  const task = ({ id, kind, after }: LiteralTask) =>
    `        - { id: ${id}, kind: ${kind}${after === undefined ? '' : `, after: [${after.join(', ')}]`} }`;
  return [
    'workload:',
    `  jobs: ${jobs}`,
    `  arrival: { every: ${every} }`,
    '  types:',
    `    - name: ${type.name}`,
    '      tasks:',
    ...type.tasks.map(task),
  ].join('\n');
}

/** The kind of every task of `type`, by task id. */
export function taskKinds(type: LiteralJobType): Readonly<Record<string, TaskKind>> {
  return Object.fromEntries(type.tasks.map((task) => [task.id, task.kind]));
}

/**
 * The `topology:` section of the default scenario (zones z1 and z2; n1 in z1 and n2 in z2, two
 * slots each; site hpc1 of kind HPC) with one client in each zone of `clientZones`, in order.
 */
export function twoZoneTopologyYaml(clientZones: readonly string[]): string {
  return [
    'topology:',
    '  zones: [z1, z2]',
    `  clients: [${clientZones.map((zone) => `{ zone: ${zone} }`).join(', ')}]`,
    '  nodes:',
    '    - { id: n1, zone: z1, slots: 2 }',
    '    - { id: n2, zone: z2, slots: 2 }',
    '  sites: [{ id: hpc1, kind: HPC }]',
  ].join('\n');
}

// --- History entries.

/** `entries` numbered 0, 1, … in the order given. */
export function indexed(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.map((entry, index) => ({ ...entry, index }));
}

/*
 * The builders below take `f`, `type` and `value` as separate arguments, their types tied by
 * `HistoryValues` (a value a record kind does not carry fails type checking at the call); each
 * asserts the entry it builds, as TypeScript cannot follow that tie from generic parameters into
 * the `HistoryEntry` union.
 */

/** One entry of the client operation `op` (an invoke or a completion), recorded by `client`. */
export function clientEntry<F extends ClientOperationKind, T extends HistoryType>(
  type: T,
  f: F,
  op: string,
  timeMs: number,
  value: HistoryValues[F][T],
  client = 'client-1',
): HistoryEntry {
  return { index: 0, timeMs, process: client, type, f, op, value } as HistoryEntry;
}

/** A client operation on a job: who invoked it, what (`submit`, `status`), its id, and when. */
export interface ClientOperation<F extends ClientOperationKind = ClientOperationKind> {
  readonly client: string;
  readonly f: F;
  readonly op: string;
  readonly job: string;
  readonly invokedAtMs: number;
}

/** The types a client operation completes with. */
type CompletionType = Exclude<HistoryType, 'invoke'>;

/** How a client operation `F` completed: its type, when, and the value recorded. */
export type Completion<F extends ClientOperationKind = ClientOperationKind> = {
  [T in CompletionType]: { readonly type: T; readonly atMs: number; readonly value: HistoryValues[F][T] };
}[CompletionType];

/** The invoke of `operation` (value `{ job }`) and, unless `completion` is undefined, its completion. */
export function clientOperation<F extends ClientOperationKind>(
  operation: ClientOperation<F>,
  completion?: Completion<F>,
): HistoryEntry[] {
  const { client, f, op, job, invokedAtMs } = operation;
  const invoke = clientEntry('invoke', f, op, invokedAtMs, { job }, client);
  if (completion === undefined) return [invoke];
  const { type, atMs, value } = completion;
  return [invoke, { index: 0, timeMs: atMs, process: client, type, f, op, value } as HistoryEntry];
}

/** Numbers operation ids `<client>:0`, `<client>:1`, … in the order asked for; one count per call of `operationIds`. */
export function operationIds(): (client: string) => string {
  let next = 0;
  return (client) => `${client}:${next++}`;
}

/** The record kinds `record` builds: neither client operations nor nemesis records. */
type ControlRecordKind = Exclude<RecordKind, ClientOperationKind | NemesisRecordKind>;

/** An `info` record of a control-plane event `f` (dispatch, suspect, job-complete…) by `process`. */
export function record<F extends ControlRecordKind>(
  timeMs: number,
  f: F,
  value: HistoryValues[F]['info'],
  process = 'coordinator',
): HistoryEntry {
  return { index: 0, timeMs, process, type: 'info', f, value } as HistoryEntry;
}

/** What the nemesis records of a fault when it starts or stops it. */
export type FaultValue = FaultRecordValue;

/** The nemesis record of the start or stop of a fault. */
export function nemesis(timeMs: number, f: 'start' | 'stop', fault: FaultValue): HistoryEntry {
  return { index: 0, timeMs, process: 'nemesis', type: 'info', f, value: fault };
}

/** The nemesis records of one fault: its start, and its stop unless `stopMs` is null. */
export function faultWindow(fault: FaultValue, startMs: number, stopMs: number | null): HistoryEntry[] {
  return stopMs === null
    ? [nemesis(startMs, 'start', fault)]
    : [nemesis(startMs, 'start', fault), nemesis(stopMs, 'stop', fault)];
}

/** The nemesis record of the heal that ends every fault (at `phases.faultEndMs` in a run). */
export function heal(timeMs: number): HistoryEntry {
  return { index: 0, timeMs, process: 'nemesis', type: 'info', f: 'heal' };
}

// --- Ledger entries.

/** Which execution of a task an entry is about. */
export interface ExecutionOptions {
  /** The node it ran on; default n1. */
  readonly node?: string;
  /** How many times the task had started before; default 0. */
  readonly execution?: number;
  /** The strategy's label for the attempt; default `execution + 1`. */
  readonly attempt?: number;
}

export interface StartOptions extends ExecutionOptions {
  /** The planned run time; default 1 ms. */
  readonly durationMs?: number;
}

export interface EndOptions extends ExecutionOptions {
  /** Default ok. */
  readonly outcome?: 'ok' | 'retryable' | 'fatal';
}

export interface RunOptions extends StartOptions, EndOptions {
  readonly startMs: number;
  /** Undefined: the execution never ended (no exec-end). */
  readonly endMs?: number | undefined;
}

/** Builders of exec-start and exec-end entries for tasks whose kinds `kinds` gives by task id. */
export interface LedgerBuilders {
  readonly start: (job: string, task: string, timeMs: number, options?: StartOptions) => LedgerEntry;
  readonly end: (job: string, task: string, timeMs: number, options?: EndOptions) => LedgerEntry;
  /** One execution: its exec-start and, unless `endMs` is undefined, its exec-end. */
  readonly run: (job: string, task: string, options: RunOptions) => LedgerEntry[];
}

/**
 * Ledger builders for tasks of the given kinds (by task id, as `taskKinds` gives them). `defaults`
 * apply to every entry built, under what a call passes: e.g. `{ attempt: 1 }` for a test whose
 * entries all carry attempt 1, or `{ durationMs: 600_000 }`.
 */
export function ledgerBuilders(kinds: Readonly<Record<string, TaskKind>>, defaults: StartOptions = {}): LedgerBuilders {
  const common = (job: string, task: string, options: ExecutionOptions) => {
    const { node = 'n1', execution = 0, attempt = execution + 1 } = { ...defaults, ...options };
    const taskKind = kinds[task];
    if (taskKind === undefined) throw new Error(`no kind for task ${task}`);
    return { node, job, task, taskKind, attempt, execution };
  };
  const start = (job: string, task: string, timeMs: number, options: StartOptions = {}): LedgerEntry => ({
    kind: 'exec-start',
    timeMs,
    ...common(job, task, options),
    durationMs: options.durationMs ?? defaults.durationMs ?? 1,
  });
  const end = (job: string, task: string, timeMs: number, options: EndOptions = {}): LedgerEntry => ({
    kind: 'exec-end',
    timeMs,
    ...common(job, task, options),
    outcome: options.outcome ?? 'ok',
  });
  const run = (job: string, task: string, { startMs, endMs, ...options }: RunOptions): LedgerEntry[] =>
    endMs === undefined
      ? [start(job, task, startMs, options)]
      : [start(job, task, startMs, options), end(job, task, endMs, options)];
  return { start, end, run };
}

/** Where and how long a site job ran. */
export interface SiteEffectOptions {
  /** Default hpc1. */
  readonly site?: string;
  /** The node that submitted it; default n1. */
  readonly node?: string;
  /** Default 1. */
  readonly attempt?: number;
  /** How long the site job runs, from `timeMs`; default 1 ms. */
  readonly runMs?: number;
}

/** A site effect: `task` of `job` creates the site job `siteJob` at `timeMs`, which starts running at once. */
export function siteEffect(
  job: string,
  task: string,
  timeMs: number,
  siteJob: string,
  options: SiteEffectOptions = {},
): LedgerEntry {
  const { site = 'hpc1', node = 'n1', attempt = 1, runMs = 1 } = options;
  return {
    kind: 'site-effect',
    timeMs,
    site,
    node,
    job,
    task,
    attempt,
    siteJob,
    startsAtMs: timeMs,
    endsAtMs: timeMs + runMs,
  };
}

/** What the store's replicas hold for `key` when the run ends at `timeMs` (`phases.endMs`). */
export function storeFinal(key: string, versions: Readonly<Record<string, number>>, timeMs: number): LedgerEntry {
  return { kind: 'store-final', timeMs, key, versions };
}
