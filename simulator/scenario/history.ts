import type { TaskKind } from './model.js';

/**
 * The history of a run, Jepsen-style: every client operation as an `invoke` followed by its
 * completion (`ok`, `fail`, or `info` when the outcome is unknown, e.g. a timeout), plus `info`
 * entries for control-plane decisions, faults and phases. Timestamps are simulated milliseconds.
 * Written as JSON lines to `history.jsonl`.
 */

export type HistoryType = 'invoke' | 'ok' | 'fail' | 'info';

/** What a component records; the world adds the index, time and process. */
export interface HistoryDraft {
  readonly type: HistoryType;
  /** The operation or event: `submit`, `status`, `dispatch`, `redispatch`, `suspect`, `crash`, `phase`… */
  readonly f: string;
  /** Pairs an invoke with its completion (client operations only). */
  readonly op?: string;
  readonly value?: Readonly<Record<string, unknown>>;
  /** Records on behalf of another process (only the driver does this, for `nemesis`). */
  readonly process?: string;
}

export interface HistoryEntry extends HistoryDraft {
  /** Position in the history, from 0. */
  readonly index: number;
  readonly timeMs: number;
  /** Who recorded it: a component id (`client-1`, `coordinator`, `agent-n2`), `nemesis` or `driver`. */
  readonly process: string;
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
