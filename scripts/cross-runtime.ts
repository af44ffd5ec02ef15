/**
 * `npm run cross-runtime`: the two runtimes against each other on the whole library. Every
 * scenario of `scenarios/` (its own seed) × every strategy runs once on Temporal and once on the
 * direct runtime, each into a folder of its own, and the two folders must hold the same
 * history.jsonl, ledger.jsonl and results.json (less `wall`). Prints a line per pair — identical,
 * or the first divergence — with both wall times, and a summary; exits 1 on any divergence or
 * failure. The Temporal runs are what take time: about an hour on two cores for the library.
 *
 * Usage: npm run cross-runtime [-- --scenario scenarios/smoke.yaml --strategy stateful --parallel 2 --keep]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareRunFolders, describeDivergence } from '../runner/audit.js';
import type { RuntimeName } from '../runner/execute.js';
import { libraryScenarioFiles } from '../runner/library.js';
import { runScenario } from '../runner/run.js';
import { comparedStrategies, findStrategy } from '../strategies/index.js';
import type { Strategy } from '../strategies/types.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    strategy: { type: 'string', multiple: true },
    parallel: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});

const files = values.scenario ?? libraryScenarioFiles();
const strategies: Strategy[] = values.strategy
  ? values.strategy.map((name) => {
      const found = findStrategy(name);
      if (!found) throw new Error(`no strategy named ${name}`);
      return found;
    })
  : comparedStrategies();
const parallel = Math.max(1, Number(values.parallel));
const root = mkdtempSync(join(tmpdir(), 'faultline-cross-runtime-'));

interface Pair {
  readonly file: string;
  readonly strategy: Strategy;
}
const pairs: Pair[] = files.flatMap((file) => strategies.map((strategy) => ({ file, strategy })));

async function runOn(pair: Pair, runtime: RuntimeName, outDir: string): Promise<number> {
  const startedMs = Date.now();
  await runScenario({ scenarioFile: pair.file, strategies: [pair.strategy], outDir, runtime, yes: true });
  return Date.now() - startedMs;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let identical = 0;
const problems: string[] = [];
let next = 0;
const startedMs = Date.now();
console.log(
  `cross-runtime: ${countOf(pairs.length, 'pair')} (${countOf(files.length, 'scenario')} × ${countOf(strategies.length, 'strategy', 'strategies')}), ${parallel} at a time, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}; folders under ${root}`,
);

async function lane(): Promise<void> {
  while (next < pairs.length) {
    const index = next++;
    const pair = pairs[index] as Pair;
    const name = `${pair.file.replace(/^.*\//, '').replace(/\.\w+$/, '')}-${pair.strategy.name}`;
    const label = `${pair.file} ${pair.strategy.name}`;
    try {
      const temporalMs = await runOn(pair, 'temporal', join(root, name, 'temporal'));
      const directMs = await runOn(pair, 'direct', join(root, name, 'direct'));
      const divergence = compareRunFolders(join(root, name, 'temporal'), join(root, name, 'direct'));
      const timing = `temporal ${seconds(temporalMs)}, direct ${seconds(directMs)}, ${Math.round(temporalMs / Math.max(1, directMs))}×`;
      if (divergence) {
        problems.push(`${label}: DIVERGED at ${describeDivergence(divergence)}`);
        console.log(
          `[${index + 1}/${pairs.length}] ${label}: DIVERGED (${timing}) at ${describeDivergence(divergence)}`,
        );
      } else {
        identical++;
        console.log(`[${index + 1}/${pairs.length}] ${label}: identical (${timing})`);
      }
    } catch (error) {
      problems.push(`${label}: failed: ${(error as Error).message}`);
      console.log(`[${index + 1}/${pairs.length}] ${label}: FAILED: ${(error as Error).message}`);
    }
  }
}

await Promise.all(Array.from({ length: Math.min(parallel, pairs.length) }, lane));
console.log(
  `\n${identical} of ${pairs.length} identical in ${seconds(Date.now() - startedMs)}${problems.length > 0 ? `; ${problems.length} not:\n  ${problems.join('\n  ')}` : ''}`,
);
if (!values.keep) rmSync(root, { recursive: true, force: true });
process.exitCode = problems.length > 0 ? 1 : 0;
