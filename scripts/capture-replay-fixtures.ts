/**
 * Captures replay fixtures: runs test/fixtures/replay/scenario.yaml (a small faulted run) with
 * every compared strategy and saves, for each kind of workflow it used, the Temporal history of
 * one instance to test/fixtures/replay/<strategy>/<workflow type>.binpb (protobuf). The replay test replays
 * them against the current workflow code, so a change that makes a workflow nondeterministic
 * fails CI. Re-run after an intended change to the workflows:
 *
 *   node --import tsx scripts/capture-replay-fixtures.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { runScenario } from '../runner/run.js';
import { comparedStrategies } from '../strategies/index.js';

const SCENARIO = 'test/fixtures/replay/scenario.yaml';
const ROOT = 'test/fixtures/replay';

for (const strategy of comparedStrategies()) {
  const folder = join(ROOT, strategy.name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  await runScenario({
    scenarioFile: SCENARIO,
    strategies: [strategy],
    outDir: mkdtempSync(join(tmpdir(), 'faultline-replay-')),
    events: {
      async strategyExecuted(_strategy, execution, engine) {
        if (!engine) throw new Error('this needs the temporal runtime');
        const client = new Client({ connection: engine.connection, namespace: engine.namespace });
        // Per workflow type, the instance with the longest history: it went through the most paths.
        const longest = new Map<string, proto.temporal.api.history.v1.IHistory>();
        for (const workflowId of Object.values(execution.workflowIds)) {
          const handle = client.workflow.getHandle(workflowId);
          const { type } = await handle.describe();
          const history = await handle.fetchHistory();
          if ((history.events?.length ?? 0) > (longest.get(type)?.events?.length ?? -1)) longest.set(type, history);
        }
        for (const [type, history] of longest) {
          // Binary protobuf: the SDK's historyToJSON fails here (two protobufjs versions in its tree).
          writeFileSync(join(folder, `${type}.binpb`), proto.temporal.api.history.v1.History.encode(history).finish());
        }
        process.stdout.write(`${strategy.name}: ${[...longest.keys()].join(', ')}\n`);
      },
    },
  });
}
