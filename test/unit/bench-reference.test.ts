/**
 * The benchmark's reference scenario: the committed bench/reference.yaml is what the generator
 * makes for 500 jobs, and the generator's scenarios at the scaling sizes are valid, keep the
 * arrival rate and stretch the fault phase with the job count.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceScenario, referenceScenarioYaml } from '../../bench/reference-scenario.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';

describe('bench reference scenario', () => {
  it('bench/reference.yaml is the generator’s 500-job scenario', () => {
    expect(readFileSync('bench/reference.yaml', 'utf8')).toBe(referenceScenarioYaml(500));
  });

  it.each([100, 500, 1000, 5000])(
    '%i jobs: valid, with a fault cycle per 8 hours and the same arrival rate',
    (jobs) => {
      const file = `reference-${jobs}.yaml`;
      const config = resolveScenario(parseScenarioText(file, referenceScenarioYaml(jobs)), { file });
      expect(config.workload.jobs).toHaveLength(jobs);
      const days = jobs / 500;
      expect(config.phases.faultEndMs).toBe(Math.round(days * 24 * 3_600_000));
      expect((referenceScenario(jobs).faults as unknown[]).length).toBe(3 * Math.floor(days * 3));
      // Poisson arrivals at 500 a day: the last arrival lies within a few percent of the end of the fault phase.
      const lastArrivalMs = Math.max(...config.workload.jobs.map((job) => job.arrivalMs));
      expect(lastArrivalMs / config.phases.faultEndMs).toBeGreaterThan(jobs >= 500 ? 0.85 : 0.7);
      expect(lastArrivalMs / config.phases.faultEndMs).toBeLessThan(jobs >= 500 ? 1.15 : 1.3);
    },
  );
});
