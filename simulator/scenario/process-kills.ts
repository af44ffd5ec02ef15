/**
 * `processKills`: control-plane faults on faultline's own processes, not on the simulated world. A kill
 * SIGKILLs the Temporal worker process that runs the workflows (`worker-process-kill`) or the Temporal dev
 * server (`server-kill`) at a simulated time, and the Temporal runtime starts it again; the direct runtime
 * ignores them. They are no world faults: they are not in `faults`, the fault-kind registry, the fault
 * timeline, the swarm, explore or the history, and a run with them records what the same run without them
 * records. This module holds their schema, the check that each falls inside the run, and their resolution:
 * each entry's random moments come from a stream of their own (`['process-kills', entry]`), so adding or
 * removing process kills never shifts any other random draw.
 */
import { z } from 'zod';
import { stream } from '../base/random.js';
import { formatDurationMs } from '../base/time.js';
import type { ProcessKillKind, ResolvedProcessKill } from './config.js';
import type { FieldPath } from './errors.js';
import { positiveDuration } from './fields.js';

/** Every kind of process kill, in the order the reference lists them. */
export const PROCESS_KILL_KINDS = ['worker-process-kill', 'server-kill'] as const satisfies readonly ProcessKillKind[];

/** The most random moments one entry may draw. */
export const MAX_RANDOM_PROCESS_KILLS = 100;

const processKillEntry = z
  .strictObject({
    kind: z
      .enum(PROCESS_KILL_KINDS, { error: `expected a process kill kind: ${PROCESS_KILL_KINDS.join(', ')}` })
      .describe(
        '`worker-process-kill`: SIGKILL the Temporal worker process that runs the workflows and start a new one; ' +
          '`server-kill`: SIGKILL the Temporal dev server and restart it on the same database (needs `--server dev`).',
      ),
    at: positiveDuration
      .optional()
      .describe(
        'The simulated time of the kill (from the start of the run); before the end of the run ' +
          '(the fault phase, then `phases.converge`, then `phases.finalReads`).',
      ),
    random: z
      .number({ error: `expected a positive integer, at most ${MAX_RANDOM_PROCESS_KILLS}` })
      .int({ error: `expected a positive integer, at most ${MAX_RANDOM_PROCESS_KILLS}` })
      .positive({ error: `expected a positive integer, at most ${MAX_RANDOM_PROCESS_KILLS}` })
      .max(MAX_RANDOM_PROCESS_KILLS, { error: `expected a positive integer, at most ${MAX_RANDOM_PROCESS_KILLS}` })
      .optional()
      .describe(
        'This many kills, at moments drawn from the seed uniformly over the whole run ' +
          '(from its start to the end of the final reads).',
      ),
  })
  .refine((entry) => (entry.at === undefined) !== (entry.random === undefined), {
    error: 'expected exactly one of `at` or `random`',
  })
  .describe('One kill, or `random` kills, of one kind.');

/** The scenario's `processKills` field. */
export const processKillsSchema = z
  .array(processKillEntry)
  .optional()
  .describe(
    'Control-plane faults on faultline’s own processes, not on the simulated world: kills of the Temporal worker ' +
      'process or of the Temporal dev server. Only the Temporal runtime performs them (the direct runtime ignores ' +
      'them); `server-kill` needs `--server dev`. They are not `faults`: the run’s history, ledger and results are ' +
      'expected to be identical to the same run without them. The kills, the workflow replays and the recovery ' +
      'time are reported under `wall`.',
  );

/** One entry of `processKills`, as parsed. */
export type ProcessKillSpec = z.output<typeof processKillEntry>;

/** What {@link lateProcessKills} reads of a parsed scenario (durations in milliseconds). */
export interface ProcessKillTimes {
  readonly duration: number;
  readonly phases: { readonly converge: number; readonly finalReads: number };
  readonly processKills?: readonly ProcessKillSpec[];
}

/** A process kill at a time the run does not reach. */
export interface LateProcessKill {
  readonly path: FieldPath;
  readonly expected: string;
  /** The time written, as a duration. */
  readonly found: string;
}

/** When the run ends: the fault phase, the convergence budget, the final reads. */
export function runEndMs(scenario: ProcessKillTimes): number {
  return scenario.duration + scenario.phases.converge + scenario.phases.finalReads;
}

/** Each `processKills[i].at` at or after the end of the run; empty when every kill falls inside it. */
export function lateProcessKills(scenario: ProcessKillTimes): LateProcessKill[] {
  const endMs = runEndMs(scenario);
  return (scenario.processKills ?? []).flatMap((entry, index) =>
    entry.at === undefined || entry.at < endMs
      ? []
      : [
          {
            path: ['processKills', index, 'at'],
            expected:
              `expected a time before the end of the run (${formatDurationMs(endMs)}: ` +
              'the fault phase, then phases.converge, then phases.finalReads)',
            found: formatDurationMs(entry.at),
          },
        ],
  );
}

/**
 * The kills of a run, sorted by time (stable: entries in scenario order, each entry's draws in draw order).
 * Entry `i`'s random moments are integers in [1, endMs - 1] drawn from the stream `['process-kills', i]` of the
 * seed. Empty when the scenario has none.
 */
export function resolveProcessKills(
  specs: readonly ProcessKillSpec[] | undefined,
  seed: number,
  endMs: number,
): ResolvedProcessKill[] {
  const kills = (specs ?? []).flatMap((spec, index): ResolvedProcessKill[] => {
    if (spec.at !== undefined) return [{ kind: spec.kind, atMs: spec.at }];
    const random = stream(seed, 'process-kills', index);
    return Array.from({ length: spec.random ?? 0 }, () => ({ kind: spec.kind, atMs: random.int(1, endMs - 1) }));
  });
  return kills.sort((first, second) => first.atMs - second.atMs);
}
