/**
 * `npm run identity`: what a refactoring must not change. Every scenario of the library (its own
 * seed) × every registered strategy runs on the direct runtime, and the digests of its
 * history.jsonl, ledger.jsonl and results.json (less `wall`) are saved to a file, or compared
 * with a file saved before. Both runtimes give the same bytes (`npm run cross-runtime` holds
 * that), so one file of digests serves both: `--runtime temporal` runs the same pairs on the
 * embedded Temporal server (about an hour for the library; `--scenarios` takes a subset, and
 * then only the pairs run are compared).
 *
 *   npm run identity -- --save runs/identity-before.json      # before the change
 *   npm run identity -- --against runs/identity-before.json   # after it: exits 1 on any difference
 *   npm run identity -- --against runs/identity-before.json --runtime temporal --scenarios smoke,trade-off
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RuntimeName } from '../results/run.js';
import { libraryScenarioFiles } from '../runner/library.js';
import { runScenario } from '../runner/run.js';
import { STRATEGIES } from '../strategies/index.js';

const { values } = parseArgs({
  options: {
    save: { type: 'string' },
    against: { type: 'string' },
    runtime: { type: 'string', default: 'direct' },
    scenarios: { type: 'string' },
  },
});
const runtime = values.runtime as RuntimeName;
if ((values.save === undefined) === (values.against === undefined) || !['direct', 'temporal'].includes(runtime)) {
  console.error(
    'usage: npm run identity -- --save FILE | --against FILE [--runtime direct|temporal] [--scenarios NAME,NAME]',
  );
  process.exit(2);
}
const chosen = values.scenarios?.split(',').map((name) => name.trim());
const scenarioFiles = libraryScenarioFiles().filter((file) => !chosen || chosen.includes(basename(file, '.yaml')));
const unknown = (chosen ?? []).filter((name) => !scenarioFiles.some((file) => basename(file, '.yaml') === name));
if (unknown.length > 0) {
  console.error(`identity: no library scenario named ${unknown.join(', ')}`);
  process.exit(2);
}

type Digests = Record<string, { readonly history: string; readonly ledger: string; readonly results: string }>;

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
function resultsWithoutWall(text: string): string {
  const { wall: _wall, ...rest } = JSON.parse(text) as { wall: unknown };
  return JSON.stringify(rest);
}

const root = mkdtempSync(join(tmpdir(), 'faultline-identity-'));
const digests: Digests = {};
const startedMs = Date.now();
for (const file of scenarioFiles) {
  for (const strategy of STRATEGIES) {
    const outDir = join(root, `${file.replace(/[/.]/g, '_')}-${strategy.name}`);
    await runScenario({ scenarioFile: file, strategies: [strategy], outDir, runtime, yes: true });
    const read = (name: string) => readFileSync(join(outDir, name), 'utf8');
    digests[`${file} ${strategy.name}`] = {
      history: digest(read('history.jsonl')),
      ledger: digest(read('ledger.jsonl')),
      results: digest(resultsWithoutWall(read('results.json'))),
    };
    rmSync(outDir, { recursive: true, force: true });
  }
}
rmSync(root, { recursive: true, force: true });
const pairs = Object.keys(digests).length;
console.log(
  `identity: ${pairs} scenario × strategy pairs on the ${runtime} runtime in ${((Date.now() - startedMs) / 1000).toFixed(0)} s`,
);

if (values.save !== undefined) {
  writeFileSync(values.save, `${JSON.stringify(digests, null, 1)}\n`);
  console.log(`saved to ${values.save}`);
} else {
  const before = JSON.parse(readFileSync(values.against as string, 'utf8')) as Digests;
  // A subset of scenarios is compared on its own pairs; the whole library on every pair either side has.
  const keys = [...new Set([...(chosen ? [] : Object.keys(before)), ...Object.keys(digests)])].sort();
  const differences = keys.flatMap((key) => {
    const [was, now] = [before[key], digests[key]];
    if (!was || !now) return [`${key}: ${was ? 'no longer run' : 'not run before'}`];
    const files = (['history', 'ledger', 'results'] as const).filter((name) => was[name] !== now[name]);
    return files.length === 0 ? [] : [`${key}: ${files.join(', ')} differ`];
  });
  for (const line of differences) console.log(`  ${line}`);
  console.log(
    differences.length === 0
      ? `all ${pairs} identical to ${values.against}`
      : `${differences.length} of ${keys.length} differ from ${values.against}`,
  );
  process.exitCode = differences.length === 0 ? 0 : 1;
}
