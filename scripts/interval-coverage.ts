/**
 * `npm run coverage:intervals`: how often the 95% intervals of a multi-seed summary hold the
 * true mean — a simulation with a known truth (ARCHITECTURE.md, "Several seeds").
 *
 * A pool of many seeds of one scenario runs on the direct runtime (`runSeeds`, no cross-check,
 * in chunks whose run folders are removed once read); each seed's results.json is read through
 * the report's metric readers, per strategy. The pool is the population and its mean the truth.
 * Then, for each K, many replicate samples of K seeds are drawn from the pool with replacement
 * (a seeded stream: the script is deterministic), and each interval — Student's t, BCa, and the
 * one summary.json gives (`chooseInterval`) — is computed on every replicate as a multi-seed run
 * of those K seeds would: per strategy, and per pair of strategies over the same seeds' paired
 * differences. Coverage is the share of replicates whose interval holds the pool's mean, with
 * its Monte Carlo standard error √(p(1 − p)/replicates). A metric that is constant over the pool
 * (every strategy, every pair) has nothing to cover and is listed as skipped.
 *
 * The pool's per-seed values are cached in runs/interval-coverage/ (gitignored), keyed by the
 * scenario file's bytes, the strategies and the results format: a second run with other K or
 * replicates starts at once, and a larger --pool runs only the seeds it lacks. The cache does not
 * know the simulator's code: after a change that moves results, pass --fresh.
 *
 * Usage: npm run coverage:intervals [-- --scenario scripts/interval-coverage.yaml --pool 400
 *   --replicates 2000 --k 8,16,32 --strategy stateful --strategy hybrid --metrics jobLatencyP99,queueWaitP95
 *   --parallel 2 --fresh --out coverage.md]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { sampleSkewness } from 'simple-statistics';
import {
  bcaEnds,
  bootstrapMean,
  type CaveatKind,
  chooseInterval,
  coverageCaveat,
  type Interval,
  SUMMARY_METRIC_KEYS,
  tInterval,
} from '../results/aggregate.js';
import { writeJsonAtomic } from '../results/files.js';
import { RESULTS_FORMAT_VERSION, type RunResults } from '../results/run.js';
import { runSeeds, seedFolderName } from '../runner/seeds.js';
import { CONFIDENCE } from '../results/summary.js';
import { REPORT_METRICS, type ReportMetric } from '../results/metrics.js';
import { RandomStream } from '../simulator/base/random.js';
import { formatDurationMs } from '../simulator/base/time.js';
import { comparedStrategies, findStrategy } from '../strategies/index.js';
import type { Strategy } from '../strategies/types.js';

const { values: options } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'scripts/interval-coverage.yaml' },
    pool: { type: 'string', default: '400' },
    replicates: { type: 'string', default: '2000' },
    k: { type: 'string', default: '8,16,32' },
    strategy: { type: 'string', multiple: true },
    metrics: { type: 'string', default: SUMMARY_METRIC_KEYS.join(',') },
    parallel: { type: 'string', default: String(Math.min(availableParallelism(), 4)) },
    fresh: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const say = (text: string) => process.stdout.write(`${text}\n`);
const positive = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer, got ${text}`);
  return value;
};

const scenarioFile = options.scenario;
const poolSize = positive('pool', options.pool);
const replicates = positive('replicates', options.replicates);
const sampleSizes = options.k.split(',').map((text) => positive('k', text.trim()));
const parallel = positive('parallel', options.parallel);
const strategies: Strategy[] = options.strategy
  ? options.strategy.map((name) => findStrategy(name) ?? fail(`no strategy named ${name}`))
  : comparedStrategies();
const metrics: ReportMetric[] = options.metrics
  .split(',')
  .map(
    (key) =>
      REPORT_METRICS.find((metric) => metric.key === key.trim()) ??
      fail(`no report metric ${key} (results/metrics.ts)`),
  );

function fail(message: string): never {
  throw new Error(message);
}

// --- The pool: per seed, every report metric of every strategy.

/** Seeds run into one folder at a time, read, then removed: a chunk's run folders take about 5 MB a seed. */
const CHUNK_SEEDS = 50;
/** The pool's seeds are 1, 2, … (a fixed start, so that a larger pool extends a smaller one). */
const FIRST_SEED = 1;
const CACHE_FOLDER = 'runs/interval-coverage';

interface PoolSeed {
  readonly seed: number;
  /**
   * Report metric key → its value per strategy (in the cache's strategy order); null: nothing measured, or not finite.
   */
  readonly values: Record<string, (number | null)[]>;
}

interface PoolCache {
  readonly scenario: string;
  readonly key: string;
  readonly strategies: readonly string[];
  /** Wall time spent running the seeds held, over every run that added to the cache. */
  wallMs: number;
  readonly seeds: PoolSeed[];
}

/** What the cached values depend on besides the code: the scenario file's bytes, the strategies, the results format. */
function cacheKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(scenarioFile));
  hash.update(`\u0000${strategies.map((strategy) => strategy.name).join(',')}\u0000${RESULTS_FORMAT_VERSION}`);
  return hash.digest('hex').slice(0, 16);
}

function loadCache(path: string, key: string): PoolCache {
  const empty: PoolCache = {
    scenario: scenarioFile,
    key,
    strategies: strategies.map((strategy) => strategy.name),
    wallMs: 0,
    seeds: [],
  };
  if (options.fresh || !existsSync(path)) return empty;
  const cached = JSON.parse(readFileSync(path, 'utf8')) as PoolCache;
  return cached.key === key ? cached : empty;
}

/** Every report metric of every strategy on one seed, as the summary reads them. */
function seedValues(results: RunResults): Record<string, (number | null)[]> {
  return Object.fromEntries(
    REPORT_METRICS.map((metric) => [
      metric.key,
      strategies.map((strategy) => {
        const found =
          results.strategies.find((entry) => entry.name === strategy.name) ??
          fail(`seed ${results.seed} has no results for ${strategy.name}`);
        const value = metric.read(found);
        return value !== null && Number.isFinite(value) ? value : null;
      }),
    ]),
  );
}

/** Runs the seeds the cache lacks, a chunk at a time, saving the cache after each. */
async function growPool(cache: PoolCache, path: string): Promise<number> {
  const startedMs = Date.now();
  // Of this process alone: another run of the script (another scenario, or the same) may be filling its own.
  const chunkFolder = join(CACHE_FOLDER, `chunk-${cache.key}-${process.pid}`);
  while (cache.seeds.length < poolSize) {
    const firstSeed = FIRST_SEED + cache.seeds.length;
    const count = Math.min(CHUNK_SEEDS, poolSize - cache.seeds.length);
    const chunkStartedMs = Date.now();
    await runSeeds({
      scenarioFile,
      strategies,
      firstSeed,
      seeds: count,
      parallel,
      outDir: chunkFolder,
      runtime: 'direct',
      crossCheck: false,
      force: true,
      yes: true,
    });
    for (let seed = firstSeed; seed < firstSeed + count; seed++) {
      const results = JSON.parse(
        readFileSync(join(chunkFolder, seedFolderName(seed), 'results.json'), 'utf8'),
      ) as RunResults;
      cache.seeds.push({ seed, values: seedValues(results) });
    }
    cache.wallMs += Date.now() - chunkStartedMs;
    await writeJsonAtomic(path, cache);
    rmSync(chunkFolder, { recursive: true, force: true });
    say(
      `  pool: seeds ${firstSeed}–${firstSeed + count - 1} in ${formatDurationMs(Date.now() - chunkStartedMs)} (${cache.seeds.length} of ${poolSize})`,
    );
  }
  return Date.now() - startedMs;
}

// --- Series: what an interval is computed for (a strategy's metric, or a pair's differences).

interface Series {
  readonly metric: ReportMetric;
  /** A strategy's name, or `a − b`. */
  readonly name: string;
  /** Per pool seed: the value, or null where the summary would leave the seed out. */
  readonly values: readonly (number | null)[];
  /** The pool's mean over its measured seeds: the truth every interval is judged against. */
  readonly truth: number;
  readonly skewness: number;
}

function seriesOf(metric: ReportMetric, name: string, values: readonly (number | null)[]): Series | string {
  const measured = values.filter((value): value is number => value !== null);
  if (measured.length < 3)
    return `${metric.key} ${name}: measured on ${measured.length === 0 ? 'no' : `${measured.length} of ${values.length}`} seeds`;
  const first = measured[0] as number;
  if (measured.every((value) => value === first)) return `${metric.key} ${name}: ${first} on every seed`;
  return {
    metric,
    name,
    values,
    truth: measured.reduce((sum, value) => sum + value, 0) / measured.length,
    skewness: sampleSkewness(measured),
  };
}

/**
 * Each strategy's values, then each pair's differences a − b on the seeds where both were
 * measured; and why the rest were skipped: a metric with nothing to cover anywhere in one line,
 * otherwise each series skipped.
 */
function buildSeries(cache: PoolCache, pool: readonly PoolSeed[]): { series: Series[]; skipped: string[] } {
  const series: Series[] = [];
  const skipped: string[] = [];
  for (const metric of metrics) {
    const of = (index: number) => pool.map((seed) => seed.values[metric.key]?.[index] ?? null);
    const candidates = [
      ...cache.strategies.map((name, index) => seriesOf(metric, name, of(index))),
      ...cache.strategies.flatMap((a, i) =>
        cache.strategies.slice(i + 1).map((b, offset) => {
          const aValues = of(i);
          const bValues = of(i + 1 + offset);
          return seriesOf(
            metric,
            `${a} − ${b}`,
            aValues.map((value, seed) =>
              value === null || bValues[seed] == null ? null : value - (bValues[seed] as number),
            ),
          );
        }),
      ),
    ];
    const kept = candidates.filter((entry): entry is Series => typeof entry !== 'string');
    const reasons = candidates.filter((entry): entry is string => typeof entry === 'string');
    series.push(...kept);
    if (kept.length === 0)
      skipped.push(
        `${metric.key} (${[...new Set(reasons.map((reason) => reason.replace(/^.*?: /, '')))].join(', ')}: every strategy and pair)`,
      );
    else skipped.push(...reasons);
  }
  return { series, skipped };
}

// --- Replicates: K seeds drawn from the pool, every interval computed on them.

const REPLICATE_SEED = 20_260_118;
/** The intervals counted: t, plain BCa, BCa expanded for small samples, and the one summary.json gives. */
type Method = 't' | 'bca' | 'expanded' | 'summary';

interface Tally {
  covered: number;
  /** The truth was below the interval's low end / above its high end. */
  below: number;
  above: number;
  /** No interval (fewer than two measured seeds in the replicate). */
  none: number;
  widthSum: number;
  /** Replicates on which the summary's choice was BCa (for the `summary` method). */
  bca: number;
  /**
   * For the `summary` method: replicates and covered ones by the caveat summary.json would print (`none`: no caveat).
   */
  readonly caveats: Partial<Record<CaveatKind | 'none', { replicates: number; covered: number }>>;
}

const newTally = (): Tally => ({ covered: 0, below: 0, above: 0, none: 0, widthSum: 0, bca: 0, caveats: {} });

/** Counts one interval; true when it held the truth. */
function record(tally: Tally, interval: Interval | null, truth: number): boolean {
  if (!interval) {
    tally.none++;
    return false;
  }
  tally.widthSum += interval.high - interval.low;
  if (truth < interval.low) tally.below++;
  else if (truth > interval.high) tally.above++;
  else tally.covered++;
  return truth >= interval.low && truth <= interval.high;
}

/**
 * The K pool indices of one replicate: the same for every series, so that a pair's differences come from the same seeds
 * as its strategies' values.
 */
function replicateSeeds(k: number, replicate: number, poolLength: number): number[] {
  const draws = new RandomStream(REPLICATE_SEED, ['replicate', k, replicate]);
  return Array.from({ length: k }, () => draws.int(0, poolLength - 1));
}

function tallySeries(series: readonly Series[], k: number, poolLength: number): Map<Series, Record<Method, Tally>> {
  const tallies = new Map(
    series.map((entry) => [entry, { t: newTally(), bca: newTally(), expanded: newTally(), summary: newTally() }]),
  );
  for (let replicate = 0; replicate < replicates; replicate++) {
    const seeds = replicateSeeds(k, replicate, poolLength);
    for (const entry of series) {
      const sample = seeds.flatMap((seed) => {
        const value = entry.values[seed];
        return value === null || value === undefined ? [] : [value];
      });
      const tally = tallies.get(entry) as Record<Method, Tally>;
      const t = tInterval(sample);
      // One bootstrap for both BCa intervals, as bcaInterval would draw it.
      const bootstrap = bootstrapMean(sample);
      const bca = bootstrap === null || !('means' in bootstrap) ? bootstrap : bcaEnds(bootstrap);
      const expanded = bootstrap === null || !('means' in bootstrap) ? bootstrap : bcaEnds(bootstrap, CONFIDENCE, true);
      // What describeSample gives these values: the same choice and caveat, the same interval.
      const chosen = chooseInterval(sample);
      const caveat = coverageCaveat(sample);
      record(tally.t, t, entry.truth);
      record(tally.bca, bca, entry.truth);
      record(tally.expanded, expanded, entry.truth);
      const covered = record(tally.summary, chosen === 'bca' ? expanded : t, entry.truth);
      if (chosen === 'bca') tally.summary.bca++;
      const byCaveat = (tally.summary.caveats[caveat?.kind ?? 'none'] ??= { replicates: 0, covered: 0 });
      byCaveat.replicates++;
      if (covered) byCaveat.covered++;
    }
  }
  return tallies;
}

// --- The table.

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

interface Row {
  /** The series' place in the list: metrics in order, each strategy, then each pair. */
  readonly order: number;
  readonly metric: string;
  readonly series: string;
  readonly k: number;
  readonly skewness: number;
  readonly tallies: Record<Method, Tally>;
}

function coverageCells(tally: Tally): [string, string] {
  const share = tally.covered / replicates;
  return [percent(share), `±${(Math.sqrt((share * (1 - share)) / replicates) * 100).toFixed(1)}`];
}

const HEAD = [
  'metric',
  'strategy or pair',
  'K',
  'pool skew',
  'nominal',
  't',
  '± se',
  'BCa',
  '± se',
  'BCa exp.',
  '± se',
  'summary',
  '± se',
  'no caveat',
  'caveats',
  'misses ↓/↑: t',
  'BCa',
  'BCa exp.',
  'width ÷ t: BCa',
  'BCa exp.',
];

/**
 * The summary's coverage on the replicates it printed no caveat for, and how often it printed which caveat (with the
 * coverage there).
 */
function caveatCells(tally: Tally): [string, string] {
  const quiet = tally.caveats.none;
  const noted = Object.entries(tally.caveats).filter(([kind]) => kind !== 'none');
  return [
    quiet && quiet.replicates > 0 ? `${percent(quiet.covered / quiet.replicates)} of ${quiet.replicates}` : '-',
    noted
      .map(
        ([kind, count]) =>
          `${kind} ${percent((count?.replicates ?? 0) / replicates)}: ${percent((count?.covered ?? 0) / Math.max(1, count?.replicates ?? 0))}`,
      )
      .join(', ') || '-',
  ];
}

function rowCells(row: Row): string[] {
  const { t, bca, expanded, summary } = row.tallies;
  const misses = (tally: Tally) => `${percent(tally.below / replicates)} / ${percent(tally.above / replicates)}`;
  const summaryLabel = summary.bca === replicates ? 'bca' : summary.bca === 0 ? 't' : 'mixed';
  const widthRatio = (tally: Tally) => (t.widthSum > 0 ? (tally.widthSum / t.widthSum).toFixed(2) : '-');
  return [
    row.metric,
    row.series,
    String(row.k),
    row.skewness.toFixed(2),
    percent(CONFIDENCE),
    ...coverageCells(t),
    ...coverageCells(bca),
    ...coverageCells(expanded),
    `${coverageCells(summary)[0]} (${summaryLabel})`,
    coverageCells(summary)[1],
    ...caveatCells(summary),
    misses(t),
    misses(bca),
    misses(expanded),
    widthRatio(bca),
    widthRatio(expanded),
  ];
}

function markdown(rows: readonly Row[], header: readonly string[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [...header, '', line(HEAD), line(HEAD.map(() => '---')), ...rows.map((row) => line(rowCells(row)))].join('\n');
}

async function main(): Promise<void> {
  const key = cacheKey();
  const cachePath = join(CACHE_FOLDER, `${basename(scenarioFile).replace(/\.\w+$/, '')}-${key}.json`);
  const cache = loadCache(cachePath, key);
  if (cache.strategies.join(',') !== strategies.map((strategy) => strategy.name).join(','))
    fail(`cache ${cachePath} holds other strategies: pass --fresh`);
  say(
    `interval coverage — ${scenarioFile}, ${strategies.length} strategies, pool of ${poolSize} seeds (${cache.seeds.length} cached in ${cachePath}); ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
  );
  const ranMs = await growPool(cache, cachePath);
  const pool = cache.seeds.slice(0, poolSize);
  const poolNote = `pool: seeds ${FIRST_SEED}–${FIRST_SEED + pool.length - 1} of ${scenarioFile} on the direct runtime, ${formatDurationMs(cache.wallMs)} of seeds at ${parallel} at a time${ranMs > 0 ? ` (${formatDurationMs(ranMs)} this time)` : ' (all from the cache)'}`;
  say(poolNote);

  const { series, skipped } = buildSeries(cache, pool);
  const rows: Row[] = [];
  for (const k of sampleSizes) {
    const startedMs = Date.now();
    const tallies = tallySeries(series, k, pool.length);
    series.forEach((entry, order) =>
      rows.push({
        order,
        metric: entry.metric.label,
        series: entry.name,
        k,
        skewness: entry.skewness,
        tallies: tallies.get(entry) as Record<Method, Tally>,
      }),
    );
    say(
      `  K = ${k}: ${replicates} replicates × ${series.length} series in ${formatDurationMs(Date.now() - startedMs)}`,
    );
  }
  rows.sort((a, b) => a.order - b.order || a.k - b.k);

  const table = new Table({
    head: HEAD,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(rowCells(row));
  say(table.toString());
  const notes = [
    `${replicates} replicates of K seeds drawn with replacement from the pool; coverage: the share whose ${percent(CONFIDENCE)} interval held the pool's mean, ± its Monte Carlo standard error (percentage points).`,
    'misses ↓: the pool mean lay below the interval; ↑: above it. summary: the interval summary.json gives (chooseInterval in results/aggregate.ts).',
    `skipped (constant over the pool, or measured on too few seeds): ${skipped.length === 0 ? 'none' : skipped.join('; ')}`,
  ];
  for (const note of notes) say(note);
  if (options.out) {
    writeFileSync(
      options.out,
      `${markdown(rows, [`# Interval coverage: ${scenarioFile}`, '', poolNote, '', ...notes.map((note) => `- ${note}`)])}\n`,
    );
    say(`written: ${options.out}`);
  }
}

await main();
