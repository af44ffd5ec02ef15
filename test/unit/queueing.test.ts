/**
 * The closed forms the validation suite holds faultline to (validation/queueing.ts), against
 * values worked out by hand here and textbook tables: a wrong formula there would make
 * docs/validation.md agree with the wrong thing.
 */
import { describe, expect, it } from 'vitest';
import { erlangC, steadyState } from '../../validation/queueing.js';

const MINUTE_MS = 60_000;

describe('queueing closed forms', () => {
  it('Erlang C: M/M/1 waits with probability ρ; M/M/2 at a = 1 with 1/3; M/M/4 at a = 3 with 0.5094 (tables)', () => {
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 12);
    // Σₖ₌₀¹ 1/k! = 2; a²/2!·1/(1 − ½) = 1; C = 1/(2 + 1).
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(4, 3)).toBeCloseTo(0.509434, 6);
  });

  it('Erlang C stays a probability for many servers (no overflow) and is 1 at or above capacity', () => {
    const many = erlangC(500, 480);
    expect(many).toBeGreaterThan(0);
    expect(many).toBeLessThan(1);
    expect(erlangC(4, 4)).toBe(1);
  });

  it('M/M/1 at ρ = 0.6 (arrivals every 10 min, service 6 min): Wq = ρ/(μ − λ) = 9 min', () => {
    const state = steadyState({
      arrivalRate: 1 / (10 * MINUTE_MS),
      meanServiceMs: 6 * MINUTE_MS,
      servers: 1,
      service: 'exponential',
    });
    expect(state.utilisation).toBeCloseTo(0.6, 12);
    expect(state.waitProbability).toBeCloseTo(0.6, 12);
    expect(state.meanQueueWaitMs).toBeCloseTo(9 * MINUTE_MS, 6);
  });

  it('M/D/1 at ρ = 0.6: Pollaczek–Khinchine gives half the M/M/1 wait, 4.5 min', () => {
    const state = steadyState({
      arrivalRate: 1 / (10 * MINUTE_MS),
      meanServiceMs: 6 * MINUTE_MS,
      servers: 1,
      service: 'deterministic',
    });
    expect(state.meanQueueWaitMs).toBeCloseTo(4.5 * MINUTE_MS, 6);
    expect(state.waitProbability).toBeCloseTo(0.6, 12);
  });

  it('overload: utilisation 1, throughput the capacity c/E[S], no steady wait', () => {
    const state = steadyState({
      arrivalRate: 1 / 100_000,
      meanServiceMs: 10 * MINUTE_MS,
      servers: 4,
      service: 'exponential',
    });
    expect(state).toEqual({
      utilisation: 1,
      waitProbability: 1,
      meanQueueWaitMs: null,
      throughputPerMs: 4 / (10 * MINUTE_MS),
    });
  });
});
