/** The command line as a user meets it: bad input exits 2 and says where; Ctrl-C leaves nothing behind. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, waitForExit } from '../helpers/processes.js';
import { scenarioYaml } from '../helpers/scenarios.js';

function scenarioFile(content: string, name = 'scenario.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'faultline-cli-')), name);
  writeFileSync(file, content);
  return file;
}

describe('faultline run with bad input', () => {
  it('exits 2 on an unknown field, naming the file, line, field and what was expected', async () => {
    const file = scenarioFile(scenarioYaml({ seed: 'seed: 7\nretries: 3' }));
    const result = await runCli(['run', file, '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:1  retries: one of the fields`);
    expect(result.stderr).toContain('found unknown field "retries"');
  });

  it('exits 2 on a negative duration, naming the field', async () => {
    const file = scenarioFile(scenarioYaml({ duration: 'duration: -6h' }));
    const result = await runCli(['run', file, '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:11  duration: expected a positive duration (at least 1ms)`);
    expect(result.stderr).toContain('found "-6h"');
  });

  it('exits 2 on a missing file and on a bad option', async () => {
    const missing = await runCli(['run', 'no/such/scenario.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/scenario.yaml: 1 problem');
    const badSeed = await runCli(['run', 'scenarios/smoke.yaml', '--seed', 'soon']);
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toContain('--seed: expected an integer');
  });

  it('exits 2 when --temporal-address cannot be reached, naming the address and what to do', async () => {
    const result = await runCli([
      'run',
      'scenarios/smoke.yaml',
      '--temporal-address',
      '127.0.0.1:1',
      '--no-progress',
      '--out',
      mkdtempSync(join(tmpdir(), 'faultline-cli-')),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot reach a Temporal server at 127.0.0.1:1');
    expect(result.stderr).toContain('drop --temporal-address to use the embedded server');
  }, 60_000);
});

describe('faultline run interrupted', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'by %s leaves no Temporal server and no results.json',
    async (signal) => {
      const out = mkdtempSync(join(tmpdir(), 'faultline-interrupt-'));
      let serverPid: number | undefined;
      const result = await runCli(['run', 'scenarios/smoke.yaml', '--out', out], (stderr) => {
        serverPid ??= Number(/\(Java, pid (\d+)\)/.exec(stderr)?.[1]) || undefined;
        // Interrupt once the strategy is running.
        return serverPid !== undefined && stderr.includes('running stateful') ? signal : undefined;
      });
      expect(serverPid).toBeDefined();
      expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(result.stderr).toContain(`interrupted by ${signal}: no results.json was written`);
      expect(await waitForExit(serverPid as number)).toBe(true);
      expect(existsSync(join(out, 'results.json'))).toBe(false);
      expect(existsSync(join(out, 'config.json'))).toBe(true);
    },
    60_000,
  );
});

describe('faultline run: the answer, plainly (scenarios/trade-off.yaml, --runtime direct)', () => {
  it('prints a verdict per strategy, the canary caught, and exits 0; the table fits 100 columns', async () => {
    const result = await runCli([
      'run',
      'scenarios/trade-off.yaml',
      '--runtime',
      'direct',
      '--no-progress',
      '--out',
      mkdtempSync(join(tmpdir(), 'faultline-cli-')),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ stateful +met lostJobs 0.*not claimed: duplicateEffects [1-9]/m);
    expect(result.stdout).toMatch(/^✓ stateless +met .*availabilityDuringFaults 100\.0%/m);
    expect(result.stdout).toMatch(/^● canary-2017 +caught: lostJobs [1-9]/m);
    expect(result.stdout).toContain('every strategy met the targets it is held to; canary-2017 caught as it must be');
    const tableLines = result.stdout.split('\n').filter((line) => /^[┌│└]/.test(line));
    expect(tableLines.length).toBeGreaterThan(10);
    expect(Math.max(...tableLines.map((line) => line.length))).toBeLessThanOrEqual(100);
  }, 60_000);

  it('--json prints results.json and nothing else on stdout; --wide shows every metric', async () => {
    const json = await runCli([
      'run',
      'scenarios/trade-off.yaml',
      '--runtime',
      'direct',
      '-s',
      'hybrid',
      '--json',
      '--no-progress',
      '--out',
      mkdtempSync(join(tmpdir(), 'faultline-cli-')),
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      scenario: { name: 'trade-off' },
      strategies: [{ name: 'hybrid' }],
      wall: { runtime: 'direct' },
    });
    const wide = await runCli([
      'run',
      'scenarios/trade-off.yaml',
      '--runtime',
      'direct',
      '-s',
      'hybrid',
      '--wide',
      '--no-progress',
      '--out',
      mkdtempSync(join(tmpdir(), 'faultline-cli-')),
    ]);
    expect(wide.stdout).toContain('scheduler steps per job');
    expect(wide.stdout).toContain('simulated ÷ wall');
  }, 60_000);
});
