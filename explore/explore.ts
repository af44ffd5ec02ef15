/**
 * `faultline explore` as a function: for each (strategy, property) pair, fast-check generates
 * scenario documents, each is written to a file and run (`runScenario`, on the direct runtime
 * by default: hundreds of scenarios a minute), and the property is checked on the results. A
 * violation is shrunk by fast-check — workload and fault schedule together — and the minimal
 * scenario is written as a counterexample file, which is then replayed through `runScenario` on
 * the Temporal runtime to show that it reproduces where the strategies really run; one that
 * does not is a runtime divergence, reported as such, never dropped. The CLI is a thin shell
 * over this; tests call it directly.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RunInterrupted, type RuntimeName } from '../runner/execute.js';
import type { Strategy } from '../strategies/types.js';
import { type ScenarioDocument, scenarioArbitrary } from './arbitraries.js';
import { type DocumentSize, documentSize, documentYaml } from './describe.js';
import { isHeldTo } from '../checkers/guarantees.js';
import { type ExploreProperty, propertiesFor } from './properties.js';
import type { ServerName } from '../engine/types.js';
import { runTrials } from './trials.js';
import { counterexampleText, replayCommands } from './counterexample.js';

/** Counterexamples are replayed where the strategies really run, whatever runtime found them. */
const REPLAY_RUNTIME: RuntimeName = 'temporal';

/** Search runs per (strategy, property) pair unless told otherwise. */
export const DEFAULT_RUNS = 20;

export interface ExploreOptions {
  readonly strategies: readonly Strategy[];
  /** Properties to explore (default: for each strategy, those it is held to). */
  readonly properties?: readonly ExploreProperty[];
  /** Search runs per pair (default 20); shrinking runs come on top. */
  readonly runs?: number;
  /** fast-check seed (default: drawn from the clock, and reported). */
  readonly seed?: number;
  /** fast-check path of a counterexample to replay (with its seed), as a failure prints it. */
  readonly path?: string;
  /**
   * Wall-clock budget for the whole exploration, shared out among the pairs; shrinking stops there with the smallest
   * counterexample so far.
   */
  readonly timeLimitMs?: number;
  /**
   * Most shrink runs per pair (default: no limit): a bound that, unlike the time limit, gives the same counterexample
   * on any machine.
   */
  readonly shrinkRuns?: number;
  /** Folder for counterexamples and their replays (default `runs/explore-<time>`). */
  readonly outDir?: string;
  /** Replay each counterexample file through `runScenario` on the Temporal runtime (default true). */
  readonly verify?: boolean;
  /** The runtime the search and shrinking run on (default `direct`); replays are on `temporal`. */
  readonly runtime?: RuntimeName;
  /** The server faultline starts for runs on the Temporal runtime, the replays among them (default `test`). */
  readonly server?: ServerName;
  readonly signal?: AbortSignal;
  readonly events?: ExploreEvents;
}

export interface PairPlan {
  readonly strategy: string;
  readonly property: string;
  /** Whether the strategy is held to the property (`false`: explored because it was asked for). */
  readonly heldTo: boolean;
  readonly runs: number;
}

export interface ExploreRun {
  readonly strategy: string;
  readonly property: string;
  /** `search` until the first violation, `shrink` after it. */
  readonly phase: 'search' | 'shrink';
  /** 1-based: the search run, or the shrink attempt. */
  readonly index: number;
  readonly document: ScenarioDocument;
}

export interface ExploreEvents {
  started?(info: { readonly seed: number; readonly folder: string; readonly pairs: readonly PairPlan[] }): void;
  pairStarted?(pair: PairPlan): void;
  runStarted?(run: ExploreRun): void;
  runFinished?(run: ExploreRun & { readonly violation?: string; readonly wallMs: number }): void;
  /**
   * A run broke (no server, a simulation that broke down): its scenario is kept in `file`, and the exploration stops
   * with the error.
   */
  runBroken?(run: ExploreRun & { readonly file: string; readonly error: unknown }): void;
  pairFinished?(outcome: PairOutcome): void;
}

export interface Counterexample {
  readonly document: ScenarioDocument;
  readonly violation: string;
  readonly size: DocumentSize;
  /** The size of the first violating scenario, before shrinking. */
  readonly firstSize: DocumentSize;
  /** The counterexample file. */
  readonly file: string;
  readonly path: string;
  /** Shrink steps: runs that found a smaller scenario still violating the property. */
  readonly shrinks: number;
  /** Runs spent shrinking (each distinct scenario runs once). */
  readonly shrinkRuns: number;
  /** The search run that found the first violation. */
  readonly foundAtRun: number;
  /** What stopped shrinking before fast-check was done, if anything: the smallest counterexample so far is reported. */
  readonly shrinkCutShort?: 'time limit' | 'shrink-runs budget';
  readonly replayCommand: string;
  readonly searchCommand: string;
  /** The file run again through `runScenario` on the Temporal runtime: whether the violation came back. */
  readonly replay?: {
    readonly runtime: RuntimeName;
    readonly reproduced: boolean;
    readonly violation?: string;
    readonly folder: string;
  };
}

export interface PairOutcome extends PairPlan {
  readonly seed: number;
  /** Search runs that completed. */
  readonly runsDone: number;
  /** Of those, the ones whose runs put the claim to the test (see `ExploreProperty.exercised`). */
  readonly exercised: number;
  /** The time limit ended the search before `runs` runs. */
  readonly interrupted: boolean;
  readonly counterexample?: Counterexample;
  readonly wallMs: number;
}

export interface ExploreOutcome {
  readonly folder: string;
  readonly seed: number;
  /** The runtime the search ran on. */
  readonly runtime: RuntimeName;
  readonly pairs: readonly PairOutcome[];
  /** No property failed. */
  readonly passed: boolean;
}

/** A seed as fast-check draws its own (clock ^ random), kept to 31 bits so that `--seed` accepts it. */
export function drawSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) & 0x7fffffff;
}

function timestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

export async function explore(options: ExploreOptions): Promise<ExploreOutcome> {
  const seed = options.seed ?? drawSeed();
  const runs = Math.max(1, Math.floor(options.runs ?? DEFAULT_RUNS));
  const folder = options.outDir ?? join('runs', `explore-${timestamp(new Date())}`);
  await mkdir(folder, { recursive: true });
  const pairs = options.strategies.flatMap((strategy) =>
    (options.properties ?? propertiesFor(strategy)).map((property) => ({
      strategy,
      property,
      plan: { strategy: strategy.name, property: property.name, heldTo: isHeldTo(strategy, property), runs },
    })),
  );
  options.events?.started?.({ seed, folder, pairs: pairs.map((pair) => pair.plan) });
  const deadlineMs = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeLimitMs;
  const outcomes: PairOutcome[] = [];
  for (const [index, pair] of pairs.entries()) {
    // Each pair gets an equal share of what is left of the budget; what it leaves, the next get.
    const pairDeadlineMs = Date.now() + (deadlineMs - Date.now()) / (pairs.length - index);
    options.events?.pairStarted?.(pair.plan);
    const outcome = await explorePair({ ...pair, seed, folder, deadlineMs: pairDeadlineMs, options });
    outcomes.push(outcome);
    options.events?.pairFinished?.(outcome);
  }
  const outcome: ExploreOutcome = {
    folder,
    seed,
    runtime: options.runtime ?? 'direct',
    pairs: outcomes,
    passed: outcomes.every((pair) => !pair.counterexample),
  };
  await writeFile(join(folder, 'explore.json'), `${JSON.stringify(outcome, null, 2)}\n`);
  return outcome;
}

interface PairInput {
  readonly strategy: Strategy;
  readonly property: ExploreProperty;
  readonly plan: PairPlan;
  readonly seed: number;
  readonly folder: string;
  readonly deadlineMs: number;
  readonly options: ExploreOptions;
}

/** The state of one pair's search: fast-check calls `test` for each generated or shrunk scenario. */
class PairSearch {
  /** Violations by the document that showed them (fast-check hands the counterexample back as the same object). */
  readonly violations = new WeakMap<ScenarioDocument, string>();
  /**
   * Runs are deterministic, and shrinking proposes one file many times (after each step it tries again what failed to
   * shrink before): each distinct file runs once.
   */
  private readonly verdicts = new Map<string, string | undefined>();
  /** The first violating scenario: from then on, runs are shrink runs. */
  first: ScenarioDocument | undefined;
  searchRuns = 0;
  shrinkRuns = 0;
  /**
   * Shrink runs that found a smaller violating scenario (fast-check's count also has steps that changed nothing in the
   * file).
   */
  shrinkSteps = 0;
  exercised = 0;
  broken: unknown;
  cutShort: Counterexample['shrinkCutShort'];

  constructor(private readonly input: PairInput) {}

  readonly test = async (document: ScenarioDocument): Promise<boolean> => {
    const { options, deadlineMs } = this.input;
    // Stop between runs, never inside one: fast-check's own time limit would abandon a run that still holds a server.
    if (options.signal?.aborted || Date.now() >= deadlineMs) throw new fc.PreconditionFailure(true);
    const text = documentYaml(document);
    if (this.verdicts.has(text)) return this.remember(document, this.verdicts.get(text));
    if (this.first && options.shrinkRuns !== undefined && this.shrinkRuns >= options.shrinkRuns) {
      this.cutShort = 'shrink-runs budget';
      throw new fc.PreconditionFailure(true);
    }
    const violation = await this.run(document, text);
    this.verdicts.set(text, violation);
    if (violation !== undefined && this.first) this.shrinkSteps += 1;
    return this.remember(document, violation);
  };

  private remember(document: ScenarioDocument, violation: string | undefined): boolean {
    if (violation === undefined) return true;
    this.violations.set(document, violation);
    this.first ??= document;
    return false;
  }

  /** Writes the document to a scratch file, runs it, checks the property; the scratch folder goes afterwards. */
  private async run(document: ScenarioDocument, text: string): Promise<string | undefined> {
    const { strategy, property, options, folder } = this.input;
    const run: ExploreRun = {
      strategy: strategy.name,
      property: property.name,
      phase: this.first ? 'shrink' : 'search',
      index: this.first ? ++this.shrinkRuns : ++this.searchRuns,
      document,
    };
    options.events?.runStarted?.(run);
    const startedMs = Date.now();
    const scratch = await mkdtemp(join(tmpdir(), 'faultline-explore-'));
    try {
      const file = join(scratch, 'scenario.yaml');
      await writeFile(file, text);
      const trials = await runTrials(
        file,
        strategy,
        property.runsPerScenario ?? 1,
        scratch,
        options.runtime ?? 'direct',
        options.signal,
        options.server,
      );
      const violation = property.check(trials);
      if (run.phase === 'search' && (property.exercised?.(trials) ?? true)) this.exercised += 1;
      options.events?.runFinished?.({ ...run, violation, wallMs: Date.now() - startedMs });
      return violation;
    } catch (error) {
      // A broken run (no server, a simulation that broke down) is no counterexample: keep its file, stop, report it.
      this.broken = error;
      if (!options.signal?.aborted) {
        const kept = join(folder, `broken-${property.name}-${strategy.name}.yaml`);
        await writeFile(kept, text);
        options.events?.runBroken?.({ ...run, file: kept, error });
      }
      throw new fc.PreconditionFailure(true);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

async function explorePair(input: PairInput): Promise<PairOutcome> {
  const { property, plan, seed, options } = input;
  const startedMs = Date.now();
  const search = new PairSearch(input);
  const arbitrary = scenarioArbitrary({ ...property.scenarios, name: `explore-${property.name}` });
  const details = await fc.check(fc.asyncProperty(arbitrary, search.test), {
    seed,
    numRuns: plan.runs,
    ...(options.path ? { path: options.path } : {}),
  });
  if (options.signal?.aborted) throw new RunInterrupted();
  if (search.broken !== undefined) throw search.broken;
  const base = { ...plan, seed, exercised: search.exercised };
  const document = details.failed && details.counterexample ? details.counterexample[0] : undefined;
  if (!document || !search.first) {
    // Limits are checked before a run starts, so every search run counted completed.
    return { ...base, runsDone: search.searchRuns, interrupted: details.interrupted, wallMs: Date.now() - startedMs };
  }
  const counterexample = await writeCounterexample(input, {
    document,
    violation: search.violations.get(document) ?? 'violated',
    firstSize: documentSize(search.first),
    path: details.counterexamplePath ?? '',
    shrinks: search.shrinkSteps,
    shrinkRuns: search.shrinkRuns,
    foundAtRun: details.numRuns,
    shrinkCutShort: details.interrupted ? (search.cutShort ?? 'time limit') : undefined,
  });
  return { ...base, runsDone: details.numRuns, interrupted: false, counterexample, wallMs: Date.now() - startedMs };
}

type Found = Omit<Counterexample, 'file' | 'size' | 'replayCommand' | 'searchCommand' | 'replay'>;

async function writeCounterexample(input: PairInput, found: Found): Promise<Counterexample> {
  const { strategy, property, seed, folder, options } = input;
  const file = join(folder, `counterexample-${property.name}-${strategy.name}.yaml`);
  const commands = replayCommands({
    file,
    strategy: strategy.name,
    property: property.name,
    seed,
    path: found.path,
    runsPerScenario: property.runsPerScenario ?? 1,
  });
  await writeFile(file, counterexampleText({ ...found, ...commands, strategy: strategy.name, property, seed }));
  const counterexample: Counterexample = { ...found, file, size: documentSize(found.document), ...commands };
  if (options.verify === false || options.signal?.aborted) return counterexample;
  const replayFolder = join(folder, `replay-${property.name}-${strategy.name}`);
  const trials = await runTrials(
    file,
    strategy,
    property.runsPerScenario ?? 1,
    replayFolder,
    REPLAY_RUNTIME,
    options.signal,
    options.server,
  );
  const violation = property.check(trials);
  return {
    ...counterexample,
    replay: { runtime: REPLAY_RUNTIME, reproduced: violation !== undefined, violation, folder: replayFolder },
  };
}
