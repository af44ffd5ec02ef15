import type { JobState, TaskKind } from './model.js';

/**
 * The history of a run, Jepsen-style: every client operation as an `invoke` followed by its
 * completion (`ok`, `fail`, or `info` when the outcome is unknown, e.g. a timeout), plus `info`
 * entries for control-plane decisions, faults and phases. Timestamps are simulated milliseconds.
 * Written as JSON lines to `history.jsonl`.
 *
 * Each record kind (`f`) is a variant of its own: `HistoryValues` says which types a kind is
 * recorded with and what its `value` holds for each. A writer with a misspelt `f` or a missing
 * field, and a reader of a field its record kind does not have, fail type checking: narrow an
 * entry by its `f` (`entry.f === 'dispatch'`, `isRecord(entry, 'dispatch')`) before reading
 * its value.
 */

/**
 * An entry's type: a client operation's `invoke` and its completion (`ok`, `fail`, or `info`:
 * unknown); every other record is `info`.
 */
export type HistoryType = 'invoke' | 'ok' | 'fail' | 'info';

/** The value of a client operation that names only its job: every invoke, and a submit answered ok. */
export interface ClientJobValue {
  readonly job: string;
}

/**
 * A client operation answered `fail`: the entry component refused it (`reason` in its words,
 * e.g. `store unavailable: …`), or the network refused the connection (`refused`).
 */
export interface ClientFailValue {
  readonly job: string;
  readonly reason: string;
}

/** A client operation with no answer within the request timeout (`info`: its outcome is unknown). */
export interface ClientTimeoutValue {
  readonly job: string;
  readonly reason: 'timeout';
}

/** A status read answered ok. */
export interface StatusOkValue {
  readonly job: string;
  /** The state the strategy answered. */
  readonly state: JobState;
  /** Present (true) on a read of the final-reads phase only. */
  readonly final?: true;
}

/** What a record about one attempt of one task names. */
export interface AttemptValue {
  readonly job: string;
  readonly task: string;
  /** The strategy's attempt number, from 1. */
  readonly attempt: number;
}

/** A task placed on a node or sent to a queue. */
export interface DispatchValue extends AttemptValue {
  /** The node it went to; absent for a dispatch to a queue (canary-2017). */
  readonly node?: string;
  /** The lease token the placement holds (hybrid only). */
  readonly token?: number;
}

/** An attempt failed retryably and its task will run again. */
export interface RetryValue extends AttemptValue {
  readonly reason: string;
}

/** An attempt declared lost: its node suspected, restarted or lost, its assignment or launch unconfirmed or refused. */
export interface ReclaimValue extends AttemptValue {
  /**
   * The node that held it. Null or absent only where the strategy's state types allow an
   * attempt with no node (hybrid's launch timeout: null; stateful's assignment timeout: null or
   * absent); its placement rules that out, and no run has recorded one.
   */
  readonly node?: string | null;
  readonly reason: string;
}

/**
 * A hybrid agent turning an attempt down on its node: `refuse-launch` (its lease is gone) or
 * `fenced` (a newer lease holds the task).
 */
export interface RefusalValue extends AttemptValue {
  readonly node: string;
  readonly reason: string;
}

/** A job given up: `task` failed for good. */
export interface JobFailedValue {
  readonly job: string;
  readonly task: string;
  /** Why, in the strategy's words; canary-2017 gives none. */
  readonly reason?: string;
}

/**
 * The value of a nemesis `start` or `stop`: which fault, of what kind, against what. Written by
 * the driver, for a scheduled fault and for a crash a trigger fired.
 */
export interface FaultRecordValue {
  /** The fault's id (`f1`…, or a crash trigger's id). */
  readonly fault: string;
  /** Its kind (`crash`, `partition`…): any string, as a kind a test registers at run time is not a built-in one. */
  readonly kind: string;
  /** The nodes it acts on, for a kind that names nodes. */
  readonly nodes?: readonly string[];
  /** The site it acts on, for a kind that names a site. */
  readonly site?: string;
  /** One line (`crash n2`): the driver always writes it; hand-built histories (tests, bench) may not. */
  readonly description?: string;
}

/** The phases the driver marks, in order: the fault phase, convergence, final reads, the end of the run. */
export type RunPhase = 'faults' | 'converge' | 'final-reads' | 'end';

/** A client operation's values by type: `Ok` is what an ok answer carries. */
export interface ClientOperationValues<Ok> {
  readonly invoke: ClientJobValue;
  readonly ok: Ok;
  readonly fail: ClientFailValue;
  readonly info: ClientTimeoutValue;
}

/** A record kind recorded only as `info`, with value `V`. */
export interface InfoOnly<V> {
  readonly info: V;
}

/**
 * Every record kind (`f`) of the history, with the `value` it carries for each type it is
 * recorded with. Client operations (`submit`, `status`) are recorded by the client processes
 * with all four types and an `op`; every other kind only as `info`. `heal` carries no value.
 */
export interface HistoryValues {
  /** A client submitting a job (invoke), and the entry's answer. */
  readonly submit: ClientOperationValues<ClientJobValue>;
  /** A client reading a job's status (invoke), and the entry's answer. */
  readonly status: ClientOperationValues<StatusOkValue>;
  /** The control plane declaring a job complete: every task finished ok. */
  readonly 'job-complete': InfoOnly<{ readonly job: string }>;
  /** The control plane giving a job up. */
  readonly 'job-failed': InfoOnly<JobFailedValue>;
  /** A task placed on a node or queued (an attempt above 1 is a re-dispatch). */
  readonly dispatch: InfoOnly<DispatchValue>;
  /** An attempt failed retryably and its task will run again. */
  readonly retry: InfoOnly<RetryValue>;
  /** An attempt declared lost. */
  readonly reclaim: InfoOnly<ReclaimValue>;
  /** A hybrid agent refusing to launch an attempt whose lease it no longer holds. */
  readonly 'refuse-launch': InfoOnly<RefusalValue>;
  /** A hybrid agent's launch or result write refused by a newer fencing token. */
  readonly fenced: InfoOnly<RefusalValue>;
  /** A restarted volatile coordinator re-admitting an unfinished job from its record. */
  readonly rebuild: InfoOnly<{ readonly job: string; readonly reason: string }>;
  /** A node declared suspect: a heartbeat timeout (no reason) or a refused connection. */
  readonly suspect: InfoOnly<{ readonly node: string; readonly reason?: 'refused' }>;
  /** A suspected node trusted again: by its heartbeat or its hello after a restart. */
  readonly trust: InfoOnly<{ readonly node: string; readonly reason: 'heartbeat' | 'hello' }>;
  /** The driver marking the start of a phase. */
  readonly phase: InfoOnly<{ readonly phase: RunPhase }>;
  /** The nemesis starting a fault. */
  readonly start: InfoOnly<FaultRecordValue>;
  /** The nemesis stopping a fault. */
  readonly stop: InfoOnly<FaultRecordValue>;
  /** The nemesis healing everything at the end of the fault phase. */
  readonly heal: InfoOnly<undefined>;
}

/** A record kind: the `f` of a history entry. */
export type RecordKind = keyof HistoryValues;

/** The client operations, recorded with an `op` as `invoke`, then `ok`, `fail` or `info`. */
export type ClientOperationKind = 'submit' | 'status';

/** What the driver records on behalf of the `nemesis` process. */
export type NemesisRecordKind = 'start' | 'stop' | 'heal';

/** The types a record of kind `F` is recorded with. */
export type TypeOf<F extends RecordKind> = keyof HistoryValues[F] & HistoryType;

/** The `value` of a record of kind `F` and type `T`. */
export type RecordValue<F extends RecordKind, T extends TypeOf<F> = TypeOf<F>> = HistoryValues[F][T];

/** Flattens an intersection into one object type (same properties, readable in errors and hovers). */
type Flat<T> = { [K in keyof T]: T[K] };

/** A record's `value`: absent for a kind that carries none (`heal`). */
type ValueField<V> = [V] extends [undefined] ? { readonly value?: undefined } : { readonly value: V };

/** `op` pairs a client operation's invoke with its completion; no other record has one. */
type OpField<F extends RecordKind> = F extends ClientOperationKind
  ? { readonly op: string }
  : { readonly op?: undefined };

/** The driver records the nemesis records on behalf of `nemesis`; no other draft names a process. */
type ProcessField<F extends RecordKind> = F extends NemesisRecordKind
  ? { readonly process: 'nemesis' }
  : { readonly process?: undefined };

/** What the world adds to a draft. */
interface EntryPlace {
  /** Position in the history, from 0. */
  readonly index: number;
  readonly timeMs: number;
  /** Who recorded it: a component id (`client-1`, `coordinator`, `agent-n2`), `nemesis` or `driver`. */
  readonly process: string;
}

/** What every record of kind `F` and type `T` holds, drafted or recorded. */
type RecordBody<F extends RecordKind, T extends TypeOf<F>> = { readonly type: T; readonly f: F } & OpField<F> &
  ValueField<HistoryValues[F][T]>;

/**
 * What a component records (`ctx.record`); the world adds the index, time and process. One
 * variant per record kind and type: `f` decides the rest. Only the driver's nemesis records
 * name a `process` (`nemesis`, on whose behalf the driver records them).
 */
export type HistoryDraft = {
  [F in RecordKind]: { [T in TypeOf<F>]: Flat<RecordBody<F, T> & ProcessField<F>> }[TypeOf<F>];
}[RecordKind];

/**
 * One entry of the history: a draft as the world stamped it. A union over `f` (and, for client
 * operations, `type`): narrow it before reading its `value`.
 */
export type HistoryEntry = {
  [F in RecordKind]: { [T in TypeOf<F>]: Flat<RecordBody<F, T> & EntryPlace> }[TypeOf<F>];
}[RecordKind];

/** The entries of kind `F` (a union of kinds gives the union of their entries), of type `T` if given. */
export type HistoryOf<F extends RecordKind, T extends HistoryType = HistoryType> = Extract<
  HistoryEntry,
  { readonly f: F; readonly type: T }
>;

/** Whether `entry` is a record of kind `f`: narrows it to `HistoryOf<F>` as `entry.f === f` does, in a callback too. */
export function isRecord<F extends RecordKind>(entry: HistoryEntry, f: F): entry is HistoryOf<F> {
  return entry.f === f;
}

/** The job a record names (client operations and most control-plane records), if it names one. */
export function jobOf(entry: HistoryEntry): string | undefined {
  return entry.value !== undefined && 'job' in entry.value ? entry.value.job : undefined;
}

/** The entry the world records for `draft`, recorded by `process` at `timeMs` as the history's `index`-th. */
export function stampDraft(draft: HistoryDraft, index: number, timeMs: number, process: string): HistoryEntry {
  const { process: onBehalfOf, ...rest } = draft;
  return { index, timeMs, process: onBehalfOf ?? process, ...rest };
}

/** Ground truth kept by the world: what really happened on nodes and at sites. */
export type LedgerEntry =
  | {
      readonly kind: 'exec-start';
      readonly timeMs: number;
      readonly node: string;
      readonly job: string;
      readonly task: string;
      readonly taskKind: TaskKind;
      /** The strategy's own label for this attempt (dispatch number, lease token…). */
      readonly attempt: number;
      /** How many times this task had started before, anywhere (0 for the first). */
      readonly execution: number;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'exec-end';
      readonly timeMs: number;
      readonly node: string;
      readonly job: string;
      readonly task: string;
      readonly taskKind: TaskKind;
      readonly attempt: number;
      readonly execution: number;
      readonly outcome: 'ok' | 'retryable' | 'fatal';
      readonly reason?: string;
    }
  | {
      readonly kind: 'site-effect';
      readonly timeMs: number;
      readonly site: string;
      readonly node: string;
      readonly job: string;
      readonly task: string;
      readonly attempt: number;
      /** The site's id for the job it created; a second submission of one task creates a second one. */
      readonly siteJob: string;
      /** When the site job starts and ends running at the site. */
      readonly startsAtMs: number;
      readonly endsAtMs: number;
    }
  | {
      /**
       * What the store's replicas hold for one key when the run ends: one entry per key ever
       * written, emitted once by `World.finish` at `phases.endMs` (keys in sorted order), after
       * every other entry. For the checkers' replica-divergence check: nothing else records the
       * replicas' contents. Values are left out (they can be large); a key's version numbers are
       * unique, so two replicas holding one version hold the same value.
       */
      readonly kind: 'store-final';
      /** The end of the run (`phases.endMs`), simulated ms. */
      readonly timeMs: number;
      readonly key: string;
      /** The version of `key` each replica holds at `timeMs`, by replica id (0: none yet). */
      readonly versions: Readonly<Record<string, number>>;
    };
