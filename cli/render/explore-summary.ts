/**
 * What `faultline explore` prints at the end: per pair, its verdict with its seed; per violation, the minimal
 * counterexample, its file and the commands that replay it.
 */
import pc from 'picocolors';
import type { ExploreOutcome, PairOutcome } from '../../explore/explore.js';
import { describeFault } from '../../explore/describe.js';
import { formatDurationMs } from '../../simulator/base/time.js';
import { countOf } from '../../simulator/base/words.js';

const sizeText = (size: { jobs: number; faults: number }) =>
  `${countOf(size.jobs, 'job')}, ${countOf(size.faults, 'fault')}`;

function renderPassed(pair: PairOutcome): string[] {
  const vacuous = pair.exercised < pair.runsDone ? `, ${pair.exercised} of them put it to the test` : '';
  const cut = pair.interrupted ? pc.yellow(` (time limit: ${pair.runsDone} of ${countOf(pair.runs, 'run')})`) : '';
  return [
    `${pc.green('✓')} ${pair.strategy} holds ${pair.property}: ${countOf(pair.runsDone, 'run')} passed${vacuous}${cut} — seed ${pair.seed}, ${formatDurationMs(pair.wallMs)}`,
  ];
}

function renderFailed(outcome: ExploreOutcome, pair: PairOutcome): string[] {
  const found = pair.counterexample;
  if (!found) return [];
  const faults = found.document.faults ?? [];
  const size = found.size;
  const lines = [
    `${pc.red('✗')} ${pair.strategy} violates ${pair.property}${pair.heldTo ? '' : ' (not claimed)'}: ${found.violation}`,
    `    found at run ${found.foundAtRun} of ${pair.runs} (seed ${pair.seed}, path ${found.path}); shrunk from ${sizeText(found.firstSize)} to ${sizeText(size)} in ${countOf(found.shrinks, 'step')} (${countOf(found.shrinkRuns, 'run')}); ${formatDurationMs(pair.wallMs)} in all` +
      (found.shrinkCutShort ? pc.yellow(` — cut short by the ${found.shrinkCutShort}`) : ''),
    `    minimal counterexample: ${countOf(size.jobs, 'job')}, ${countOf(size.workers, 'worker')} in ${countOf(size.zones, 'zone')}, ${faults.length === 0 ? 'no faults' : `${countOf(faults.length, 'fault')}:`}`,
    ...faults.map((fault) => `      ${describeFault(fault)}`),
    `    file:   ${found.file}`,
    `    replay: ${pc.bold(found.replayCommand)}`,
    `    search: ${found.searchCommand}`,
  ];
  if (found.replay) {
    lines.push(
      found.replay.reproduced
        ? `    replayed through faultline run on ${found.replay.runtime}: ${pc.red('reproduces')} (${found.replay.folder})`
        : `    replayed through faultline run on ${found.replay.runtime}: ${pc.red('did not reproduce')} — a runtime divergence, a faultline bug: the ${outcome.runtime} runtime found it and Temporal does not show it (${found.replay.folder})`,
    );
  }
  return lines;
}

export function renderExploreSummary(outcome: ExploreOutcome): string {
  const lines = outcome.pairs.flatMap((pair) =>
    pair.counterexample ? renderFailed(outcome, pair) : renderPassed(pair),
  );
  const failed = outcome.pairs.filter((pair) => pair.counterexample).length;
  lines.push(
    failed === 0
      ? pc.green(`no property failed (${outcome.pairs.length} explored, seed ${outcome.seed})`)
      : pc.red(
          `${failed} of ${countOf(outcome.pairs.length, 'property', 'properties')} failed (seed ${outcome.seed}); counterexamples in ${outcome.folder}`,
        ),
  );
  return `${lines.join('\n')}\n`;
}
