/** `every`: a fixed gap between two arrivals (a deterministic process: no stream is drawn from). */
import { z } from 'zod';
import { formatDurationMs } from '../../base/time.js';
import { countOf } from '../../base/words.js';
import { positiveDuration } from '../fields.js';
import type { ArrivalProcessOf } from './process.js';

const schema = z.strictObject({ every: positiveDuration.describe('Fixed gap between two arrivals.') });

export const every: ArrivalProcessOf<typeof schema> = {
  name: 'every',
  schema,
  example: '{ every: 5m }',
  shape: '{ every }',
  times: (spec, draw) => Array.from({ length: draw.count }, (_, index) => draw.startMs + index * spec.every),
  lastArrival(spec, startMs, count) {
    const atMs = startMs + (count - 1) * spec.every;
    return {
      atMs,
      what: `the last of ${countOf(count, 'arrival')} ${formatDurationMs(spec.every)} apart comes at ${formatDurationMs(atMs)}`,
    };
  },
};
