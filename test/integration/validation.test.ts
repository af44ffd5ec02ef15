/**
 * The validation suite, small (the full one is `npm run validation`, docs/validation.md): the
 * M/M/4 scenario (2 nodes × 2 slots, ρ = 0.75) over three seeds for every compared strategy on
 * the direct runtime. Equal capacity — no strategy but the 2017 canary leaves a slot idle while
 * a task waits beyond the hand-off, and the canary, which auto-ack pushes round-robin whatever
 * the free slots, is flagged; the strategies' mean queue waits agree; Erlang C's values fall in
 * the intervals; Little's law holds on every run. Seeds 1–3, pinned.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetMs } from '../helpers/budget.js';
import { freshFolder } from '../helpers/run-folders.js';
import { HAND_OFF_ALLOWANCE_MS } from '../../validation/measure.js';
import { judgeCase, runCase, VALIDATION_CASES } from '../../validation/suite.js';

const SEEDS = 3;
const mmc = VALIDATION_CASES.find((validation) => validation.file === 'validation/mmc.yaml');
if (!mmc) throw new Error('no M/M/c validation case');

describe('validation: M/M/4 on every compared strategy (seeds 1–3)', () => {
  it(
    'gives every strategy but the canary all its slots, agrees with Erlang C, and keeps Little’s law',
    async () => {
      console.log(`validation seeds 1–${SEEDS} of ${mmc.file}`);
      const measures = await runCase(mmc, {
        seeds: SEEDS,
        folder: join(freshFolder('validation'), 'mmc'),
        root: process.cwd(),
      });
      const result = judgeCase(mmc, measures);
      const byName = new Map(result.strategies.map((strategy) => [strategy.strategy, strategy]));
      expect([...byName.keys()]).toEqual(['stateful', 'stateful-volatile', 'stateless', 'hybrid', 'canary-2017']);

      const fair = result.strategies.filter((strategy) => strategy.strategy !== 'canary-2017');
      for (const strategy of fair) {
        expect(strategy.maxAvoidableWaitMs, `${strategy.strategy}: longest avoidable wait`).toBeLessThan(
          HAND_OFF_ALLOWANCE_MS,
        );
        for (const check of strategy.quantities)
          expect(
            check.inside,
            `${strategy.strategy} ${check.quantity}: ${check.analytic} in [${check.ciLow}, ${check.ciHigh}]`,
          ).toBe(true);
      }
      // The canary's consumers are pushed every message at once, round-robin: a task waits behind a busy node while the
      // other idles.
      expect(byName.get('canary-2017')?.maxAvoidableWaitMs).toBeGreaterThan(10 * 60_000);

      // Same arrivals and run times on every seed: strategies that serve every slot first come, first served wait
      // alike, to within the hand-off.
      const waits = (name: string) =>
        measures.filter((measure) => measure.strategy === name).map((measure) => measure.meanQueueWaitMs);
      for (const strategy of fair) {
        waits(strategy.strategy).forEach((wait, seed) =>
          expect(
            Math.abs(wait - (waits('stateful')[seed] as number)),
            `${strategy.strategy} seed ${seed + 1}`,
          ).toBeLessThan(HAND_OFF_ALLOWANCE_MS),
        );
      }
      for (const measure of measures)
        expect(measure.littleRelativeError, `${measure.strategy} seed ${measure.seed}: Little`).toBeLessThan(1e-9);
    },
    budgetMs({ jobs: 1500, runs: SEEDS * 5, runtime: 'direct' }),
  );
});
