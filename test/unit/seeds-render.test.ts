/**
 * The terminal output of `faultline run --seeds` on the multi-seed fixture (seeds 5–8, 5
 * strategies): the table of means, the paired differences, the verdict naming the seeds.
 */
import { describe, expect, it } from 'vitest';
import { renderPairedDifferences, renderSeedsStatistics, renderSeedsVerdict } from '../../cli/render/seeds.js';
import { seedsFixture } from '../helpers/report-fixture.js';

/** The cells of every table row, trimmed. */
const cells = (table: string) =>
  table
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) =>
      line
        .split('│')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe('terminal tables of four seeds (5–8, 5 strategies)', () => {
  const summary = seedsFixture();

  it('means: a row per metric, mean ± 95% CI half-width [min–max] per strategy, marked with its caveat; which interval, and the caveats, below', () => {
    const text = renderSeedsStatistics(summary, false);
    const rows = cells(text);
    expect(rows[0]).toEqual([
      'mean, 95% CI [min–max], 4 seeds',
      'stateful',
      'stateful-volatile',
      'stateless',
      'hybrid',
      'canary-2017',
    ]);
    expect(rows.find((row) => row[0] === 'jobs lost')).toEqual([
      'jobs lost',
      '0 ± 0 †1 [0]',
      '0 ± 0 †1 [0]',
      '0 ± 0 †1 [0]',
      '0 ± 0 †1 [0]',
      '4.75 ± 1.52 [4–6]',
    ]);
    expect(rows.find((row) => row[0] === 'ok during faults')?.[1]).toBe('50.0% ± 6.1 pp [46.7%–53.3%]');
    expect(rows.find((row) => row[0] === 'job latency p99')?.[3]).toBe('32m10s ± 3m4s [29m55s–34m24s]');
    expect(rows).toHaveLength(1 + summary.metrics.length);
    // Four seeds: t everywhere (BCa needs 8).
    expect(text.split('\n').slice(-2)).toEqual([
      '95% CI: Student’s t (± its half-width).',
      '†1 the same on all 4 seeds: an interval of width 0, yet an outcome on as many as 53% of seeds would miss all 4 one time in 20',
    ]);
  });

  it('a BCa interval: −below/+above, the legend naming it, a caveat marked beside the number', () => {
    const skewed = structuredClone(summary) as unknown as {
      metrics: { key: string; strategies: Record<string, unknown>[]; differences: Record<string, unknown>[] }[];
    };
    const p99 = skewed.metrics.find((metric) => metric.key === 'jobLatencyP99');
    Object.assign(p99?.strategies[2] ?? {}, {
      n: 8,
      mean: 1_930_000,
      ciLow: 1_800_000,
      ciHigh: 2_150_000,
      interval: 'bca',
      coverageNote: null,
    });
    Object.assign(p99?.differences[1] ?? {}, {
      ciLow: -1_700_000,
      ciHigh: -1_200_000,
      interval: 'bca',
      coverageNote:
        'a few of 8 seeds lie far from the rest: such intervals held well under 95% until the seeds were many',
    });
    const text = renderSeedsStatistics(skewed as unknown as typeof summary, false);
    expect(cells(text).find((row) => row[0] === 'job latency p99')?.[3]).toBe('32m10s −2m10s/+3m40s [29m55s–34m24s]');
    expect(text).toContain(
      '95% CI: Student’s t (± its half-width), or where a regular sample of 8 or more seeds was skewed, the BCa bootstrap (bias-corrected and accelerated, widened for small samples; −/+ its ends’ distances from the mean, and marked BCa in a list of intervals).',
    );
    const differences = renderPairedDifferences(skewed as unknown as typeof summary, false);
    expect(
      cells(differences).find((row) => row[1] === 'stateful − stateless' && row[0] === 'job latency p99')?.[3],
    ).toBe('[-28m20s, -20m] BCa †2');
    expect(differences).toContain(
      '†2 a few of 8 seeds lie far from the rest: such intervals held well under 95% until the seeds were many',
    );
  });

  it('paired differences: only pairs that differ on some seed, with what the interval says', () => {
    const text = renderPairedDifferences(summary, false);
    const rows = cells(text);
    expect(rows[0]).toEqual(['metric', 'a − b', 'mean', '95% CI', 'a better', 'b better', 'ties', 'the interval says']);
    expect(rows[1]).toEqual([
      'jobs lost',
      'stateful − canary-2017',
      '-4.75',
      '[-6.27, -3.23]',
      '4 seeds',
      '0 seeds',
      '0',
      'stateful better',
    ]);
    expect(rows.find((row) => row[1] === 'stateful − stateless' && row[3] === '[-3.55, +0.55]')).toEqual([
      'stale status reads',
      'stateful − stateless',
      '-1.5',
      '[-3.55, +0.55]',
      '3 seeds',
      '0 seeds',
      '1',
      'no clear difference',
    ]);
    expect(rows.some((row) => row[1] === 'stateful − stateful-volatile')).toBe(false);
    expect(text).toContain('65 of 120 metric × pair differences are 0 on every seed (not listed).');
  });

  it('verdict: each target missed with the seeds that missed it, and how to replay one', () => {
    const lines = renderSeedsVerdict(summary, false).split('\n');
    expect(lines).toContain('target missed: canary-2017: lostJobs <= 0 on 4 of 4 seeds: 5, 6, 7, 8');
    expect(lines.at(-1)).toBe(
      'seeds that missed a target: 5, 6, 7, 8 (replay one: faultline run test/fixtures/report/scenario.yaml --seed 5)',
    );
    expect(renderSeedsVerdict({ ...summary, verdict: { passed: true, failedSeeds: [] } }, false)).toBe(
      'all targets met on all 4 seeds',
    );
  });
});

describe('terminal output of one seed (--seeds 1): counts in the singular', () => {
  const four = seedsFixture();
  const summary = {
    ...four,
    seeds: four.seeds.slice(0, 1),
    runs: four.runs.filter((run) => run.seed === four.seeds[0]),
  };

  it('says 1 seed, not 1 seeds', () => {
    expect(cells(renderSeedsStatistics(summary, false))[0]?.[0]).toBe('mean, 95% CI [min–max], 1 seed');
    expect(renderSeedsVerdict({ ...summary, verdict: { passed: true, failedSeeds: [] } }, false)).toBe(
      'all targets met on the one seed',
    );
    expect(renderSeedsVerdict(summary, false).split('\n')).toContain(
      'target missed: canary-2017: lostJobs <= 0 on 1 of 1 seed: 5',
    );
  });
});
