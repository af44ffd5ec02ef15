/**
 * `npm run bench:scale` — issue 8 (b) and (c): the reference scenario (bench/reference-scenario.ts)
 * at the given job counts, each run a fresh `faultline run` process (so peak memory is the run's
 * own) with its own embedded server. Reports per job count and strategy the median (min–max) of:
 * wall time, wall per job, simulated ÷ wall, steps per job, wall per step, and where the time
 * went — the Node process's CPU (the world's share of it apart), the server's CPU, the checkers —
 * with both processes' peak memory, and the largest state a component carried to a continued
 * run (Temporal bounds it at 2 MiB). Writes bench/out/scale-<time>.json.
 *
 * Usage: npm run bench:scale [-- --jobs 500 --strategy all --runs 3]
 *        npm run bench:scale -- --folders runs/a,runs/b   (summarise run folders made before)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { medianRange } from './format.js';
import type { RunResults } from '../results/run.js';
import { comparedStrategies } from '../strategies/index.js';
import { referenceScenarioYaml } from './reference-scenario.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '500' },
    strategy: { type: 'string', default: 'all' },
    runs: { type: 'string', default: '3' },
    folders: { type: 'string' },
  },
});

interface Sample {
  readonly jobs: number;
  readonly strategy: string;
  readonly folder: string;
  readonly wallMs: number;
  readonly simulatedMs: number;
  readonly steps: number;
  readonly nodeCpuMs: number;
  readonly worldMs: number;
  readonly serverCpuMs: number | null;
  readonly checkersMs: number;
  readonly nodePeakRssMiB: number;
  readonly serverPeakRssMiB: number | null;
  readonly lostJobs: number;
  /** Largest continue-as-new carry (JSON characters) and its component, if any continued. */
  readonly largestCarry: { readonly component: string; readonly bytes: number } | null;
}

function samplesOf(folder: string): Sample[] {
  const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as RunResults;
  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as { workload: { jobs: unknown[] } };
  return results.strategies.map((strategy) => {
    const wall = results.wall.strategies[strategy.name];
    if (!wall) throw new Error(`${folder}: no wall figures for ${strategy.name}`);
    return {
      jobs: config.workload.jobs.length,
      strategy: strategy.name,
      folder,
      wallMs: wall.wallMs,
      simulatedMs: results.simulatedMs,
      steps: strategy.steps,
      nodeCpuMs: wall.profile.nodeCpuMs,
      worldMs: wall.profile.worldMs,
      serverCpuMs: wall.profile.serverCpuMs,
      checkersMs: wall.profile.checkersMs,
      nodePeakRssMiB: wall.profile.nodePeakRssMiB,
      serverPeakRssMiB: wall.profile.serverPeakRssMiB,
      lostJobs: strategy.checks.work.jobsLost,
      largestCarry: wall.largestCarry ?? null,
    };
  });
}

const samples: Sample[] = [];
if (values.folders) {
  for (const folder of values.folders.split(',')) samples.push(...samplesOf(folder));
} else {
  const jobCounts = values.jobs.split(',').map(Number);
  const strategies =
    values.strategy === 'all' ? comparedStrategies().map((strategy) => strategy.name) : values.strategy.split(',');
  const runs = Number(values.runs);
  const scenarioDir = mkdtempSync(join(tmpdir(), 'faultline-scale-'));
  for (const jobs of jobCounts) {
    const scenarioFile = join(scenarioDir, `reference-${jobs}.yaml`);
    writeFileSync(scenarioFile, referenceScenarioYaml(jobs));
    for (const strategy of strategies) {
      for (let run = 0; run < runs; run++) {
        const folder = join(scenarioDir, `${jobs}-${strategy}-${run}`);
        const log = openSync(`${folder}.log`, 'w');
        try {
          execFileSync(
            process.execPath,
            ['bin/faultline.js', 'run', scenarioFile, '--strategy', strategy, '--out', folder, '--no-progress'],
            { stdio: ['ignore', log, log] },
          );
        } catch (error) {
          // Exit code 1 is a missed target (the canary's lost jobs): still a measurement.
          if ((error as { status?: number }).status !== 1)
            throw new Error(
              `faultline run failed (exit ${(error as { status?: number }).status}); its output:\n${readFileSync(`${folder}.log`, 'utf8').slice(-3_000)}`,
              { cause: error },
            );
        } finally {
          closeSync(log);
        }
        const [sample] = samplesOf(folder);
        if (sample) samples.push(sample);
        process.stdout.write(
          `${countOf(jobs, 'job')}, ${strategy}, run ${run + 1}: ${((sample?.wallMs ?? 0) / 1000).toFixed(1)} s wall\n`,
        );
      }
    }
  }
}

const med = (numbers: readonly number[]) => median([...numbers]);
/** The largest carry over a group's runs, with its component. */
function largestCarryOf(group: readonly Sample[]): string {
  const carries = group.map((sample) => sample.largestCarry).filter((carry) => carry !== null);
  if (carries.length === 0) return '-';
  const largest = carries.reduce((left, right) => (right.bytes > left.bytes ? right : left));
  return `${(largest.bytes / 1024).toFixed(0)} (${largest.component})`;
}
const groups = new Map<string, Sample[]>();
for (const sample of samples)
  groups.set(`${sample.jobs}\t${sample.strategy}`, [
    ...(groups.get(`${sample.jobs}\t${sample.strategy}`) ?? []),
    sample,
  ]);

const rows = [...groups.values()].map((group) => {
  const first = group[0]!;
  const serverCpu = group.map((sample) => sample.serverCpuMs).filter((value) => value !== null);
  const serverPeak = group.map((sample) => sample.serverPeakRssMiB).filter((value) => value !== null);
  return [
    first.jobs,
    first.strategy,
    group.length,
    medianRange(
      group.map((sample) => sample.wallMs / 1000),
      1,
    ),
    medianRange(
      group.map((sample) => sample.wallMs / sample.jobs),
      0,
    ),
    `${medianRange(
      group.map((sample) => sample.simulatedMs / sample.wallMs),
      0,
    )}×`,
    (med(group.map((sample) => sample.steps)) / first.jobs).toFixed(1),
    med(group.map((sample) => sample.wallMs / sample.steps)).toFixed(1),
    (med(group.map((sample) => sample.nodeCpuMs)) / 1000).toFixed(0),
    (med(group.map((sample) => sample.worldMs)) / 1000).toFixed(1),
    serverCpu.length ? (med(serverCpu) / 1000).toFixed(0) : '-',
    (med(group.map((sample) => sample.checkersMs)) / 1000).toFixed(2),
    med(group.map((sample) => sample.nodePeakRssMiB)).toFixed(0),
    serverPeak.length ? med(serverPeak).toFixed(0) : '-',
    largestCarryOf(group),
  ];
});
const header = [
  'jobs',
  'strategy',
  'runs',
  'wall s',
  'wall ms per job',
  'simulated ÷ wall',
  'steps per job',
  'wall ms per step',
  'Node CPU s',
  'of it world s',
  'server CPU s',
  'checkers s',
  'Node peak MiB',
  'server peak MiB',
  'largest carry KiB',
];
const table = [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(`\nmachine: ${machine}; median (min–max) where more than one run\n${table}\n`);
mkdirSync('bench/out', { recursive: true });
writeFileSync(join('bench/out', `scale-${Date.now()}.json`), JSON.stringify({ machine, samples }, null, 2));
