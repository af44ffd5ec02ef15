/**
 * `npm run bench`: runs scenarios/smoke.yaml with every strategy several times on the embedded
 * time-skipping server and reports, per strategy, the median (and min–max) of: wall time,
 * simulated time, compression (simulated ÷ wall), server start-up time, scheduler steps and
 * wall time per step. Each repetition starts its own server, as `faultline run` does.
 *
 * Usage: npm run bench [-- --runs N] [-- --scenario FILE]
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runScenario } from '../runner/run.js';
import { median } from 'simple-statistics';
import { medianRange } from './format.js';
import { comparedStrategies } from '../strategies/index.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, scenario: { type: 'string', default: 'scenarios/smoke.yaml' } },
});
const runs = Number(values.runs);
const scenarioFile = values.scenario;

interface Sample {
  readonly wallMs: number;
  readonly simulatedMs: number;
  readonly startupMs: number;
  readonly steps: number;
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(`bench: ${scenarioFile}, ${countOf(runs, 'run')} per strategy\nmachine: ${machine}\n`);
const report: Record<string, Sample[]> = {};
for (const strategy of comparedStrategies()) {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    let startupMs = 0;
    const outcome = await runScenario({
      scenarioFile,
      strategies: [strategy],
      outDir: mkdtempSync(join(tmpdir(), 'faultline-bench-')),
      events: { engineStarted: (engine) => (startupMs = engine.startupMs) },
    });
    const wall = outcome.results.wall.strategies[strategy.name];
    const results = outcome.results.strategies[0];
    samples.push({
      wallMs: wall?.wallMs ?? Number.NaN,
      simulatedMs: outcome.results.simulatedMs,
      startupMs,
      steps: results?.steps ?? 0,
    });
    process.stdout.write(`  ${strategy.name} run ${run + 1}: ${((wall?.wallMs ?? 0) / 1000).toFixed(1)} s wall\n`);
  }
  report[strategy.name] = samples;
}

const lines = [
  '| strategy | wall s | simulated h | compression (sim ÷ wall) | server start-up ms | steps | wall ms per step |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...Object.entries(report)
    .map(([name, samples]) =>
      [
        name,
        medianRange(
          samples.map((s) => s.wallMs / 1000),
          1,
        ),
        (median(samples.map((s) => s.simulatedMs)) / 3_600_000).toFixed(2),
        `${medianRange(samples.map((s) => s.simulatedMs / s.wallMs))}×`,
        medianRange(samples.map((s) => s.startupMs)),
        medianRange(samples.map((s) => s.steps)),
        medianRange(
          samples.map((s) => s.wallMs / s.steps),
          1,
        ),
      ].join(' | '),
    )
    .map((row) => `| ${row} |`),
];
process.stdout.write(`\nmedian (min–max) of ${countOf(runs, 'run')}\n${lines.join('\n')}\n`);
mkdirSync('bench/out', { recursive: true });
writeFileSync(
  join('bench/out', 'smoke.json'),
  JSON.stringify({ scenarioFile, runs, machine, samples: report }, null, 2),
);
