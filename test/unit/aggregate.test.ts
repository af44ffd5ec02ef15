/**
 * Statistics over seeds (results/aggregate.ts) on literal samples, each checked against a hand
 * calculation: mean, sample standard deviation, the 95% interval of the mean with Student's t
 * from a printed table, the BCa bootstrap interval against an independent implementation
 * (SciPy's), which interval a sample gets and its caveat, paired differences with who won; then
 * a whole summary of four varied seeds of the report fixture.
 */
import { describe, expect, it } from 'vitest';
import {
  bcaInterval,
  chooseInterval,
  coverageCaveat,
  describeSample,
  MIN_BCA_VALUES,
  normalCdf,
  normalQuantile,
  pairedDifference,
  sampleShape,
  SUMMARY_METRIC_KEYS,
  summarizeSeeds,
  tCritical,
  tInterval,
} from '../../results/aggregate.js';
import { defaultParallelSeeds, runPool, seedRange } from '../../runner/seeds.js';
import {
  describeReading,
  formatInterval,
  formatMean,
  formatRange,
  formatSigned,
  readDifference,
} from '../../reports/seeds-format.js';
import { seedsFixtureResults } from '../helpers/report-fixture.js';

describe('tCritical: the two-sided 95% quantile of Student’s t', () => {
  it.each([
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [19, 2.093],
    [30, 2.042],
  ])('with %i degrees of freedom is %f (as printed in t tables)', (degrees, printed) => {
    expect(tCritical(degrees)).toBeCloseTo(printed, 3);
  });
});

describe('describeSample', () => {
  it('1, 2, 3, 4, 5: mean 3, sd √2.5, 95% CI 3 ± 2.776·√2.5/√5 = [1.0368, 4.9632]', () => {
    const spread = describeSample([1, 2, 3, 4, 5]);
    expect(spread).toMatchObject({ n: 5, mean: 3, min: 1, max: 5 });
    expect(spread.sd).toBeCloseTo(1.581139, 6);
    // 2.776445 × 1.581139 / 2.236068 = 1.963243
    expect(spread.ciLow).toBeCloseTo(1.036757, 5);
    expect(spread.ciHigh).toBeCloseTo(4.963243, 5);
  });

  it('under 8 values the interval is t, with no caveat on a sample like this one', () => {
    expect(describeSample([1, 2, 3, 4, 5])).toMatchObject({ interval: 't', coverageNote: null });
  });

  it('a constant sample has sd 0, an interval of width 0, and a caveat saying what it cannot see', () => {
    expect(describeSample([4, 4, 4])).toEqual({
      n: 3,
      mean: 4,
      sd: 0,
      min: 4,
      max: 4,
      ciLow: 4,
      ciHigh: 4,
      interval: 't',
      coverageNote:
        'the same on all 3 seeds: an interval of width 0, yet an outcome on as many as 63% of seeds would miss all 3 one time in 20',
    });
    // 1 − 0.05^(1/30) = 9.5%: the rule of three's 3/30, exactly.
    expect(describeSample(Array.from({ length: 30 }, () => 0)).coverageNote).toBe(
      'the same on all 30 seeds: an interval of width 0, yet an outcome on as many as 10% of seeds would miss all 30 one time in 20',
    );
  });

  it('one value: a mean, no spread and no interval; none: nothing', () => {
    expect(describeSample([7])).toEqual({
      n: 1,
      mean: 7,
      sd: null,
      min: 7,
      max: 7,
      ciLow: null,
      ciHigh: null,
      interval: null,
      coverageNote: null,
    });
    expect(describeSample([])).toEqual({
      n: 0,
      mean: null,
      sd: null,
      min: null,
      max: null,
      ciLow: null,
      ciHigh: null,
      interval: null,
      coverageNote: null,
    });
  });

  it('from 8 regular, skewed values the interval is BCa, expanded: the same ends as bcaInterval gives', () => {
    const latencies = [31, 35, 36, 38, 41, 44, 52, 75];
    const spread = describeSample(latencies);
    const bca = bcaInterval(latencies, { expanded: true });
    expect(spread).toMatchObject({ n: 8, interval: 'bca', coverageNote: null, ciLow: bca?.low, ciHigh: bca?.high });
  });
});

describe('the normal distribution BCa works in', () => {
  it('Φ and Φ⁻¹ agree with printed tables', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(1.25e-4)).toBeCloseTo(-3.662259, 4);
  });
});

/**
 * The treatment group of Efron and Tibshirani's mouse data (An Introduction to the Bootstrap, table 2.1): survival in
 * days.
 */
const MICE = [94, 197, 16, 38, 99, 141, 23];
/** A sample skewed to the right, like a tail latency over seeds. */
const SKEWED = [1, 1, 2, 2, 3, 4, 6, 9, 15, 40];

describe('bcaInterval: the bias-corrected and accelerated bootstrap', () => {
  // SciPy 1.17 `scipy.stats.bootstrap((x,), np.mean, method='BCa', n_resamples=200_000)`, the
  // mean of 5 random states: mice [46.49, 138.40] (their spread 0.11 and 0.23), skewed [3.70, 20.58].
  it('agrees with an independent implementation (SciPy) to within the resampling error', () => {
    const mice = bcaInterval(MICE, { resamples: 200_000 });
    expect(mice?.low).toBeCloseTo(46.49, -0.3);
    expect(mice?.high).toBeCloseTo(138.4, -0.3);
    const skewed = bcaInterval(SKEWED, { resamples: 200_000 });
    expect(skewed?.low).toBeCloseTo(3.7, 0);
    expect(skewed?.high).toBeCloseTo(20.58, 0);
    // With the summary's 4,000 resamples the ends move by about one standard error (1.1 days here).
    const fewer = bcaInterval(MICE);
    expect(Math.abs((fewer?.low ?? 0) - 46.49)).toBeLessThan(3);
    expect(Math.abs((fewer?.high ?? 0) - 138.4)).toBeLessThan(3);
  });

  it('holds the mean, and on a right-skewed sample reaches further above it than below, where t is symmetric', () => {
    const mean = SKEWED.reduce((sum, value) => sum + value, 0) / SKEWED.length;
    for (const interval of [bcaInterval(SKEWED), bcaInterval(SKEWED, { expanded: true })]) {
      expect(interval?.low).toBeLessThan(mean);
      expect(interval?.high).toBeGreaterThan(mean);
      expect((interval?.high ?? 0) - mean).toBeGreaterThan(2 * (mean - (interval?.low ?? 0)));
      // Never outside the values: t's low end here is below 0, under every value.
      expect(interval?.low).toBeGreaterThanOrEqual(1);
    }
    const t = tInterval(SKEWED);
    expect((t?.high ?? 0) - mean).toBeCloseTo(mean - (t?.low ?? 0), 9);
    expect(t?.low).toBeLessThan(0);
  });

  it('is deterministic: the same values give the same interval, call after call', () => {
    expect(bcaInterval(MICE)).toEqual(bcaInterval([...MICE]));
    expect(bcaInterval(SKEWED, { expanded: true })).toEqual(bcaInterval(SKEWED, { expanded: true }));
  });

  it('expanded for small samples: on a symmetric sample of 8 as wide as t, where the plain one is about a fifth narrower', () => {
    const symmetric = [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5];
    const width = (interval: { low: number; high: number } | null) =>
      interval ? interval.high - interval.low : Number.NaN;
    const t = width(tInterval(symmetric));
    expect(width(bcaInterval(symmetric, { expanded: true })) / t).toBeGreaterThan(0.93);
    expect(width(bcaInterval(symmetric, { expanded: true })) / t).toBeLessThan(1.07);
    expect(width(bcaInterval(symmetric)) / t).toBeLessThan(0.85);
  });

  it('degenerate samples: none below two values, width 0 when all are equal, within the values for two', () => {
    expect(bcaInterval([])).toBeNull();
    expect(bcaInterval([3])).toBeNull();
    expect(bcaInterval([5, 5, 5, 5, 5, 5, 5, 5])).toEqual({ low: 5, high: 5 });
    const two = bcaInterval([1, 2]);
    expect(two?.low).toBeGreaterThanOrEqual(1);
    expect(two?.high).toBeLessThanOrEqual(2);
    expect(two?.low).toBeLessThan(two?.high ?? 0);
    // Mostly 0 with one 1: finite, within [0, 1], holding the mean 1/8.
    const rare = bcaInterval([0, 0, 0, 0, 0, 0, 0, 1], { expanded: true });
    expect(rare?.low).toBeGreaterThanOrEqual(0);
    expect(rare?.high).toBeLessThanOrEqual(1);
    expect(rare?.low).toBeLessThanOrEqual(0.125);
    expect(rare?.high).toBeGreaterThanOrEqual(0.125);
  });
});

describe('which interval a sample gets, and its caveat', () => {
  it('none below two values; t below 8; from 8, BCa when the sample is regular and skewed, t when it is about symmetric', () => {
    expect(MIN_BCA_VALUES).toBe(8);
    expect(chooseInterval([1])).toBeNull();
    expect(chooseInterval([1, 2, 3, 4, 6, 15, 40])).toBe('t');
    expect(chooseInterval([31, 35, 36, 38, 41, 44, 52, 75])).toBe('bca');
    expect(chooseInterval([1, 2, 3, 4, 5, 6, 7, 8])).toBe('t');
    expect(describeSample([1, 2, 3, 4, 5, 6, 7, 8])).toMatchObject({ interval: 't', coverageNote: null });
  });

  it('t, with a caveat, for samples whose shape BCa closes round one value: constant, rare, spiky', () => {
    const constant = [0, 0, 0, 0, 0, 0, 0, 0];
    const rare = [0, 0, 0, 0, 0, 0, 2, 5];
    const spiky = [0, 0.1, -0.1, 0, 0.2, -0.2, 0, 0.1, -0.1, 0, -300, 250];
    expect([constant, rare, spiky, SKEWED].map(sampleShape)).toEqual(['constant', 'rare', 'spiky', 'regular']);
    expect([constant, rare, spiky].map(chooseInterval)).toEqual(['t', 't', 't']);
    expect(coverageCaveat(rare)).toEqual({
      kind: 'rare',
      note: 'all but 2 of 8 seeds have one value: too few others to place the mean, and such intervals held far less than 95%',
    });
    // Two of four off the common value is half the seeds, not a rare outcome.
    expect(sampleShape([4, 5, 4, 6])).toBe('regular');
    expect(coverageCaveat(spiky)?.kind).toBe('spiky');
    expect(coverageCaveat(SKEWED)).toBeNull();
  });

  it('a skewed sample of fewer than 8 gets t with a caveat', () => {
    expect(coverageCaveat([1, 2, 3, 4, 6, 15])).toEqual({
      kind: 'skewed',
      note: 'skewed over only 6 seeds: such t intervals held about 90%, not 95%',
    });
    expect(coverageCaveat([1, 2, 3, 4, 5, 6])).toBeNull();
  });
});

describe('pairedDifference', () => {
  it('a = 1, 2, 3, 4, 5 against b = 2, 2, 5, 4, 9 (lower is better): a − b = -1, 0, -2, 0, -4', () => {
    const difference = pairedDifference('a', 'b', [1, 2, 3, 4, 5], [2, 2, 5, 4, 9], 'lower');
    expect(difference).toMatchObject({
      a: 'a',
      b: 'b',
      n: 5,
      mean: -1.4,
      min: -4,
      max: 0,
      aBetter: 3,
      bBetter: 0,
      ties: 2,
    });
    // sd = √(11.2 / 4) = √2.8; half-width 2.776445 × 1.673320 / √5 = 2.077701
    expect(difference.sd).toBeCloseTo(1.67332, 5);
    expect(difference.ciLow).toBeCloseTo(-3.477701, 5);
    expect(difference.ciHigh).toBeCloseTo(0.677701, 5);
    expect(describeReading(readDifference({ better: 'lower' }, difference))).toBe('no clear difference');
  });

  it('uses the same intervals: BCa over 8 or more regular differences, with the bootstrap of the differences themselves', () => {
    const a = [40, 42, 45, 47, 50, 58, 66, 90];
    const b = [39, 43, 41, 45, 44, 50, 52, 61];
    const differences = a.map((value, index) => value - (b[index] as number));
    const difference = pairedDifference('a', 'b', a, b, 'lower');
    const bca = bcaInterval(differences, { expanded: true });
    expect(difference).toMatchObject({ n: 8, interval: 'bca', coverageNote: null, ciLow: bca?.low, ciHigh: bca?.high });
    // The differences 1, -1, 4, 2, 6, 8, 14, 29 are skewed to the right: so is their interval.
    expect((difference.ciHigh ?? 0) - (difference.mean ?? 0)).toBeGreaterThan(
      (difference.mean ?? 0) - (difference.ciLow ?? 0),
    );
    expect(describeSample(differences)).toMatchObject({ ciLow: difference.ciLow, ciHigh: difference.ciHigh });
  });

  it('counts wins by the metric’s direction, and pairs only seeds where both were measured', () => {
    const higher = pairedDifference('a', 'b', [0.9, null, 0.8, 0.7], [0.8, 0.5, null, 0.6], 'higher');
    expect(higher).toMatchObject({ n: 2, aBetter: 2, bBetter: 0, ties: 0 });
    expect(higher.mean).toBeCloseTo(0.1, 12);
    expect(describeReading(readDifference({ better: 'higher' }, higher))).toBe('a better');
    const lowerIsBetter = pairedDifference('a', 'b', [5, 6, 7], [1, 2, 3], 'lower');
    expect(lowerIsBetter).toMatchObject({ mean: 4, sd: 0, ciLow: 4, ciHigh: 4, aBetter: 0, bBetter: 3 });
    expect(describeReading(readDifference({ better: 'lower' }, lowerIsBetter))).toBe('b better');
    expect(
      describeReading(readDifference({ better: 'lower' }, pairedDifference('a', 'b', [1, 1], [1, 1], 'lower'))),
    ).toBe('equal on every seed');
    expect(describeReading(readDifference({ better: 'lower' }, pairedDifference('a', 'b', [1], [2], 'lower')))).toBe(
      'too few seeds',
    );
  });
});

describe('summarizeSeeds on four seeds of the report fixture (5–8, 5 strategies)', () => {
  const runs = seedsFixtureResults();
  const names = runs[0]?.strategies.map((strategy) => strategy.name) ?? [];
  const summary = summarizeSeeds(
    runs.map((results) => ({ seed: results.seed, folder: `seed-${results.seed}`, results })),
    names,
  );
  const metric = (key: string) => summary.metrics.find((entry) => entry.key === key);
  const of = (key: string, strategy: string) => metric(key)?.strategies.find((entry) => entry.strategy === strategy);

  it('lists the seeds, their verdicts and every summary metric in order', () => {
    expect(summary).toMatchObject({
      formatVersion: 2,
      seeds: [5, 6, 7, 8],
      strategies: names,
      confidence: 0.95,
      verdict: { passed: false, failedSeeds: [5, 6, 7, 8] },
    });
    expect(summary.runs.map((run) => [run.seed, run.folder, run.passed])).toEqual([
      [5, 'seed-5', false],
      [6, 'seed-6', false],
      [7, 'seed-7', false],
      [8, 'seed-8', false],
    ]);
    expect(summary.metrics.map((entry) => entry.key)).toEqual([...SUMMARY_METRIC_KEYS]);
    // 5 strategies: 10 pairs per metric, a before b in the run's order.
    expect(
      metric('jobsLost')
        ?.differences.map((difference) => `${difference.a}/${difference.b}`)
        .slice(0, 4),
    ).toEqual(['stateful/stateful-volatile', 'stateful/stateless', 'stateful/hybrid', 'stateful/canary-2017']);
  });

  it('canary-2017 lost 4, 5, 4, 6 jobs: mean 4.75, sd 0.9574, 95% CI 4.75 ± 3.1824·0.9574/2 = [3.2265, 6.2735]', () => {
    const lost = of('jobsLost', 'canary-2017');
    expect(lost).toMatchObject({ values: [4, 5, 4, 6], n: 4, mean: 4.75, min: 4, max: 6 });
    expect(lost?.sd).toBeCloseTo(0.957427, 6);
    expect(lost?.ciLow).toBeCloseTo(3.22652, 5);
    expect(lost?.ciHigh).toBeCloseTo(6.27348, 5);
  });

  it('stateful − canary-2017 on jobs lost: -4.75 [-6.2735, -3.2265], stateful better on all 4 seeds', () => {
    const difference = metric('jobsLost')?.differences.find(
      (entry) => entry.a === 'stateful' && entry.b === 'canary-2017',
    );
    expect(difference).toMatchObject({ n: 4, mean: -4.75, aBetter: 4, bBetter: 0, ties: 0 });
    expect(difference?.ciLow).toBeCloseTo(-6.27348, 5);
    expect(difference?.ciHigh).toBeCloseTo(-3.22652, 5);
    expect(readDifference({ better: 'lower' }, difference as NonNullable<typeof difference>)).toEqual({
      kind: 'better',
      strategy: 'stateful',
    });
  });

  it('availability during faults is read per seed from the counts (8/15 ok, 7/15 on odd seeds)', () => {
    expect(of('availabilityDuringFaults', 'stateful')?.values).toEqual([7 / 15, 8 / 15, 7 / 15, 8 / 15]);
    expect(of('availabilityDuringFaults', 'stateful')?.mean).toBeCloseTo(0.5, 12);
  });
});

describe('how the statistics are written', () => {
  it('a mean with its half-width, a range, a signed difference, an interval, in the metric’s unit', () => {
    const spread = describeSample([4, 5, 4, 6]);
    expect(formatMean('count', spread)).toBe('4.75 ± 1.52');
    expect(formatRange('count', spread, 4)).toBe('[4–6]');
    expect(formatRange('count', spread, 5)).toBe('[4–6] n=4');
    expect(formatMean('fraction', describeSample([0.5, 0.6]))).toBe('55.0% ± 63.5 pp');
    expect(formatMean('duration', describeSample([60_000, 60_000]))).toBe('1m ± 0s');
    expect(formatMean('count', describeSample([3]))).toBe('3 (n=1)');
    expect(formatMean('count', describeSample([]))).toBe('-');
    expect(formatSigned('duration', -90_000)).toBe('-1m30s');
    expect(formatSigned('fraction', 0.004)).toBe('+0.4 pp');
    expect(formatSigned('count', 0)).toBe('0');
    expect(formatInterval('count', pairedDifference('a', 'b', [1, 2, 3, 4, 5], [2, 2, 5, 4, 9], 'lower'))).toBe(
      '[-3.48, +0.68]',
    );
  });
});

describe('seeds and the pool that runs them', () => {
  it('seeds S … S+K−1, refusing a range past the largest seed', () => {
    expect(seedRange(4, 3)).toEqual([4, 5, 6]);
    expect(() => seedRange(2 ** 31 - 2, 3)).toThrow(
      '--seeds: seeds 2147483646 to 2147483648 pass the largest seed, 2147483647',
    );
    expect(() => seedRange(1, 0)).toThrow('--seeds: expected a positive integer, got 0');
  });

  it('runs one seed per core by default, at least 1 and at most 4', () => {
    expect([1, 2, 3, 8, 64].map((cores) => defaultParallelSeeds(cores))).toEqual([1, 2, 3, 4, 4]);
  });

  it('runs at most `limit` at a time and returns results in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const results = await runPool(
      [30, 10, 20, 5, 15],
      2,
      async (delayMs) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        running--;
        return delayMs * 2;
      },
      () => undefined,
    );
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });

  it('on a failure starts nothing more, says so once, and throws the first error after the others settle', async () => {
    const started: number[] = [];
    let stops = 0;
    let settled = 0;
    const run = runPool(
      [1, 2, 3, 4],
      2,
      async (item) => {
        started.push(item);
        await new Promise((resolve) => setTimeout(resolve, item * 10));
        settled++;
        if (item === 1) throw new Error('seed 1 broke');
        return item;
      },
      () => stops++,
    );
    await expect(run).rejects.toThrow('seed 1 broke');
    expect({ started, stops, settled }).toEqual({ started: [1, 2], stops: 1, settled: 2 });
  });
});
