/**
 * The checker contract. A checker is a pure function of what a run recorded — the resolved
 * configuration, the history and the world's ledger — never of live state. Checkers are plain
 * objects in one registry (`checkers/index.ts`) and are composed by name.
 */
import type { ResolvedConfig } from '../simulator/scenario/config.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';

export interface CheckInput {
  readonly config: ResolvedConfig;
  readonly history: readonly HistoryEntry[];
  readonly ledger: readonly LedgerEntry[];
}

export interface Checker<Result> {
  readonly name: string;
  readonly description: string;
  check(input: CheckInput): Result;
}
