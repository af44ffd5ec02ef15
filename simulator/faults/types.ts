/**
 * The resolved fault timeline: every fault with concrete targets and times, drawn from the
 * scenario and the seed before the run starts, identical for every strategy. Written to
 * config.json and printed at the start of a run. Plain data (workflow code reads it).
 */
import type { TaskKind } from '../model.js';
import type { DurationDistribution } from '../scenario/fields.js';
import { formatDurationMs } from '../time.js';

interface Window {
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

export type ResolvedFault = Window &
  (
    | { readonly kind: 'crash'; readonly nodes: readonly string[]; readonly triggeredBy?: string }
    | { readonly kind: 'pause'; readonly nodes: readonly string[] }
    | { readonly kind: 'slow'; readonly nodes: readonly string[]; readonly factor: number }
    | { readonly kind: 'clock-skew'; readonly nodes: readonly string[]; readonly offsetMs: number }
    | { readonly kind: 'partition'; readonly shape: string; readonly cuts: readonly Cut[]; readonly summary: string }
    | {
        readonly kind: 'network';
        readonly zones?: readonly [string, string];
        readonly loss: number;
        readonly duplicate: number;
        readonly reorder: number;
        readonly delay?: DurationDistribution;
      }
    | { readonly kind: 'broker-outage'; readonly nodes: readonly string[] }
    | { readonly kind: 'replica-outage'; readonly replica: string; readonly nodes: readonly string[] }
    | { readonly kind: 'site-outage'; readonly site: string }
    | { readonly kind: 'slow-site'; readonly site: string; readonly factor: number }
  );

export type FaultKind = ResolvedFault['kind'];

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

/** Kinds whose targets are down (crashed) while active. */
export const DOWN_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>(['crash', 'broker-outage', 'replica-outage']);

/** One line for the fault timeline. */
export function describeFault(fault: ResolvedFault): string {
  switch (fault.kind) {
    case 'crash':
      return `crash ${fault.nodes.join(', ')}${fault.triggeredBy ? ` (triggered by ${fault.triggeredBy})` : ''}`;
    case 'pause':
      return `pause ${fault.nodes.join(', ')}`;
    case 'slow':
      return `slow ${fault.nodes.join(', ')} ×${fault.factor}`;
    case 'clock-skew':
      return `clock skew ${fault.nodes.join(', ')} ${fault.offsetMs >= 0 ? '+' : '-'}${formatDurationMs(Math.abs(fault.offsetMs))}`;
    case 'partition':
      return `partition ${fault.shape}: ${fault.summary}`;
    case 'network': {
      const parts = [
        fault.loss > 0 ? `loss ${fault.loss}` : '',
        fault.duplicate > 0 ? `duplicate ${fault.duplicate}` : '',
        fault.reorder > 0 ? `reorder ${fault.reorder}` : '',
        fault.delay ? 'delay' : '',
      ].filter(Boolean);
      return `network ${fault.zones ? fault.zones.join('↔') : 'everywhere'}: ${parts.join(', ') || 'no change'}`;
    }
    case 'broker-outage':
      return 'broker outage';
    case 'replica-outage':
      return `store replica ${fault.replica} down`;
    case 'site-outage':
      return `site ${fault.site} down`;
    case 'slow-site':
      return `site ${fault.site} slow ×${fault.factor}`;
  }
}

export function describeTrigger(trigger: CrashTrigger): string {
  const event = trigger.on === 'point' ? `crash point "${trigger.point ?? ''}"` : `${trigger.on}${trigger.taskKind ? ` of ${trigger.taskKind}` : ''}`;
  const who = trigger.nodes.length > 0 ? trigger.nodes.join(', ') : 'the node where it happens';
  return `crash ${who} after the ${ordinal(trigger.nth)} ${event}, for ${formatDurationMs(trigger.durationMs)}`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
