/** Draws durations from the scenario's distributions. */
import type { RandomStream } from '../base/random.js';
import type { DurationDistribution } from './fields.js';

/** One draw, in whole milliseconds, never below `minimumMs`. */
export function sampleDurationMs(distribution: DurationDistribution, random: RandomStream, minimumMs = 0): number {
  let valueMs: number;
  switch (distribution.kind) {
    case 'fixed':
      valueMs = distribution.valueMs;
      break;
    case 'uniform':
      valueMs = distribution.lowMs + random.float() * (distribution.highMs - distribution.lowMs);
      break;
    case 'exponential':
      valueMs = random.exponential(distribution.meanMs);
      break;
    case 'lognormal':
      valueMs = distribution.medianMs * Math.exp(distribution.sigma * random.normal());
      break;
  }
  return Math.max(minimumMs, Math.round(valueMs));
}

/** The distribution's mean, in milliseconds (for capacity estimates and docs). */
export function meanDurationMs(distribution: DurationDistribution): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.valueMs;
    case 'uniform':
      return (distribution.lowMs + distribution.highMs) / 2;
    case 'exponential':
      return distribution.meanMs;
    case 'lognormal':
      return distribution.medianMs * Math.exp((distribution.sigma * distribution.sigma) / 2);
  }
}
