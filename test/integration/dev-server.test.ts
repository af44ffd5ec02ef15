/**
 * The real Temporal server (the Temporal CLI's dev server, SQLite, no time skipping), which `npm install` builds
 * with Go, and faultline's own processes killed for real (`processKills`). Every strategy gives the same history,
 * ledger and results (less `wall`) on the dev server, with its worker process SIGKILLed three times, as on the direct
 * runtime undisturbed — which gives the test server's, byte for byte (test/integration/runtimes.test.ts, `npm run
 * cross-runtime`) — on a faulted scenario; so does a run whose server is SIGKILLed and restarted on its database. And
 * nothing of the server or the worker is left running afterwards.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/types.js';
import type { RunResults } from '../../results/run.js';
import { runScenario } from '../../runner/run.js';
import { STRATEGIES } from '../../strategies/index.js';
import { findStrategy } from '../../strategies/index.js';
import { isAlive, runCli } from '../helpers/processes.js';
import { freshFolder, readRunFile, withoutWall } from '../helpers/run-folders.js';

/**
 * A worker crash under load (every strategy detects, re-dispatches or loses work), with three SIGKILLs of the worker
 * process at moments drawn from the seed: test/fixtures/canary-crash.yaml with `processKills`.
 */
const SCENARIO = 'test/fixtures/worker-kills.yaml';
/** About 35 s per strategy here (8 jobs at some 100 ms a step, 1.5 simulated hours paced at 0.001, 3 recoveries). */
const BUDGET_MS = 60_000 + STRATEGIES.length * 90_000;

/** This process's children that are faultline worker processes or Temporal servers. */
function leftBehind(): string[] {
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return children
    .split('\n')
    .filter((line) => /worker-main|start-dev/.test(line) && !/<defunct>/.test(line))
    .map((line) => line.trim());
}

/** Runs `scenario` on the dev server and on the direct runtime, and expects the same bytes (less wall). */
async function devMatchesDirect(scenario: string, strategies = STRATEGIES) {
  const engines: Engine[] = [];
  const dev = await runScenario({
    scenarioFile: scenario,
    strategies,
    runtime: 'temporal',
    server: 'dev',
    outDir: freshFolder('dev-server'),
    yes: true,
    events: { engineStarted: (engine) => engines.push(engine) },
  });
  const direct = await runScenario({
    scenarioFile: scenario,
    strategies,
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
  expect(isAlive(engines[0]?.serverPid as number)).toBe(false);
  expect(leftBehind()).toEqual([]);
  return { results: JSON.parse(readRunFile(dev.folder, 'results.json')) as RunResults };
}

describe(`the dev server on ${SCENARIO}, every strategy, its worker process killed three times`, () => {
  it(
    'gives the direct runtime’s history, ledger and results (less wall), and leaves no server or worker running',
    async () => {
      const { results } = await devMatchesDirect(SCENARIO);
      for (const strategy of STRATEGIES) {
        const kills = results.wall.strategies[strategy.name]?.processKills?.kills ?? [];
        expect(kills.map((kill) => kill.kind)).toEqual(Array(3).fill('worker-process-kill'));
        for (const kill of kills) {
          expect(kill.recoveryMs, `${strategy.name}: a kill never recovered`).not.toBeNull();
          // Each kill drops the answer to a commit, so the replay asks at least that again.
          expect(kill.repeatedRequests, `${strategy.name}: no repeated request`).toBeGreaterThan(0);
          expect(kill.historyEventsToReplay, `${strategy.name}: nothing to replay`).toBeGreaterThan(0);
        }
      }
    },
    BUDGET_MS,
  );

  it('survives a SIGKILL of the server, restarted on its database, with the same answers', async () => {
    const { results } = await devMatchesDirect('test/fixtures/server-kill.yaml', [findStrategy('stateful')!]);
    const kills = results.wall.strategies['stateful']?.processKills?.kills ?? [];
    expect(kills.map((kill) => kill.kind)).toEqual(['server-kill']);
    expect(kills[0]?.recoveryMs).not.toBeNull();
  }, 120_000);
});

describe('faultline audit --runtimes --server dev', () => {
  it('runs the Temporal side on the dev server and finds it identical to the direct runtime', async () => {
    const result = await runCli([
      'audit',
      'test/fixtures/canary-crash.yaml',
      '-s',
      'stateless',
      '--runtimes',
      '--server',
      'dev',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('identical  stateless');
  }, 120_000);
});
