/**
 * The real Temporal server (the Temporal CLI's dev server, SQLite, no time skipping), which `npm install` builds
 * with Go: every strategy gives the same history, ledger and results (less `wall`) on it as on the direct runtime —
 * which gives the test server's, byte for byte (test/integration/runtimes.test.ts, `npm run cross-runtime`) — on a
 * faulted scenario, and nothing of the server is left running afterwards.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/types.js';
import { runScenario } from '../../runner/run.js';
import { STRATEGIES } from '../../strategies/index.js';
import { runCli } from '../helpers/processes.js';
import { freshFolder, readRunFile, withoutWall } from '../helpers/run-folders.js';

/** A worker crash under load: every strategy detects, re-dispatches or loses work. */
const SCENARIO = 'test/fixtures/canary-crash.yaml';
/** About 20 s per strategy here (8 jobs at some 100 ms a step, and 1.5 simulated hours paced at 0.001). */
const BUDGET_MS = 60_000 + STRATEGIES.length * 60_000;

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe(`the dev server on ${SCENARIO}, every strategy`, () => {
  it(
    'gives the direct runtime’s history, ledger and results (less wall), and leaves no server running',
    async () => {
      const engines: Engine[] = [];
      const dev = await runScenario({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        runtime: 'temporal',
        server: 'dev',
        outDir: freshFolder('dev-server'),
        yes: true,
        events: { engineStarted: (engine) => engines.push(engine) },
      });
      const direct = await runScenario({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        runtime: 'direct',
        outDir: freshFolder('dev-server-direct'),
        yes: true,
      });
      expect(engines.map((engine) => engine.kind)).toEqual(['dev']);
      expect(readRunFile(dev.folder, 'history.jsonl')).toBe(readRunFile(direct.folder, 'history.jsonl'));
      expect(readRunFile(dev.folder, 'ledger.jsonl')).toBe(readRunFile(direct.folder, 'ledger.jsonl'));
      expect(withoutWall(readRunFile(dev.folder, 'results.json'))).toEqual(
        withoutWall(readRunFile(direct.folder, 'results.json')),
      );
      expect(isRunning(engines[0]?.serverPid as number)).toBe(false);
    },
    BUDGET_MS,
  );
});

describe('faultline audit --runtimes --server dev', () => {
  it('runs the Temporal side on the dev server and finds it identical to the direct runtime', async () => {
    const result = await runCli(['audit', SCENARIO, '-s', 'stateless', '--runtimes', '--server', 'dev']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('identical  stateless');
  }, 120_000);
});
