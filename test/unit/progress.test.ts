/**
 * The progress display off a terminal: a line when a strategy starts, then at least every 30 s of wall time, with true
 * counts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressDisplay, QUIET_LINE_EVERY_MS } from '../../cli/render/progress.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const config = configFromYaml(scenarioYaml());

afterEach(() => vi.restoreAllMocks());

describe('ProgressDisplay without a terminal', () => {
  it('says which strategy of how many, then prints simulated time, jobs of the scenario’s jobs and the time left every 30 s', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk) => void written.push(String(chunk)) as unknown as boolean,
    );
    let nowMs = 1_000_000;
    const display = new ProgressDisplay(false, () => nowMs);
    display.start('stateful', config, 1, 5);
    expect(written).toEqual([`running stateful (2/5): ${config.workload.jobs.length} jobs over 3h1m simulated\n`]);
    const endMs = config.phases.endMs;
    nowMs += QUIET_LINE_EVERY_MS - 1;
    display.update({ nowMs: endMs / 4, jobsTotal: config.workload.jobs.length, jobsCompleted: 3, activeFaults: [] });
    expect(written).toHaveLength(1);
    nowMs += 1;
    display.update({
      nowMs: endMs / 4,
      jobsTotal: config.workload.jobs.length,
      jobsCompleted: 3,
      activeFaults: ['crash n1'],
    });
    expect(written).toHaveLength(2);
    // A quarter of the run took 30 s: three quarters are left, about 90 s.
    expect(written[1]).toBe(
      `  stateful (2/5): 0:45:15 of 3:01:00 simulated (25%), jobs 3/${config.workload.jobs.length}, about 1m30s left; faults: crash n1\n`,
    );
    display.stop();
  });
});
