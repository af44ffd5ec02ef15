/**
 * Interrupting faultline while it restarts a process it killed (`processKills`) leaves nothing running: not the
 * worker process, not the dev server, whichever moment the interruption lands in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDevEngine } from '../../engine/dev-server.js';
import type { SimulationActivities } from '../../simulator/temporal/activities.js';
import { superviseWorker, workflowBundleFile } from '../../runner/worker-process.js';
import { installQuietRuntime } from '../../runner/temporal-runtime.js';
import { runCli } from '../helpers/processes.js';
import { freshFolder } from '../helpers/run-folders.js';

/** Processes of `pattern` whose parent is `parent` (this process's children, or orphans: parent 1). */
function processes(pattern: RegExp, parent: number): string[] {
  const listed = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return listed
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === parent && pattern.test(args.join(' ')))
    .map((fields) => fields.join(' '));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const NO_ACTIVITIES = {} as SimulationActivities;

describe('an interruption during a restart', () => {
  it.each([0, 50, 150])(
    'of the dev server (stop %i ms into it) leaves no server running',
    async (delayMs) => {
      const engine = await startDevEngine({ dataDir: mkdtempSync(join(tmpdir(), 'faultline-restart-')) });
      const restarting = engine.restartServer?.().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await engine.stop();
      await restarting;
      await settle();
      expect(processes(/start-dev/, process.pid)).toEqual([]);
    },
    60_000,
  );

  it.each([0, 300])(
    'of the worker process (stop %i ms into it) leaves no worker running',
    async (delayMs) => {
      installQuietRuntime();
      const engine = await startDevEngine({ dataDir: mkdtempSync(join(tmpdir(), 'faultline-restart-')) });
      try {
        const worker = await superviseWorker(
          {
            address: engine.address,
            namespace: engine.namespace,
            taskQueue: `restart-${delayMs}`,
            bundlePath: await workflowBundleFile(),
            maxCachedWorkflows: 10,
          },
          NO_ACTIVITIES,
        );
        const replacing = worker.replace().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await worker.stop();
        await replacing;
        await settle();
        expect(processes(/worker-main/, process.pid)).toEqual([]);
      } finally {
        await engine.stop();
      }
    },
    90_000,
  );

  it('of a run (SIGINT as the worker process is killed) exits 130 and leaves nothing running', async () => {
    // worker-kills.yaml with its first kill early, so that the interruption comes a few seconds in.
    const folder = freshFolder('restart-sigint');
    const scenario = join(folder, 'early-kill.yaml');
    writeFileSync(
      scenario,
      `extends: ${resolve('test/fixtures/worker-kills.yaml')}\nprocessKills: [{ kind: worker-process-kill, at: 1m }]\n`,
    );
    const args = ['run', scenario, '-s', 'stateful', '--server', 'dev', '--no-progress'];
    const result = await runCli([...args, '--out', join(folder, 'run')], (stderr) =>
      stderr.includes('SIGKILL to the worker process') ? 'SIGINT' : undefined,
    );
    expect(result.code, result.stderr).toBe(130);
    await settle();
    // The CLI has exited: anything it left behind is an orphan now.
    expect([...processes(/worker-main/, 1), ...processes(/start-dev/, 1)]).toEqual([]);
  }, 120_000);
});

describe('process kills a run cannot perform', () => {
  it.each([
    [['test/fixtures/server-kill.yaml'], 'processKills has a server-kill, which needs --server dev'],
    [['test/fixtures/worker-kills.yaml', '--worker', 'in-process'], 'which --worker in-process does not have'],
  ])('%j is refused with exit 2 before anything starts', async (args, message) => {
    const result = await runCli(['run', ...args, '-s', 'stateful', '--out', freshFolder('refused-kill')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
