/**
 * The properties of explore/ and what they are checked on, without a server: who is held to
 * which, what each reports on literal results, and the counterexample file (header, replay
 * commands, and YAML that the loader reads back as the scenario that was run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUARANTEES } from '../../checkers/guarantees.js';
import { scenarioArbitrary } from '../../explore/arbitraries.js';
import { counterexampleText, replayCommands } from '../../explore/counterexample.js';
import { documentYaml } from '../../explore/describe.js';
import {
  PROPERTIES,
  type Trial,
  deterministic,
  findProperty,
  noLostWork,
  noSkippedSteps,
  propertiesFor,
  submitsAvailableInZoneSplit,
} from '../../explore/properties.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { STRATEGIES, findStrategy } from '../../strategies/index.js';

/** A trial whose results carry only what a check reads. */
const trial = (checks: Record<string, unknown>, extra: Partial<Trial> = {}): [Trial] => [
  { results: { checks }, history: [], ledger: [], ...extra } as unknown as Trial,
];

describe('who is held to which property', () => {
  it('every claim a strategy makes names a registered property held by claimants', () => {
    for (const strategy of STRATEGIES) {
      for (const claim of strategy.claims ?? [])
        expect({ strategy: strategy.name, heldBy: findProperty(claim)?.heldBy }).toEqual({
          strategy: strategy.name,
          heldBy: 'claimants',
        });
    }
  });

  it('holds every strategy to the universal properties, and only hybrid and stateless to their claims', () => {
    const names = (strategy: string) =>
      propertiesFor(findStrategy(strategy) ?? expect.fail(strategy)).map((property) => property.name);
    const universal = ['no-lost-work', 'no-skipped-steps', 'steps-in-order', 'deterministic'];
    expect(names('stateful')).toEqual(universal);
    expect(names('canary-2017')).toEqual(universal);
    expect(names('hybrid')).toEqual([...universal.slice(0, 3), 'no-duplicate-effects', 'deterministic']);
    expect(names('stateless')).toEqual([...universal.slice(0, 3), 'submits-available-in-zone-split', 'deterministic']);
    expect(STRATEGIES.filter((strategy) => strategy.canary).map((strategy) => strategy.name)).toEqual(['canary-2017']);
  });

  it('is one guarantee per built-in property: its name, who is held and the targets the runner binds (checkers/guarantees.ts)', () => {
    const guarantees = Object.values(GUARANTEES);
    expect(PROPERTIES.map((property) => property.name)).toEqual(guarantees.map((guarantee) => guarantee.name));
    for (const property of PROPERTIES) {
      const guarantee = guarantees.find((candidate) => candidate.name === property.name);
      expect(property.heldBy, property.name).toBe(guarantee?.heldBy);
      expect(property.scenarios?.targets, property.name).toEqual(
        'targets' in (guarantee ?? {}) ? (guarantee as { targets: unknown }).targets : undefined,
      );
    }
  });

  it('names each property once, in kebab-case', () => {
    const names = PROPERTIES.map((property) => property.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});

describe('what a property reports', () => {
  it('no-lost-work: lost and stuck jobs, with their ids', () => {
    expect(noLostWork.check(trial({ work: { jobsLost: 0, jobsStuck: 0, lostJobIds: [] } }))).toBeUndefined();
    expect(noLostWork.check(trial({ work: { jobsLost: 2, jobsStuck: 2, lostJobIds: ['job-1', 'job-3'] } }))).toBe(
      '2 jobs lost (job-1, job-3), 2 jobs stuck when the convergence budget ended',
    );
  });

  it('no-skipped-steps: the skipped tasks; a run that declared nothing complete did not exercise it', () => {
    const steps = {
      skippedSteps: 1,
      skippedStepTasks: ['job-1/MONITORING'],
      prematureCompletions: 1,
      completionsChecked: 1,
    };
    expect(noSkippedSteps.check(trial({ steps }))).toBe(
      '1 step skipped (job-1/MONITORING): 1 job declared COMPLETED too early',
    );
    expect(noSkippedSteps.exercised?.(trial({ steps: { ...steps, completionsChecked: 0 } }))).toBe(false);
  });

  it('submits-available-in-zone-split: each side with a refused or unanswered submit, exercised only when both sides submitted', () => {
    const side = (clients: string[], operations: number, ok: number) => ({
      side: 's',
      clients,
      submit: { operations, ok, fail: operations - ok, info: 0 },
    });
    const availability = (sides: unknown[]) => ({ availability: { partitions: [{ fault: 'f1', sides }] } });
    expect(
      submitsAvailableInZoneSplit.check(trial(availability([side(['client-1'], 2, 2), side(['client-2'], 1, 1)]))),
    ).toBeUndefined();
    expect(
      submitsAvailableInZoneSplit.check(trial(availability([side(['client-1'], 2, 2), side(['client-2'], 3, 1)]))),
    ).toBe('client-2: 1 of 3 submits ok (2 failed, 0 unanswered) during f1');
    expect(
      submitsAvailableInZoneSplit.exercised?.(
        trial(availability([side(['client-1'], 2, 2), side(['client-2'], 0, 0)])),
      ),
    ).toBe(false);
  });

  it('deterministic: a repeat that differs is named with the first history entry that differs', () => {
    const history = [
      { timeMs: 0, type: 'invoke' },
      { timeMs: 1_500, type: 'ok' },
    ];
    const run = (entries: unknown[]) => ({ results: { name: 'x' }, history: entries, ledger: [] }) as unknown as Trial;
    expect(deterministic.check([run(history), run(history)])).toBeUndefined();
    expect(deterministic.check([run(history), run([history[0], { timeMs: 1_500, type: 'fail' }])])).toBe(
      'run 2 of the same scenario and seed differs from run 1: first at history entry 1 (simulated 1500 ms)',
    );
  });
});

describe('a counterexample file', () => {
  const commands = replayCommands({
    file: 'runs/explore x/c.yaml',
    strategy: 'canary-2017',
    property: 'no-lost-work',
    seed: 7,
    path: '3:0:1',
    runsPerScenario: 1,
  });

  it('names the replay commands, quoting a path for the shell', () => {
    expect(commands).toEqual({
      replayCommand: "faultline run 'runs/explore x/c.yaml' --strategy canary-2017",
      searchCommand: 'faultline explore --strategy canary-2017 --property no-lost-work --seed 7 --path 3:0:1',
    });
  });

  it('is the scenario that was run, under a header of comments', () => {
    const [document] = fc.sample(scenarioArbitrary({ faults: { min: 1 } }), { numRuns: 1, seed: 5 });
    if (!document) throw new Error('no sample');
    const text = counterexampleText({
      ...commands,
      document,
      strategy: 'canary-2017',
      property: noLostWork,
      violation: '1 job lost (job-1)',
      seed: 7,
      path: '3:0:1',
      foundAtRun: 4,
      shrinks: 3,
      shrinkRuns: 5,
      shrinkCutShort: undefined,
    });
    const header = text.split('\n').filter((line) => line.startsWith('#'));
    expect(header).toEqual(
      expect.arrayContaining([
        '# violation: 1 job lost (job-1)',
        `# replay: ${commands.replayCommand}`,
        `# search again: ${commands.searchCommand}`,
      ]),
    );
    expect(text.endsWith(documentYaml(document))).toBe(true);
    expect(parseScenarioText('c.yaml', text)).toEqual(parseScenarioText('c.yaml', documentYaml(document)));
  });
});
