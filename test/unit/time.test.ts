import { describe, expect, it } from 'vitest';
import { formatClockMs, formatDurationMs, parseDurationMs } from '../../simulator/time.js';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['1h30m', 5_400_000],
    [' 10 s ', 10_000],
  ])('parses %s as %d ms', (text, expectedMs) => {
    expect(parseDurationMs(text)).toBe(expectedMs);
  });

  it.each(['', 'soon', '10', '5 minutes', '-5m', '1h-30m', 'm5'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [18_202, '18.2s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [90_061_000, '1d1h'],
  ])('formats %d ms as %s', (valueMs, text) => {
    expect(formatDurationMs(valueMs)).toBe(text);
  });

  it('formats clock times from the start of the run', () => {
    expect(formatClockMs(7_200_000)).toBe('2:00:00');
    expect(formatClockMs(86_400_000 + 61_000)).toBe('1d 0:01:01');
  });
});
