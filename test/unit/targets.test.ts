import { describe, expect, it } from 'vitest';
import { type CheckResults, runCheckers } from '../../checkers/index.js';
import { judge } from '../../checkers/targets.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const config = configFromYaml(scenarioYaml());
const empty = runCheckers({ config, history: [], ledger: [] });
const targetsOf = (yaml: string) => parseScenarioText('t.yaml', scenarioYaml({ targets: yaml })).targets;
const counts = (operations: number, ok: number) => ({
  operations,
  ok,
  fail: operations - ok,
  info: 0,
  okFraction: operations === 0 ? null : ok / operations,
});

function withResults(change: (results: CheckResults) => CheckResults): CheckResults {
  return change(empty);
}

describe('verdicts against targets', () => {
  it('passes when every count is within its bound, and names the target it misses', () => {
    const targets = targetsOf(
      'targets:\n  lostJobs: { max: 0 }\n  staleReads: { max: 2 }\n  concurrentExecutions: { max: 0 }',
    );
    expect(judge(targets, empty)).toEqual({ passed: true, violations: [], expected: [], caught: false });
    const results = withResults((r) => ({
      ...r,
      work: { ...r.work, jobsLost: 1 },
      status: { ...r.status, staleReads: 3 },
      splitBrain: { ...r.splitBrain, concurrentExecutionTasks: 0 },
    }));
    expect(judge(targets, results)).toEqual({
      passed: false,
      violations: [
        { target: 'lostJobs', bound: '<= 0', actual: 1 },
        { target: 'staleReads', bound: '<= 2', actual: 3 },
      ],
      expected: [],
      caught: false,
    });
  });

  it('judges availability outside and during faults as ok fractions of submits and reads, and skips it with nothing to judge', () => {
    const targets = targetsOf(
      'targets:\n  availabilityOutsideFaults: { min: 0.99 }\n  availabilityDuringFaults: { min: 0.75 }',
    );
    expect(judge(targets, empty)).toEqual({ passed: true, violations: [], expected: [], caught: false });
    const results = withResults((r) => ({
      ...r,
      availability: {
        ...r.availability,
        phases: { ...r.availability.phases, faults: { submit: counts(100, 90), status: counts(100, 80) } },
        outsideFaults: { submit: counts(60, 60), status: counts(40, 39) },
      },
    }));
    // Outside: 99 of 100 ok. During: (90 - 60) + (80 - 39) = 71 of (100 - 60) + (100 - 40) = 100 ok.
    expect(judge(targets, results)).toEqual({
      passed: false,
      violations: [{ target: 'availabilityDuringFaults', bound: '>= 0.75', actual: 0.71 }],
      expected: [],
      caught: false,
    });
  });

  it('reads drainTime as the longest drain over the faults, a backlog that never drained as a violation', () => {
    const targets = targetsOf('targets:\n  drainTime: { max: 10m }');
    const fault = (timeToDrainMs: number | null) => ({
      ...({} as CheckResults['recovery']['faults'][number]),
      timeToDrainMs,
    });
    const drained = withResults((r) => ({
      ...r,
      recovery: { ...r.recovery, faults: [fault(60_000), fault(540_000)] },
    }));
    expect(judge(targets, drained)).toEqual({ passed: true, violations: [], expected: [], caught: false });
    const slow = withResults((r) => ({ ...r, recovery: { ...r.recovery, faults: [fault(60_000), fault(660_000)] } }));
    expect(judge(targets, slow)).toEqual({
      passed: false,
      violations: [{ target: 'drainTime', bound: '<= 10m', actual: 660_000 }],
      expected: [],
      caught: false,
    });
    const never = withResults((r) => ({ ...r, recovery: { ...r.recovery, faults: [fault(null)] } }));
    expect(judge(targets, never)).toEqual({
      passed: false,
      violations: [{ target: 'drainTime', bound: '<= 10m', actual: null }],
      expected: [],
      caught: false,
    });
  });

  it('rejects a bound that is not a fraction or not a duration', () => {
    expect(() => targetsOf('targets:\n  availabilityOutsideFaults: { min: 99 }')).toThrow(
      /probability between 0 and 1/,
    );
    expect(() => targetsOf('targets:\n  drainTime: { max: soon }')).toThrow(/duration/);
  });

  it('holds a strategy only to the targets it is held to; the rest are expected, and a canary’s misses are caught', () => {
    const targets = targetsOf('targets:\n  lostJobs: { max: 0 }\n  duplicateEffects: { max: 0 }');
    const results = withResults((r) => ({ ...r, work: { ...r.work, jobsLost: 2, duplicateEffects: 1 } }));
    const lost = { target: 'lostJobs', bound: '<= 0', actual: 2 };
    const duplicated = { target: 'duplicateEffects', bound: '<= 0', actual: 1 };
    expect(judge(targets, results, { heldTo: (target) => target === 'lostJobs', canary: false })).toEqual({
      passed: false,
      violations: [lost],
      expected: [duplicated],
      caught: false,
    });
    expect(judge(targets, results, { heldTo: (target) => target === 'duplicateEffects', canary: false })).toEqual({
      passed: false,
      violations: [duplicated],
      expected: [lost],
      caught: false,
    });
    expect(judge(targets, results, { heldTo: () => true, canary: true })).toEqual({
      passed: true,
      violations: [],
      expected: [lost, duplicated],
      caught: true,
    });
    expect(judge(targets, empty, { heldTo: () => true, canary: true })).toEqual({
      passed: true,
      violations: [],
      expected: [],
      caught: false,
    });
  });
});
