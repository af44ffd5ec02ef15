/**
 * What an arrival process is. Everything faultline knows about one process lives in one module,
 * `arrivals/<name>.ts`, exporting an `ArrivalProcessModule`; the registry (`arrivals/index.ts`)
 * lists them. The scenario schema (`workload.arrival`), the reference checks, the loader and the
 * resolver reach a process only through this contract and the registry, never by its name.
 *
 * A scenario writes a process as an object with one field, the process's name
 * (`{ every: 5m }`, `{ poisson: { mean: 5m } }`): that field tells the processes apart.
 */
import type { z } from 'zod';

/**
 * What drawing arrival times needs: the run's seed (for the process's named streams), the first arrival, how many jobs.
 */
export interface ArrivalDraw {
  readonly seed: number;
  /** `workload.start`: the time of the first arrival (an arrival file's offsets count from it). */
  readonly startMs: number;
  /** How many jobs arrive (`workload.jobs`, or as many as the arrival file gives). */
  readonly count: number;
  /** The offsets read from the process's file, when it reads one (`file`). */
  readonly fromFile: readonly number[] | undefined;
}

/** When the last job arrives, and how that comes about in words (for the error when it falls past the fault phase). */
export interface LastArrival {
  readonly atMs: number;
  readonly what: string;
}

/**
 * One arrival process. `Spec` is `workload.arrival` of the process as parsed, `Input` as written.
 * The hooks are methods, not function-valued properties, so that a module of any process is also
 * an `ArrivalProcessModule` (the registry's type).
 */
export interface ArrivalProcessModule<Spec extends object = object, Input = unknown> {
  /** The one field a scenario writes in `workload.arrival` (`every`, `poisson`…); the key of the registry. */
  readonly name: string;
  /**
   * The scenario schema: a strict object whose one field is `name`, its fields described for the scenario reference.
   */
  readonly schema: z.ZodType<Spec, Input>;
  /** How a scenario writes it, for the description of `workload.arrival` (`{ every: 5m }`). */
  readonly example: string;
  /** Its fields, for the error that lists the processes (`{ bursts: { size, every, spread } }`). */
  readonly shape: string;
  /** The arrival times of `draw.count` jobs, in order, drawn from the seed's named streams (the process's own). */
  times(spec: Spec, draw: ArrivalDraw): number[];
  /**
   * When the last of `count` jobs arrives (expected, for a random process); undefined when it cannot be told from the
   * scenario alone (a file).
   */
  lastArrival(spec: Spec, startMs: number, count: number): LastArrival | undefined;
  /**
   * The file the arrival times come from, relative to the file that names it (the loader reads it and
   * checks it; it gives the number of jobs, so `workload.jobs` may be left out). Absent: the
   * process draws its times itself, and `workload.jobs` is required.
   */
  file?(spec: Spec): string;
}

/** The module type of a process whose scenario schema is `S`. */
export type ArrivalProcessOf<S extends z.ZodType<object>> = ArrivalProcessModule<z.output<S>, z.input<S>>;
