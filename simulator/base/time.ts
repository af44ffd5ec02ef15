/**
 * Simulated time. Every simulated instant is an integer number of milliseconds since the start
 * of the run (`…Ms` names). It is a logical clock: the world's scheduler hands events to
 * components in (time, component order) order, and the Temporal server's clock paces it (see
 * ARCHITECTURE.md, "Time model"). Nothing here reads a wall clock.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: SECOND_MS,
  m: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
};

const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;
const COMPOUND_PATTERN = /^(\s*\d+(?:\.\d+)?\s*(ms|s|m|h|d))+\s*$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g;

/**
 * Parses a duration such as `250ms`, `30s`, `5m`, `1.5h`, `2d` or a compound `1h30m`.
 * Returns undefined when the text is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  if (DURATION_PATTERN.test(text) || COMPOUND_PATTERN.test(text)) {
    let totalMs = 0;
    for (const match of text.matchAll(PART_PATTERN)) {
      totalMs += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    }
    return Number.isFinite(totalMs) ? Math.round(totalMs) : undefined;
  }
  return undefined;
}

/** Formats milliseconds compactly: `0s`, `250ms`, `45s`, `5m`, `1h30m`, `2d3h`. */
export function formatDurationMs(durationMs: number): string {
  if (!Number.isFinite(durationMs)) return '∞';
  const sign = durationMs < 0 ? '-' : '';
  let restMs = Math.abs(Math.round(durationMs));
  if (restMs === 0) return '0s';
  if (restMs < SECOND_MS) return `${sign}${restMs}ms`;
  if (restMs < MINUTE_MS) return `${sign}${Number((restMs / SECOND_MS).toFixed(1))}s`;
  const parts: string[] = [];
  for (const [unit, unitMs] of [
    ['d', DAY_MS],
    ['h', HOUR_MS],
    ['m', MINUTE_MS],
    ['s', SECOND_MS],
  ] as const) {
    const count = Math.floor(restMs / unitMs);
    if (count > 0) {
      parts.push(`${count}${unit}`);
      restMs -= count * unitMs;
    }
  }
  return sign + parts.slice(0, 2).join('');
}

/** Formats a simulated instant as `h:mm:ss` from the start of the run (days as `Nd h:mm:ss`). */
export function formatClockMs(timeMs: number): string {
  const totalSeconds = Math.floor(timeMs / SECOND_MS);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  const clock = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}
