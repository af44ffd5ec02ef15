/**
 * The progress display of `faultline explore`: per (strategy, property) pair, the search runs
 * done, the failures, and while shrinking the attempt and the smallest counterexample so far.
 * A live bar on a terminal; on anything else (CI logs, pipes) a line per pair, per violation
 * and per successful shrink step.
 */
import { SingleBar } from 'cli-progress';
import pc from 'picocolors';
import type { ExploreRun, PairOutcome, PairPlan } from '../../explore/explore.js';
import { describeDocument } from '../../explore/describe.js';
import { formatDurationMs } from '../../simulator/base/time.js';
import { countOf } from '../../simulator/base/words.js';

const LABEL_WIDTH = 44;

export class ExploreProgress {
  private bar: SingleBar | undefined;
  private readonly live: boolean;
  private failures = 0;
  private smallest = '';
  private runs = 0;

  constructor(private readonly enabled: boolean) {
    this.live = enabled && Boolean(process.stderr.isTTY);
  }

  pairStarted(pair: PairPlan): void {
    this.failures = 0;
    this.smallest = '';
    this.runs = 0;
    if (!this.enabled) return;
    const label = `${pair.strategy} · ${pair.property}${pair.heldTo ? '' : ' (not claimed)'}`;
    if (!this.live) {
      process.stderr.write(`exploring ${label}: up to ${countOf(pair.runs, 'run')}...\n`);
      return;
    }
    this.bar = new SingleBar({
      stream: process.stderr,
      format: `${label.padEnd(LABEL_WIDTH).slice(0, LABEL_WIDTH)} {bar} {value}/{total} runs | failures {failures} | {status}`,
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
    });
    this.bar.start(pair.runs, 0, { failures: 0, status: 'searching' });
  }

  runStarted(run: ExploreRun): void {
    if (run.phase === 'search')
      this.bar?.update(this.runs, { status: `run ${run.index}: ${describeDocument(run.document).slice(0, 60)}` });
    else this.bar?.update(this.runs, { status: `shrink ${run.index}, smallest so far: ${this.smallest.slice(0, 60)}` });
  }

  runFinished(run: ExploreRun & { violation?: string }): void {
    if (run.phase === 'search') this.runs = run.index;
    if (run.violation === undefined) {
      this.bar?.update(this.runs, {});
      return;
    }
    this.failures += 1;
    this.smallest = describeDocument(run.document);
    this.bar?.update(this.runs, { failures: this.failures });
    if (this.live || !this.enabled) return;
    const what =
      run.phase === 'search' ? `${pc.red('violated')} at run ${run.index}` : `shrink ${run.index} still violates`;
    process.stderr.write(`  ${what}: ${this.smallest}\n    ${run.violation}\n`);
  }

  pairFinished(outcome: PairOutcome): void {
    this.stop();
    if (!this.enabled || this.live) return;
    const verdict = outcome.counterexample
      ? pc.red(`violated; shrunk to ${describeDocument(outcome.counterexample.document)}`)
      : `${countOf(outcome.runsDone, 'run')}, no violation`;
    process.stderr.write(`  ${verdict} (${formatDurationMs(outcome.wallMs)})\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
