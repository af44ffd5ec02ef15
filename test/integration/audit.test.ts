/**
 * The determinism audit on the embedded server: for every compared strategy, the faulted replay
 * scenario (a crash and restart, a crash trigger, a partition, lost and duplicated messages, a
 * broker outage) run twice with the same seed gives identical results and history.
 */
import { describe, expect, it } from 'vitest';
import { audit } from '../../runner/audit.js';
import { comparedStrategies } from '../../strategies/index.js';

const SCENARIO = 'test/fixtures/replay/scenario.yaml';
const SEED = 5;

describe(`the determinism audit (${SCENARIO}, seed=${SEED})`, () => {
  it.each(comparedStrategies().map((strategy) => strategy.name))('%s: two runs are identical', async (name) => {
    const strategy = comparedStrategies().find((candidate) => candidate.name === name);
    const [result] = await audit({ scenarioFile: SCENARIO, seed: SEED, strategies: strategy ? [strategy] : [] });
    expect(result?.divergence ?? null).toBeNull();
    // The run did real work: at least six jobs started tasks (the canary loses some of them).
    expect(result?.ledgerEntries).toBeGreaterThan(30);
  }, 120_000);
});
