/**
 * The resolved fault timeline: every fault with concrete targets and times, drawn from the
 * scenario and the seed before the run starts, identical for every strategy. Written to
 * config.json and printed at the start of a run. Plain data (workflow code reads it).
 *
 * What a fault of each kind holds is declared by its module (`kinds/<kind>.ts`); the union of
 * them all is `ResolvedFault`, derived from the registry (`kinds/index.ts`).
 */
import type { TaskKind } from '../model.js';
import { formatDurationMs } from '../../base/time.js';
import { type BuiltInFaultKind, findFaultKind } from './kinds/index.js';
import type { ResolvedFaultOf } from './kinds/kind.js';

/** When a resolved fault holds, and its id. */
export interface ResolvedWindow {
  readonly id: string;
  readonly startMs: number;
  /** When the fault stops (the node restarts, the partition heals...). */
  readonly endMs: number;
}

/** A directed cut: messages from any node of `from` to any node of `to` are dropped. */
export interface Cut {
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** A fault of any built-in kind (a kind registered at run time, by a test, is not in this type). */
export type ResolvedFault = ResolvedFaultOf<BuiltInFaultKind>;

/** A crash that happens when an event happens, not at a time. */
export interface CrashTrigger {
  readonly id: string;
  readonly on: 'site-submit' | 'task-start' | 'task-finish' | 'point';
  readonly taskKind?: TaskKind;
  readonly point?: string;
  readonly nth: number;
  readonly durationMs: number;
  /** Nodes to crash; empty: the node where the event happens. */
  readonly nodes: readonly string[];
}

/**
 * One line for the fault timeline (and the nemesis records of the history), in the words of its
 * kind; the bare kind for one the registry does not hold (a config.json of another version).
 */
export function describeFault(fault: ResolvedFault): string {
  return findFaultKind(fault.kind)?.describe(fault) ?? fault.kind;
}

export function describeTrigger(trigger: CrashTrigger): string {
  const event =
    trigger.on === 'point'
      ? `crash point "${trigger.point ?? ''}"`
      : `${trigger.on}${trigger.taskKind ? ` of ${trigger.taskKind}` : ''}`;
  const who = trigger.nodes.length > 0 ? trigger.nodes.join(', ') : 'the node where it happens';
  return `crash ${who} after the ${ordinal(trigger.nth)} ${event}, for ${formatDurationMs(trigger.durationMs)}`;
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}
