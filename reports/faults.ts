/**
 * The faults and phases a report marks on its time axes. Fault windows come from the checkers'
 * per-strategy findings (`checks.recovery.faults`, from the history's nemesis records), not from
 * config.json alone, because crash triggers add faults during a run — at different instants,
 * or not at all, under different strategies. config.json, when present, adds the phase
 * boundaries and the crash triggers.
 */
import { findFaultKind } from '../simulator/scenario/faults/kinds/index.js';
import { describeTrigger } from '../simulator/scenario/faults/types.js';
import type { ReportInput } from './input.js';

export interface ReportFault {
  /** `f1`…, or a crash trigger's id. */
  readonly id: string;
  readonly kind: string;
  /** What it did to what (`crash n2`, `partition zones: z1 | z2`). */
  readonly description: string;
  readonly startMs: number;
  /** End of the window, exclusive (its stop record, else the heal). */
  readonly endMs: number;
  /** The strategies whose run recorded this window (all of them for a scheduled fault). */
  readonly strategies: readonly string[];
}

export interface PhaseMarker {
  readonly atMs: number;
  readonly label: string;
}

export interface ReportTrigger {
  readonly id: string;
  readonly description: string;
  /** The strategies under which it fired. */
  readonly firedIn: readonly string[];
}

/** Every fault window of the run, one entry per distinct (id, start, end), in order of start then id. */
export function reportFaults({ results }: ReportInput): ReportFault[] {
  const byKey = new Map<string, { fault: Omit<ReportFault, 'strategies'>; strategies: string[] }>();
  for (const strategy of results.strategies) {
    for (const fault of strategy.checks.recovery.faults) {
      const key = `${fault.fault}\u0000${fault.startMs}\u0000${fault.endMs}`;
      const entry = byKey.get(key);
      if (entry) {
        entry.strategies.push(strategy.name);
        continue;
      }
      byKey.set(key, {
        fault: {
          id: fault.fault,
          kind: fault.kind,
          description: fault.target,
          startMs: fault.startMs,
          endMs: fault.endMs,
        },
        strategies: [strategy.name],
      });
    }
  }
  return [...byKey.values()]
    .map(({ fault, strategies }) => ({ ...fault, strategies }))
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The phase boundaries after the start (heal, final reads); none without config.json. */
export function phaseMarkers({ config }: ReportInput): PhaseMarker[] {
  if (!config) return [];
  return [
    { atMs: config.phases.faultEndMs, label: 'heal · convergence' },
    { atMs: config.phases.convergeEndMs, label: 'final reads' },
  ];
}

/** The scenario's crash triggers and the strategies under which each fired (a window with its id). */
export function reportTriggers(input: ReportInput): ReportTrigger[] {
  const faults = reportFaults(input);
  return (input.config?.crashTriggers ?? []).map((trigger) => ({
    id: trigger.id,
    description: describeTrigger(trigger),
    firedIn: [...new Set(faults.filter((fault) => fault.id === trigger.id).flatMap((fault) => fault.strategies))],
  }));
}

/**
 * Fill colour of a fault kind's windows (shading and timeline bars): its module's, grey for a kind the registry does
 * not hold.
 */
export function faultColor(kind: string, alpha: number): string {
  return `rgba(${findFaultKind(kind)?.report.color ?? '128, 128, 128'}, ${alpha})`;
}
