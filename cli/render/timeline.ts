/**
 * The resolved timeline as the terminal shows it: faults (start → end) and membership changes
 * (a node joins, a node leaves for good) in time order, then the crash triggers, which happen
 * on an event rather than at a time. `faultline validate --timeline` prints it.
 */
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import { describeFault, describeTrigger } from '../../simulator/scenario/faults/types.js';
import { formatClockMs } from '../../simulator/base/time.js';

/** Width of the "when" column: a window `0:40:00 → 1:20:00`. */
const WHEN_WIDTH = 17;

interface TimelineLine {
  readonly atMs: number;
  readonly text: string;
}

function faultLines(config: ResolvedConfig): TimelineLine[] {
  return config.faults.map((fault) => ({
    atMs: fault.startMs,
    text: `${`${formatClockMs(fault.startMs)} → ${formatClockMs(fault.endMs)}`.padEnd(WHEN_WIDTH)}  ${describeFault(fault)} (${fault.id})`,
  }));
}

function membershipLines(config: ResolvedConfig): TimelineLine[] {
  return config.nodes.flatMap((node) => [
    ...(node.joinAtMs === undefined
      ? []
      : [
          {
            atMs: node.joinAtMs,
            text: `${formatClockMs(node.joinAtMs).padEnd(WHEN_WIDTH)}  ${node.id} joins (${node.zone})`,
          },
        ]),
    ...(node.leaveAtMs === undefined
      ? []
      : [
          {
            atMs: node.leaveAtMs,
            text: `${formatClockMs(node.leaveAtMs).padEnd(WHEN_WIDTH)}  ${node.id} leaves for good (${node.zone})`,
          },
        ]),
  ]);
}

/** One line per fault, join, leave and crash trigger; empty when the run has none. */
export function renderTimeline(config: ResolvedConfig): string[] {
  const timed = [...faultLines(config), ...membershipLines(config)].sort((left, right) => left.atMs - right.atMs);
  const triggered = config.crashTriggers.map(
    (trigger) => `${'on an event'.padEnd(WHEN_WIDTH)}  ${describeTrigger(trigger)} (${trigger.id})`,
  );
  return [...timed.map((line) => line.text), ...triggered];
}
