/**
 * The walking skeleton end to end, on the embedded time-skipping Temporal server: the smoke
 * scenario (seed 7, pinned in the file) with the stateful strategy.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HistoryEntry, isRecord } from '../../simulator/scenario/history.js';
import { type RunOutcome, runScenario } from '../../runner/run.js';
import { stateful } from '../../strategies/stateful/index.js';
import { scenarioBudgetMs } from '../helpers/budget.js';

const SMOKE = 'scenarios/smoke.yaml';
const CRASH_AT_MS = 2 * 3_600_000;
const RESTART_AT_MS = CRASH_AT_MS + 10 * 60_000;

function readHistory(folder: string): HistoryEntry[] {
  return readFileSync(join(folder, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as HistoryEntry);
}

describe('smoke on the embedded server: stateful (seed=7)', () => {
  let outcome: RunOutcome;

  beforeAll(async () => {
    outcome = await runScenario({
      scenarioFile: SMOKE,
      strategies: [stateful],
      outDir: mkdtempSync(join(tmpdir(), 'faultline-smoke-')),
    });
  }, scenarioBudgetMs(SMOKE));

  it('completes every job and loses none', () => {
    const [results] = outcome.results.strategies;
    expect(results?.checks.work).toMatchObject({
      jobsSubmitted: 60,
      jobsAccepted: 60,
      jobsCompleted: 60,
      jobsLost: 0,
      jobsUnknown: 0,
    });
    expect(outcome.results.verdict).toEqual({ passed: true, violations: [], expected: [] });
  });

  it('detects the crash through missed heartbeats and re-dispatches the lost work', () => {
    const history = readHistory(outcome.folder);
    const suspicion = history.find((entry) => entry.f === 'suspect');
    expect(suspicion?.value).toEqual({ node: 'n2' });
    // Suspected within the detector's timeout (30 s) of the crash, not before it.
    expect(suspicion?.timeMs).toBeGreaterThan(CRASH_AT_MS);
    expect(suspicion?.timeMs).toBeLessThanOrEqual(CRASH_AT_MS + 30_000 + 5_000);
    const reclaimed = history.filter((entry) => entry.f === 'reclaim');
    expect(reclaimed.length).toBeGreaterThan(0);
    const redispatched = history
      .filter((entry) => isRecord(entry, 'dispatch'))
      .filter((entry) => entry.value.attempt > 1);
    expect(redispatched.map((entry) => [entry.value.job, entry.value.task])).toEqual(
      reclaimed.map((entry) => [entry.value.job, entry.value.task]),
    );
    expect(redispatched.every((entry) => entry.value.node !== 'n2')).toBe(true);
    expect(outcome.results.strategies[0]?.checks.work.redispatches).toBe(redispatched.length);
    // The node says hello when it restarts and is trusted again.
    expect(history.find((entry) => entry.f === 'trust' && entry.timeMs >= RESTART_AT_MS)?.value).toEqual({
      node: 'n2',
      reason: 'hello',
    });
  });

  it('records the fault and the phases in the history, in time order', () => {
    const history = readHistory(outcome.folder);
    expect(history.filter((entry) => entry.process === 'nemesis').map((entry) => [entry.timeMs, entry.f])).toEqual([
      [CRASH_AT_MS, 'start'],
      [RESTART_AT_MS, 'stop'],
      [6 * 3_600_000, 'heal'],
    ]);
    expect(history.filter((entry) => entry.f === 'phase').map((entry) => entry.value.phase)).toEqual([
      'faults',
      'converge',
      'final-reads',
      'end',
    ]);
    expect(
      history.every((entry, index) => index === 0 || (history[index - 1] as HistoryEntry).timeMs <= entry.timeMs),
    ).toBe(true);
    const finalReads = history.filter((entry) => entry.f === 'status' && entry.type === 'ok');
    expect(finalReads).toHaveLength(60);
    expect(finalReads.every((entry) => entry.value.state === 'COMPLETED')).toBe(true);
  });

  it('writes config.json, history.jsonl, ledger.jsonl and results.json', () => {
    for (const name of ['config.json', 'history.jsonl', 'ledger.jsonl', 'results.json'])
      expect(existsSync(join(outcome.folder, name))).toBe(true);
    const config = JSON.parse(readFileSync(join(outcome.folder, 'config.json'), 'utf8')) as {
      seed: number;
      faults: unknown[];
    };
    expect(config.seed).toBe(7);
    expect(config.faults).toEqual([
      { id: 'f1', kind: 'crash', nodes: ['n2'], startMs: CRASH_AT_MS, endMs: RESTART_AT_MS },
    ]);
  });
});
