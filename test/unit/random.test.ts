import { describe, expect, it } from 'vitest';
import { stream, streamSeed } from '../../simulator/base/random.js';

describe('named random streams', () => {
  it('give the same values for the same seed and key', () => {
    const first = stream(7, 'exec', 'job-1', 'ENV_SETUP', 0);
    const second = stream(7, 'exec', 'job-1', 'ENV_SETUP', 0);
    expect(Array.from({ length: 5 }, () => first.float())).toEqual(Array.from({ length: 5 }, () => second.float()));
  });

  it('differ across keys and seeds', () => {
    const base = stream(7, 'exec', 'job-1').float();
    expect(stream(7, 'exec', 'job-2').float()).not.toBe(base);
    expect(stream(8, 'exec', 'job-1').float()).not.toBe(base);
    // The key parts are separated: ['a', 'bc'] is not ['ab', 'c'].
    expect(streamSeed(7, ['a', 'bc'])).not.toBe(streamSeed(7, ['ab', 'c']));
  });

  it('draw uniform floats in [0, 1) with a plausible mean (seed=7)', () => {
    const random = stream(7, 'mean-check');
    const values = Array.from({ length: 10_000 }, () => random.float());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('draw exponentials with the requested mean (seed=7)', () => {
    const random = stream(7, 'exponential-check');
    const values = Array.from({ length: 20_000 }, () => random.exponential(100));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(95);
    expect(mean).toBeLessThan(105);
  });
});
