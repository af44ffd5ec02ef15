/**
 * `npm run bench:runtimes` — the two runtimes side by side, in one invocation (so the ratio is
 * fair on a shared, noisy machine), each figure the median (min–max) of `--runs` runs, every run
 * a fresh `faultline` process:
 *
 *   A. wall time per scheduler step of `stateful` on scenarios/smoke.yaml and bench/reference.yaml
 *      (500 jobs), temporal and direct alternating, and their ratio;
 *   B. all five compared strategies on the 500-job reference day on direct: total wall;
 *   C. the reference scenario at 10,000 / 30,000 / 100,000 jobs on direct (stateful): wall, wall
 *      per job (linear?) and peak memory;
 *   D. `faultline explore` on direct: generated scenarios per minute;
 *   E. `faultline run scenarios/smoke.yaml --seeds 100` for all five strategies (direct, threads,
 *      the first seed cross-checked on Temporal): wall;
 *   F. the README's first example, `faultline run scenarios/trade-off.yaml` (all five strategies),
 *      as whole commands on temporal and on direct;
 *   G. (only when asked: minutes per run) the two servers faultline starts, side by side: wall time per step of
 *      `stateful` on scenarios/smoke.yaml on the test server and on the dev server (real Temporal, SQLite, no time
 *      skipping, default time scale), alternating, and their ratio;
 *   H. (only when asked) a Temporal step before and after issue 20's worker process: wall time per step of `stateful`
 *      with `--worker in-process` (the SDK's sandbox in faultline's process, the old path) and with the default worker
 *      process (its lighter sandbox), alternating, on the test server (scenarios/smoke.yaml) and on the dev server
 *      (test/fixtures/canary-crash.yaml: smoke takes minutes there), and the ratio new ÷ old.
 *
 * Writes bench/out/runtimes-<time>.json. Usage:
 *   npm run bench:runtimes [-- --runs 3 --sections A,B,C,D,E,F --scale 10000,30000,100000]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunResults } from '../results/run.js';
import type { SeedsSummary } from '../results/summary.js';
import { medianRange } from './format.js';
import { referenceScenarioYaml } from './reference-scenario.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sections: { type: 'string', default: 'A,B,C,D,E,F' },
    scale: { type: 'string', default: '10000,30000,100000' },
  },
});
const runs = Number(values.runs);
const sections = new Set(values.sections.split(','));
const CLI = resolve('bin/faultline.js');
const scratch = mkdtempSync(join(tmpdir(), 'faultline-bench-runtimes-'));
const report: Record<string, unknown> = {};
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const say = (text: string) => process.stdout.write(`${text}\n`);

/** Runs the CLI, returning its wall time (ms); throws with its output if it exits other than 0 or 1. */
function cli(args: readonly string[]): number {
  const startedAt = performance.now();
  try {
    execFileSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    const failure = error as { status?: number; stderr?: Buffer };
    if (failure.status !== 1)
      throw new Error(
        `faultline ${args.join(' ')} failed (exit ${failure.status}): ${failure.stderr?.toString().slice(-2_000)}`,
        { cause: error },
      );
  }
  return performance.now() - startedAt;
}

const readResults = (folder: string) => JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as RunResults;
let folders = 0;
const folder = () => join(scratch, `run-${++folders}`);

interface StepSample {
  readonly wallMs: number;
  readonly steps: number;
  readonly processMs: number;
}

function runStrategy(
  scenario: string,
  runtime: 'temporal' | 'direct',
  strategy = 'stateful',
  server: 'test' | 'dev' = 'test',
  extra: readonly string[] = [],
): StepSample {
  const out = folder();
  const serverArgs = runtime === 'temporal' ? ['--server', server, ...extra] : [];
  const processMs = cli([
    'run',
    scenario,
    '-s',
    strategy,
    '--runtime',
    runtime,
    ...serverArgs,
    '--out',
    out,
    '--no-progress',
  ]);
  const results = readResults(out);
  const wall = results.wall.strategies[strategy];
  const sample = { wallMs: wall?.wallMs ?? Number.NaN, steps: results.strategies[0]?.steps ?? 0, processMs };
  rmSync(out, { recursive: true, force: true });
  return sample;
}

say(
  `bench:runtimes — ${machine}; load average at start ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}; ${runs} runs per figure\n`,
);

if (sections.has('A')) {
  say('A. wall time per scheduler step, stateful, temporal and direct alternating');
  const rows: Record<string, unknown>[] = [];
  for (const scenario of ['scenarios/smoke.yaml', 'bench/reference.yaml']) {
    const temporal: StepSample[] = [];
    const direct: StepSample[] = [];
    for (let run = 0; run < runs; run++) {
      temporal.push(runStrategy(scenario, 'temporal'));
      direct.push(runStrategy(scenario, 'direct'));
      say(
        `  ${scenario} run ${run + 1}: temporal ${(temporal.at(-1)!.wallMs / 1000).toFixed(1)} s, direct ${(direct.at(-1)!.wallMs / 1000).toFixed(2)} s (${direct.at(-1)!.steps} steps)`,
      );
    }
    const perStep = (samples: StepSample[]) => samples.map((sample) => (sample.wallMs / sample.steps) * 1000);
    const ratios = temporal.map((sample, index) => sample.wallMs / (direct[index] as StepSample).wallMs);
    const row = {
      scenario,
      steps: direct[0]?.steps,
      temporalUsPerStep: medianRange(perStep(temporal)),
      directUsPerStep: medianRange(perStep(direct), 1),
      ratio: `${medianRange(ratios)}×`,
      temporal,
      direct,
    };
    rows.push(row);
    say(
      `  ${scenario}: ${row.steps} steps; temporal ${row.temporalUsPerStep} µs/step, direct ${row.directUsPerStep} µs/step; temporal ÷ direct ${row.ratio}`,
    );
  }
  report['A'] = rows;
}

if (sections.has('B')) {
  say('\nB. all five compared strategies on bench/reference.yaml (500 jobs, a simulated day), direct');
  const totals: number[] = [];
  const processes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const out = folder();
    processes.push(cli(['run', 'bench/reference.yaml', '--runtime', 'direct', '--out', out, '--no-progress']));
    const results = readResults(out);
    totals.push(Object.values(results.wall.strategies).reduce((sum, wall) => sum + wall.wallMs, 0));
    rmSync(out, { recursive: true, force: true });
  }
  report['B'] = { strategiesWallMs: totals, processWallMs: processes };
  say(
    `  strategies' own wall, summed: ${medianRange(
      totals.map((ms) => ms / 1000),
      2,
    )} s; the whole command (start-up, checkers, report): ${medianRange(
      processes.map((ms) => ms / 1000),
      2,
    )} s`,
  );
}

if (sections.has('C')) {
  say('\nC. the reference scenario at scale, stateful, direct: one fresh process per run');
  const rows: Record<string, unknown>[] = [];
  for (const jobs of values.scale.split(',').map(Number)) {
    const scenario = join(scratch, `reference-${jobs}.yaml`);
    writeFileSync(scenario, referenceScenarioYaml(jobs));
    const samples: { wallMs: number; processMs: number; peakMiB: number; steps: number }[] = [];
    for (let run = 0; run < (jobs >= 100_000 ? 1 : runs); run++) {
      const out = folder();
      const processMs = cli(['run', scenario, '-s', 'stateful', '--runtime', 'direct', '--out', out, '--no-progress']);
      const results = readResults(out);
      const wall = results.wall.strategies['stateful'];
      samples.push({
        wallMs: wall?.wallMs ?? Number.NaN,
        processMs,
        peakMiB: wall?.profile.nodePeakRssMiB ?? Number.NaN,
        steps: results.strategies[0]?.steps ?? 0,
      });
      rmSync(out, { recursive: true, force: true });
    }
    const row = { jobs, samples };
    rows.push(row);
    say(
      `  ${jobs} jobs: run ${medianRange(
        samples.map((sample) => sample.wallMs / 1000),
        1,
      )} s, whole command ${medianRange(
        samples.map((sample) => sample.processMs / 1000),
        1,
      )} s, ` +
        `${medianRange(
          samples.map((sample) => (sample.processMs / jobs) * 1000),
          0,
        )} µs per job, peak ${medianRange(samples.map((sample) => sample.peakMiB))} MiB, ${samples[0]?.steps} steps`,
    );
  }
  report['C'] = rows;
}

if (sections.has('D')) {
  say('\nD. faultline explore on direct: generated scenarios per minute (stateful, no-lost-work, 300 runs, seed 1)');
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const ms = cli([
      'explore',
      '--strategy',
      'stateful',
      '--property',
      'no-lost-work',
      '--runs',
      '300',
      '--seed',
      '1',
      '--no-progress',
      '--out',
      folder(),
    ]);
    rates.push((300 / ms) * 60_000);
  }
  report['D'] = { scenariosPerMinute: rates };
  say(`  ${medianRange(rates)} scenarios per minute (whole command)`);
}

if (sections.has('E')) {
  say(
    '\nE. faultline run scenarios/smoke.yaml --seeds 100, all five strategies (direct in threads, seed 7 cross-checked on temporal)',
  );
  const walls: number[] = [];
  for (let run = 0; run < Math.min(runs, 2); run++) {
    const out = folder();
    walls.push(cli(['run', 'scenarios/smoke.yaml', '--seeds', '100', '--out', out, '--no-progress']));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SeedsSummary;
    say(
      `  run ${run + 1}: ${(walls.at(-1)! / 1000).toFixed(1)} s, ${summary.wall.parallel} at a time, cross-check ${summary.wall.crossCheck?.identical ? 'identical' : 'none'}`,
    );
    rmSync(out, { recursive: true, force: true });
  }
  report['E'] = { wallMs: walls };
  say(
    `  ${medianRange(
      walls.map((ms) => ms / 1000),
      1,
    )} s`,
  );
}

if (sections.has('F')) {
  say("\nF. the README's first example: faultline run scenarios/trade-off.yaml, all five strategies, whole command");
  const temporal: number[] = [];
  const direct: number[] = [];
  for (let run = 0; run < runs; run++) {
    temporal.push(cli(['run', 'scenarios/trade-off.yaml', '--out', folder(), '--no-progress']));
    direct.push(cli(['run', 'scenarios/trade-off.yaml', '--runtime', 'direct', '--out', folder(), '--no-progress']));
    say(
      `  run ${run + 1}: temporal ${(temporal.at(-1)! / 1000).toFixed(1)} s, direct ${(direct.at(-1)! / 1000).toFixed(1)} s`,
    );
  }
  report['F'] = { temporalMs: temporal, directMs: direct };
  say(
    `  temporal ${medianRange(
      temporal.map((ms) => ms / 1000),
      1,
    )} s, direct ${medianRange(
      direct.map((ms) => ms / 1000),
      1,
    )} s`,
  );
}

if (sections.has('G')) {
  say('\nG. wall time per scheduler step, stateful on scenarios/smoke.yaml, test server and dev server alternating');
  const test: StepSample[] = [];
  const dev: StepSample[] = [];
  for (let run = 0; run < runs; run++) {
    test.push(runStrategy('scenarios/smoke.yaml', 'temporal', 'stateful', 'test'));
    dev.push(runStrategy('scenarios/smoke.yaml', 'temporal', 'stateful', 'dev'));
    say(
      `  run ${run + 1}: test server ${(test.at(-1)!.wallMs / 1000).toFixed(1)} s, dev server ${(dev.at(-1)!.wallMs / 1000).toFixed(1)} s (${dev.at(-1)!.steps} steps)`,
    );
  }
  const perStep = (samples: StepSample[]) => samples.map((sample) => sample.wallMs / sample.steps);
  const ratios = dev.map((sample, index) => sample.wallMs / (test[index] as StepSample).wallMs);
  report['G'] = { steps: dev[0]?.steps, test, dev };
  say(
    `  ${dev[0]?.steps} steps; test server ${medianRange(perStep(test), 1)} ms/step, dev server ${medianRange(perStep(dev), 1)} ms/step; dev ÷ test ${medianRange(ratios)}×`,
  );
}

if (sections.has('H')) {
  const scenarios = { test: 'scenarios/smoke.yaml', dev: 'test/fixtures/canary-crash.yaml' } as const;
  const results: Record<string, { old: StepSample[]; current: StepSample[] }> = {};
  for (const server of ['test', 'dev'] as const) {
    say(
      `\nH. wall time per step, stateful on ${scenarios[server]}, ${server} server: --worker in-process, then the worker process`,
    );
    const old: StepSample[] = [];
    const current: StepSample[] = [];
    for (let run = 0; run < runs; run++) {
      old.push(runStrategy(scenarios[server], 'temporal', 'stateful', server, ['--worker', 'in-process']));
      current.push(runStrategy(scenarios[server], 'temporal', 'stateful', server));
      say(
        `  run ${run + 1}: in-process ${(old.at(-1)!.wallMs / 1000).toFixed(1)} s, worker process ${(current.at(-1)!.wallMs / 1000).toFixed(1)} s (${current.at(-1)!.steps} steps)`,
      );
    }
    const perStep = (samples: StepSample[]) => samples.map((sample) => sample.wallMs / sample.steps);
    const ratios = current.map((sample, index) => sample.wallMs / (old[index] as StepSample).wallMs);
    results[server] = { old, current };
    say(
      `  ${current[0]?.steps} steps; in-process ${medianRange(perStep(old), 1)} ms/step, worker process ${medianRange(perStep(current), 1)} ms/step; new ÷ old ${medianRange(ratios, 2)}`,
    );
  }
  report['H'] = results;
}

mkdirSync('bench/out', { recursive: true });
const file = join('bench/out', `runtimes-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ machine, report }, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });
say(`\nwritten: ${file}`);
