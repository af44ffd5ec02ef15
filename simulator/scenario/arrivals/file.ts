/**
 * `file`: arrival offsets read from a file, one a line, relative to `workload.start`. The loader
 * reads and checks the file (`scenario/load.ts`), which also gives the number of jobs; the
 * resolver only sorts the offsets into times.
 */
import { z } from 'zod';
import type { ArrivalProcessOf } from './process.js';

const schema = z.strictObject({
  file: z
    .string()
    .min(1)
    .describe(
      'File of arrival times (one duration per line, relative to the file that names it: the scenario, or the base it extends).',
    ),
});

export const file: ArrivalProcessOf<typeof schema> = {
  name: 'file',
  schema,
  example: '{ file: arrivals.txt }',
  shape: '{ file }',
  times: (_spec, draw) => [...(draw.fromFile ?? [])].map((offsetMs) => draw.startMs + offsetMs).sort((a, b) => a - b),
  /** Unknown until the file is read: the loader checks the file's last arrival itself. */
  lastArrival: () => undefined,
  file: (spec) => spec.file,
};
