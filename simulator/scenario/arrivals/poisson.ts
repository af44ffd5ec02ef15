/** `poisson`: exponential gaps of a given mean, drawn from the seed's `arrivals` stream. */
import { z } from 'zod';
import { stream } from '../../base/random.js';
import { formatDurationMs } from '../../base/time.js';
import { countOf } from '../../base/words.js';
import { positiveDuration } from '../fields.js';
import type { ArrivalProcessOf } from './process.js';

const schema = z.strictObject({
  poisson: z
    .strictObject({ mean: positiveDuration.describe('Mean gap between two arrivals.') })
    .describe('Poisson arrivals: exponential gaps drawn from the seed.'),
});

export const poisson: ArrivalProcessOf<typeof schema> = {
  name: 'poisson',
  schema,
  example: '{ poisson: { mean: 5m } }',
  shape: '{ poisson: { mean } }',
  times(spec, draw) {
    const random = stream(draw.seed, 'arrivals');
    const times: number[] = [];
    let atMs = draw.startMs;
    for (let index = 0; index < draw.count; index++) {
      if (index > 0) atMs += Math.round(random.exponential(spec.poisson.mean));
      times.push(atMs);
    }
    return times;
  },
  /** The expected last arrival: the gaps' mean times their number. */
  lastArrival(spec, startMs, count) {
    const atMs = startMs + (count - 1) * spec.poisson.mean;
    return {
      atMs,
      what: `the expected last of ${countOf(count, 'arrival')} ${formatDurationMs(spec.poisson.mean)} apart comes at ${formatDurationMs(atMs)}`,
    };
  },
};
