/**
 * `npm run stress`: runs of a scenario under CPU contention, to show that what a run concludes
 * does not depend on how busy the machine is.
 *
 * First one run alone (the reference), then `--rounds` rounds of `--runs` concurrent
 * `faultline run` processes beside `--hogs` busy-looping processes. Each loaded run must exit
 * as the reference did, without a stall, and give the same history.jsonl, ledger.jsonl and
 * results.json (less `wall`) byte for byte. Prints one line per run and a summary; exits 1 on
 * any stall, failure or divergence.
 *
 * Usage: npm run stress [-- --runs 6 --rounds 3 --hogs 2 --scenario scenarios/smoke.yaml --strategy stateful --keep]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { firstDifference } from '../runner/audit.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    hogs: { type: 'string', default: String(cpus().length) },
    scenario: { type: 'string', default: 'scenarios/smoke.yaml' },
    strategy: { type: 'string', default: 'stateful' },
    runtime: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const runsPerRound = Number(values.runs);
const rounds = Number(values.rounds);
const hogCount = Number(values.hogs);
const cli = resolve('bin/faultline.js');
const root = mkdtempSync(join(tmpdir(), 'faultline-stress-'));

interface RunOutcome {
  readonly folder: string;
  readonly exitCode: number | null;
  readonly wallMs: number;
  readonly stalled: boolean;
  readonly stderrTail: string;
}

function runOnce(folder: string): Promise<RunOutcome> {
  const startedAt = Date.now();
  const args = [
    cli,
    'run',
    values.scenario,
    '-s',
    values.strategy,
    '--out',
    folder,
    '--no-progress',
    ...(values.runtime ? ['--runtime', values.runtime] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  return new Promise((done) => {
    child.on('close', (exitCode) => {
      done({
        folder,
        exitCode,
        wallMs: Date.now() - startedAt,
        stalled: /stalled/.test(stderr),
        stderrTail: stderr.trim().split('\n').slice(-6).join('\n'),
      });
    });
  });
}

/** The first way a run's outputs differ from the reference's, or null. */
function divergence(reference: string, folder: string): string | null {
  for (const file of ['history.jsonl', 'ledger.jsonl']) {
    let ours: string;
    try {
      ours = readFileSync(join(folder, file), 'utf8');
    } catch {
      return `no ${file}`;
    }
    const theirs = readFileSync(join(reference, file), 'utf8');
    if (ours === theirs) continue;
    const a = theirs.split('\n');
    const b = ours.split('\n');
    const line = a.findIndex((text, index) => text !== b[index]);
    return `${file} line ${line + 1}: ${(b[line] ?? '(none)').slice(0, 160)} (reference: ${(a[line] ?? '(none)').slice(0, 160)})`;
  }
  const withoutWall = (path: string) => {
    const { wall: _wall, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return rest;
  };
  let results: Record<string, unknown>;
  try {
    results = withoutWall(join(folder, 'results.json'));
  } catch {
    return 'no results.json';
  }
  const difference = firstDifference(withoutWall(join(reference, 'results.json')), results);
  return difference
    ? `results.json ${difference.path}: ${JSON.stringify(difference.second)} (reference: ${JSON.stringify(difference.first)})`
    : null;
}

function startHogs(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
process.stdout.write(
  `stress: ${values.scenario} -s ${values.strategy}${values.runtime ? ` --runtime ${values.runtime}` : ''}, ${countOf(rounds, 'round')} of ${countOf(runsPerRound, 'concurrent run')} beside ${countOf(hogCount, 'CPU hog')}, on ${countOf(cpus().length, 'core')}\n` +
    `output: ${root}\n`,
);
const reference = await runOnce(join(root, 'reference'));
process.stdout.write(`reference (alone): exit ${reference.exitCode}, ${seconds(reference.wallMs)}\n`);
if (reference.exitCode !== 0 && reference.exitCode !== 1) {
  process.stdout.write(`the reference run failed:\n${reference.stderrTail}\n`);
  process.exit(2);
}

const hogs = startHogs(hogCount);
const stopHogs = () => {
  for (const hog of hogs) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);
let stalls = 0;
let failures = 0;
let divergences = 0;
try {
  for (let round = 1; round <= rounds; round++) {
    const outcomes = await Promise.all(
      Array.from({ length: runsPerRound }, (_, index) => runOnce(join(root, `round${round}-run${index + 1}`))),
    );
    const load = loadavg()[0]?.toFixed(1);
    for (const [index, outcome] of outcomes.entries()) {
      const diverged = outcome.exitCode === reference.exitCode ? divergence(reference.folder, outcome.folder) : null;
      if (outcome.stalled) stalls++;
      if (outcome.exitCode !== reference.exitCode) failures++;
      if (diverged) divergences++;
      const verdict = outcome.stalled
        ? 'STALLED'
        : outcome.exitCode !== reference.exitCode
          ? `EXIT ${outcome.exitCode}`
          : diverged
            ? 'DIVERGED'
            : 'identical';
      process.stdout.write(`round ${round} run ${index + 1}: ${verdict}, ${seconds(outcome.wallMs)} (load ${load})\n`);
      if (diverged) process.stdout.write(`  ${diverged}\n`);
      if (outcome.exitCode !== reference.exitCode)
        process.stdout.write(`  ${outcome.stderrTail.replace(/\n/g, '\n  ')}\n`);
    }
  }
} finally {
  stopHogs();
}
const total = rounds * runsPerRound;
process.stdout.write(
  `\n${total} loaded runs: ${stalls} stalled, ${failures - stalls} failed otherwise, ${divergences} diverged from the reference; ${total - failures - divergences} identical\n`,
);
if (!values.keep && stalls + failures + divergences === 0) rmSync(root, { recursive: true, force: true });
process.exit(stalls + failures + divergences === 0 ? 0 : 1);
