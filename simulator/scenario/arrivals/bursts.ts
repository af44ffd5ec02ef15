/**
 * `bursts`: `size` jobs every `every`, each burst's arrivals spread uniformly over `spread` on
 * whole milliseconds, drawn from the seed's `burst` stream of that burst (so one burst's draws do
 * not move another's).
 */
import { z } from 'zod';
import { stream } from '../../base/random.js';
import { formatDurationMs } from '../../base/time.js';
import { countOf } from '../../base/words.js';
import { nonNegativeDuration, positiveDuration, positiveInt } from '../fields.js';
import type { ArrivalProcessOf } from './process.js';

const schema = z.strictObject({
  bursts: z
    .strictObject({
      size: positiveInt.describe('Jobs per burst.'),
      every: positiveDuration.describe('Gap between two bursts.'),
      spread: nonNegativeDuration.default(0).describe('Arrivals of one burst are spread uniformly over this window.'),
    })
    .describe('Bursts of arrivals at a fixed interval.'),
});

export const bursts: ArrivalProcessOf<typeof schema> = {
  name: 'bursts',
  schema,
  example: '{ bursts: { size, every, spread } }',
  shape: '{ bursts: { size, every, spread } }',
  times(spec, draw) {
    const { size, every, spread } = spec.bursts;
    const times: number[] = [];
    for (let burst = 0; times.length < draw.count; burst++) {
      const random = stream(draw.seed, 'burst', burst);
      const offsets = Array.from({ length: size }, () => Math.floor(random.float() * spread)).sort((a, b) => a - b);
      for (const offset of offsets) if (times.length < draw.count) times.push(draw.startMs + burst * every + offset);
    }
    return times;
  },
  lastArrival(spec, startMs, count) {
    const { size, every, spread } = spec.bursts;
    const burstCount = Math.ceil(count / size);
    const lastBurstMs = startMs + (burstCount - 1) * every;
    const which = `the last of ${countOf(burstCount, 'burst')}`;
    // A burst's arrivals fall in [its start, its start + spread), on whole milliseconds.
    if (spread === 0) return { atMs: lastBurstMs, what: `${which} comes at ${formatDurationMs(lastBurstMs)}` };
    const spreads = `spreads over ${formatDurationMs(spread)}, to ${formatDurationMs(lastBurstMs + spread)}`;
    return {
      atMs: lastBurstMs + spread - 1,
      what: `${which} starts at ${formatDurationMs(lastBurstMs)} and ${spreads}`,
    };
  },
};
