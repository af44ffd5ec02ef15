/** The embedded server never outlives its run, even one that fails, and runs mended. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../../engine/index.js';
import { SimulationAborted } from '../../simulator/activities.js';
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
    return { ...plan, components: plan.components.map((component) => (component.id === 'coordinator' ? { ...component, input: { nodes: null } } : component)) };
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

  it('runs the server through faultline’s launcher, which mends its lock-event list (else long runs slow down quadratically)', async () => {
    const engine = await startEngine();
    try {
      expect(engine.kind).toBe('embedded');
      expect(engine.description).not.toMatch(/long runs/);
    } finally {
      await engine.stop();
    }
  }, 60_000);
});
