/**
 * A counterexample file: the minimal scenario as YAML — exactly the document that was run — under
 * a comment header that says which property it violates, how, and how to replay it.
 */
import { countOf } from '../simulator/base/words.js';
import type { ScenarioDocument } from './arbitraries.js';
import { describeFault, documentYaml } from './describe.js';
import type { ExploreProperty } from './properties.js';

/** Quotes an argument for a POSIX shell only when it needs it. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

export interface ReplayCommands {
  /** Runs the file: the property's targets make it exit 1, naming the violation. */
  readonly replayCommand: string;
  /** Repeats the search from the counterexample's fast-check path (and shrinks on from there). */
  readonly searchCommand: string;
}

export function replayCommands(input: {
  file: string;
  strategy: string;
  property: string;
  seed: number;
  path: string;
  runsPerScenario: number;
}): ReplayCommands {
  const run = `faultline run ${shellWord(input.file)} --strategy ${input.strategy}`;
  return {
    replayCommand:
      input.runsPerScenario > 1 ? `${run} (${input.runsPerScenario} times, then compare the run folders)` : run,
    searchCommand: `faultline explore --strategy ${input.strategy} --property ${input.property} --seed ${input.seed} --path ${shellWord(input.path)}`,
  };
}

export interface CounterexampleHeader extends ReplayCommands {
  readonly document: ScenarioDocument;
  readonly strategy: string;
  readonly property: ExploreProperty;
  readonly violation: string;
  readonly seed: number;
  readonly path: string;
  readonly foundAtRun: number;
  readonly shrinks: number;
  readonly shrinkRuns: number;
  readonly shrinkCutShort?: string;
}

export function counterexampleText(header: CounterexampleHeader): string {
  const faults = header.document.faults ?? [];
  const lines = [
    `Counterexample found by faultline explore: ${header.strategy} violates ${header.property.name}.`,
    `claim: ${header.property.claim}`,
    `violation: ${header.violation}`,
    `faults: ${faults.length === 0 ? 'none' : faults.map(describeFault).join('; ')}`,
    `found at search run ${header.foundAtRun}, shrunk in ${countOf(header.shrinks, 'step')} (${countOf(header.shrinkRuns, 'run')})${header.shrinkCutShort ? ` (cut short by the ${header.shrinkCutShort}: it may shrink further)` : ''}; fast-check seed ${header.seed}, path ${header.path}`,
    `replay: ${header.replayCommand}`,
    `search again: ${header.searchCommand}`,
  ];
  return `${lines.map((line) => `# ${line.replace(/\n/g, ' ')}`).join('\n')}\n${documentYaml(header.document)}`;
}
