/**
 * Property tests with a pinned, printed seed. Every check prints its seed (and, on failure, its
 * path and the command that replays it); `FAULTLINE_PROPERTY_SEED=<n>` overrides the pinned seed
 * to explore further from the command line.
 */
import fc from 'fast-check';

/** The pinned seed, unless FAULTLINE_PROPERTY_SEED says otherwise. */
export function propertySeed(pinned: number): number {
  const override = process.env['FAULTLINE_PROPERTY_SEED'];
  return override === undefined || override === '' ? pinned : Number(override);
}

export interface PropertyRun {
  /** The test file, for the replay command. */
  readonly file: string;
  /** The test's title, for the replay command. */
  readonly title: string;
  readonly seed: number;
  readonly numRuns: number;
  /** `fail`: the property is expected to have a counterexample (a known bug the test pins down). */
  readonly expect?: 'pass' | 'fail';
}

/**
 * Runs `property` with fast-check and prints its seed. When the outcome is not the expected one,
 * throws fast-check's report plus the command that replays it; otherwise returns the details.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IRawProperty<Ts>,
  run: PropertyRun,
): Promise<fc.RunDetails<Ts>> {
  const details = await fc.check(property, { seed: run.seed, numRuns: run.numRuns });
  const outcome = details.failed ? `counterexample at path=${details.counterexamplePath}` : 'passed';
  process.stdout.write(`[property] ${run.title}: seed=${details.seed} runs=${details.numRuns} ${outcome}\n`);
  const replay = `replay: FAULTLINE_PROPERTY_SEED=${details.seed} npx vitest run ${run.file} -t ${JSON.stringify(run.title)}`;
  if (details.failed && (run.expect ?? 'pass') === 'pass') {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\nGot: ${cause}\n${replay}`);
  }
  if (!details.failed && run.expect === 'fail')
    throw new Error(
      `expected a counterexample within ${run.numRuns} runs, found none (seed ${details.seed})\n${replay}`,
    );
  return details;
}
