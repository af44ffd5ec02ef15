/**
 * Replay: Temporal histories captured from a faulted run of every compared strategy
 * (test/fixtures/replay/, made by scripts/capture-replay-fixtures.ts from
 * test/fixtures/replay/scenario.yaml) are replayed against the current workflow code. A change
 * that makes a strategy's workflow decide differently on the same history — a nondeterministic
 * change — fails here. After an intended change to a workflow, re-capture the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { installQuietRuntime, workflowBundle } from '../../runner/temporal-runtime.js';
import { comparedStrategies } from '../../strategies/index.js';

const ROOT = 'test/fixtures/replay';

function fixtures(strategy: string): { workflowId: string; history: proto.temporal.api.history.v1.History }[] {
  const folder = join(ROOT, strategy);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.binpb'))
    .sort()
    .map((file) => ({
      workflowId: `${strategy}/${file.replace(/\.binpb$/, '')}`,
      history: proto.temporal.api.history.v1.History.decode(readFileSync(join(folder, file))),
    }));
}

describe('replaying captured histories against the current workflow code', () => {
  it.each(comparedStrategies().map((strategy) => strategy.name))(
    '%s replays without a nondeterminism error',
    async (strategy) => {
      installQuietRuntime();
      const histories = fixtures(strategy);
      expect(histories.length).toBeGreaterThanOrEqual(4);
      const failures: string[] = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
