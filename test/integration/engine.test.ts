/**
 * The embedded server never outlives its run, even one that fails, runs mended, and can say which time-skipping locks
 * it holds.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../../engine/index.js';
import { SimulationAborted } from '../../simulator/base/aborted.js';
import { runScenario } from '../../runner/run.js';
import { stateful } from '../../strategies/stateful/index.js';
import type { Strategy } from '../../strategies/types.js';
import { waitForExit } from '../helpers/processes.js';

/** The stateful strategy with a coordinator whose input is broken: its first step throws. */
const broken: Strategy = {
  ...stateful,
  name: 'broken',
  plan(config) {
    const plan = stateful.plan(config);
    return {
      ...plan,
      components: plan.components.map((component) =>
        component.id === 'coordinator' ? { ...component, input: { nodes: null } } : component,
      ),
    };
  },
};

/** The stateful strategy with a coordinator whose input (carried to every continued run) is 2.5 MiB. */
const heavy: Strategy = {
  ...stateful,
  name: 'heavy',
  plan(config) {
    const plan = stateful.plan(config);
    return {
      ...plan,
      components: plan.components.map((component) =>
        component.id === 'coordinator'
          ? { ...component, input: { ...(component.input as object), ballast: 'x'.repeat(2.5 * 2 ** 20) } }
          : component,
      ),
    };
  },
};

describe('the embedded engine', () => {
  it('stops the server after a run whose strategy fails, and reports the failing component', async () => {
    let serverPid: number | undefined;
    const run = runScenario({
      scenarioFile: 'scenarios/smoke.yaml',
      strategies: [broken],
      outDir: mkdtempSync(join(tmpdir(), 'faultline-broken-')),
      events: { engineStarted: (engine) => (serverPid = engine.serverPid) },
    });
    await expect(run).rejects.toBeInstanceOf(SimulationAborted);
    await expect(run).rejects.toThrow(/component coordinator failed/);
    expect(serverPid).toBeGreaterThan(0);
    expect(await waitForExit(serverPid as number)).toBe(true);
  }, 60_000);

  it('stops the server when the caller’s engineStarted callback throws (nothing else holds it then)', async () => {
    let serverPid: number | undefined;
    const run = runScenario({
      scenarioFile: 'scenarios/smoke.yaml',
      strategies: [stateful],
      outDir: mkdtempSync(join(tmpdir(), 'faultline-callback-')),
      events: {
        engineStarted: (engine) => {
          serverPid = engine.serverPid;
          throw new Error('the display broke');
        },
      },
    });
    await expect(run).rejects.toThrow('the display broke');
    expect(serverPid).toBeGreaterThan(0);
    expect(await waitForExit(serverPid as number, 5_000)).toBe(true);
  }, 60_000);

  it('fails a component that would carry more than 2 MiB to its next run, naming its size (the test server would stall)', async () => {
    const run = runScenario({
      scenarioFile: 'scenarios/smoke.yaml',
      strategies: [heavy],
      outDir: mkdtempSync(join(tmpdir(), 'faultline-heavy-')),
      continueAsNewAfterEvents: 30,
    });
    await expect(run).rejects.toThrow(
      /component coordinator failed: (Error: )?its state and timers have grown to 2\.5 MiB, over the 2 MiB/,
    );
  }, 120_000);

  it('runs the server through faultline’s launcher, which mends its lock-event list (else long runs slow down quadratically)', async () => {
    const engine = await startEngine();
    try {
      expect(engine.kind).toBe('embedded');
      expect(engine.description).not.toMatch(/long runs/);
    } finally {
      await engine.stop();
    }
  }, 60_000);

  it('names the time-skipping locks it holds, for the message of a stalled run', async () => {
    const engine = await startEngine();
    const dir = mkdtempSync(join(tmpdir(), 'faultline-locks-'));
    const openLocks = async (name: string) => {
      const file = join(dir, name);
      expect(await engine.diagnoseLocks?.(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      return text.slice(0, text.indexOf('\nevents since'));
    };
    try {
      // At start: the empty timer queue's lock and the harness's (released by awaitResult).
      const atStart = await openLocks('start.txt');
      expect(atStart).toMatch(/^time-skipping locks held: 2 /);
      expect(atStart).toMatch(
        /L {2}1 {2}SelfAdvancingTimerImpl constructor empty-queue\n.*L {2}2 {2}TestService constructor$/s,
      );
      const testService = engine.connection.testService!;
      await testService.unlockTimeSkipping({});
      expect(await openLocks('unlocked.txt')).toMatch(/^time-skipping locks held: 1 [^]*empty-queue$/);
      await testService.lockTimeSkipping({});
      expect(await openLocks('relocked.txt')).toMatch(/^time-skipping locks held: 2 [^]*L {2}2 {2}External Caller$/);
    } finally {
      await engine.stop();
    }
  }, 60_000);
});
