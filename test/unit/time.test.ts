import { describe, expect, it } from 'vitest';
import { formatClockMs, formatDurationMs, parseDurationMs } from '../../simulator/base/time.js';
import { timeSkippingScale } from '../../runner/execute-temporal.js';

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

describe('timeSkippingScale: runs stay within the test server’s 10-year execution timeout', () => {
  const DAY_MS = 24 * 3_600_000;
  it('keeps 1,000 server ms per simulated ms for runs up to 1.8 simulated days', () => {
    expect(timeSkippingScale(DAY_MS)).toBe(1_000);
    expect(timeSkippingScale(1.8 * DAY_MS)).toBe(1_000);
  });
  it('scales longer runs down to 5 years of server time', () => {
    const tenDays = 10 * DAY_MS;
    expect(timeSkippingScale(tenDays)).toBe(182);
    expect(timeSkippingScale(tenDays) * tenDays).toBeLessThanOrEqual(5 * 365 * DAY_MS);
    // Whole server milliseconds per simulated millisecond, never below 1.
    expect(timeSkippingScale(100 * 365 * DAY_MS)).toBe(1);
  });
});
