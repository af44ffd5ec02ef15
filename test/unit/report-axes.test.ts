/**
 * The report's axes, fitted to the data by the report rather than by chart.js: a time axis never
 * runs past the run's end, counts get whole-number ticks, percentages are padded past 0% and
 * 100% but ticked only within them, durations step by round values, and a logarithmic axis
 * keeps columns for 0 and for a missing value.
 */
import { describe, expect, it } from 'vitest';
import {
  countAxis,
  durationAxis,
  logDurationAxis,
  logRateAxis,
  niceStep,
  percentAxis,
  placeOn,
  timeAxis,
} from '../../reports/axes.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('fitted axes', () => {
  it('a time axis runs from 0 to the run’s end exactly, with round ticks inside it', () => {
    const axis = timeAxis(7 * HOUR + MIN);
    expect([axis.min, axis.max]).toEqual([0, 7 * HOUR + MIN]);
    expect(axis.ticks.map((tick) => tick.label)).toEqual([
      '0:00',
      '1:00',
      '2:00',
      '3:00',
      '4:00',
      '5:00',
      '6:00',
      '7:00',
    ]);
    expect(timeAxis(90 * MIN).ticks.map((tick) => tick.label)).toEqual([
      '0:00',
      '0:10',
      '0:20',
      '0:30',
      '0:40',
      '0:50',
      '1:00',
      '1:10',
      '1:20',
      '1:30',
    ]);
  });

  it('a count axis has whole-number ticks from 0 to a round top at or above the largest value', () => {
    expect(countAxis(2).ticks.map((tick) => tick.value)).toEqual([0, 1, 2]);
    expect(countAxis(121, 6).ticks.map((tick) => tick.value)).toEqual([0, 25, 50, 75, 100, 125]);
    for (const largest of [1, 3, 7, 15, 33, 77])
      for (const tick of countAxis(largest, 3).ticks) expect(Number.isInteger(tick.value)).toBe(true);
    expect(niceStep(34, 3)).toBe(20);
  });

  it('a percentage axis is padded past 0% and 100% (a point there is drawn whole) and has no tick outside them', () => {
    const all = percentAxis([1, 1, 1]);
    expect(all.max).toBeGreaterThan(1);
    expect(all.ticks.map((tick) => tick.label)).toEqual([
      '90%',
      '91%',
      '92%',
      '93%',
      '94%',
      '95%',
      '96%',
      '97%',
      '98%',
      '99%',
      '100%',
    ]);
    const wide = percentAxis([0, 0.5, 1]);
    expect(wide.min).toBeLessThan(0);
    expect(wide.ticks[0]?.value).toBe(0);
    expect(wide.ticks[wide.ticks.length - 1]?.value).toBe(1);
    const some = percentAxis([0.7, 0.714, 1]);
    expect(some.ticks[0]?.label).toBe('70%');
  });

  it('a linear duration axis steps by round durations', () => {
    expect(durationAxis(9 * MIN, 58 * MIN).ticks.map((tick) => tick.label)).toEqual([
      '0',
      '10m',
      '20m',
      '30m',
      '40m',
      '50m',
      '1h',
    ]);
  });

  it('a logarithmic duration axis has round decades, a 0 column at its left and a none column at its right', () => {
    const axis = logDurationAxis(26_794, 6_221_347, { zero: true, none: 'never' });
    expect(axis.type).toBe('logarithmic');
    expect(axis.ticks.map((tick) => tick.label)).toEqual(['0', '10s', '1m', '10m', '1h', '10h', 'never']);
    expect(placeOn(axis, 0)).toBe(axis.zeroAt);
    expect(placeOn(axis, null)).toBe(axis.noneAt);
    expect(placeOn(axis, 26_794)).toBe(26_794);
    expect(axis.min).toBeLessThan(axis.zeroAt as number);
    expect(axis.max).toBeGreaterThan(axis.noneAt as number);
    // Few decades: steps between them too.
    expect(logDurationAxis(29_000, 360_000).ticks.map((tick) => tick.label)).toEqual([
      '10s',
      '20s',
      '30s',
      '1m',
      '2m',
      '5m',
      '10m',
    ]);
  });

  it('a logarithmic rate axis has decades around the values, and 0 a row below them when asked', () => {
    expect(logRateAxis(0.5, 0.5, false).ticks.map((tick) => tick.label)).toEqual(['0.1', '1']);
    const withZero = logRateAxis(0.0167, 4.97, true);
    expect(withZero.ticks.map((tick) => tick.label)).toEqual(['0', '0.01', '0.1', '1', '10']);
    expect(placeOn(withZero, 0)).toBe(withZero.zeroAt);
  });
});
