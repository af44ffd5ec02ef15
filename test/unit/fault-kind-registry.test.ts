/**
 * A fault kind added the documented way — one module, registered — works end to end with no
 * other change: a scenario using it parses and validates, it resolves into the timeline, the
 * world obeys its effect, a run on the direct runtime records its nemesis start and stop, and
 * the coverage checker, `faultline list`, `explore` and the report know it.
 *
 * The throwaway kind, `hiccup`, freezes its target node like a pause. The registry is read when
 * the scenario schema loads, so this file registers the kind first and imports whatever reads
 * the registry afterwards (the dynamic imports below), as an extension would.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  draftWorker,
  nodeList,
  onNodeTarget,
  targetNodes,
  targetText,
  windowFields,
} from '../../simulator/scenario/faults/kinds/common.js';
import { registerFaultKind } from '../../simulator/scenario/faults/kinds/index.js';
import type { FaultKindModule, FaultKindOf } from '../../simulator/scenario/faults/kinds/kind.js';
import { nodeTarget } from '../../simulator/scenario/faults/targets.js';
import type { ResolvedWindow } from '../../simulator/scenario/faults/types.js';
import type { HistoryEntry } from '../../simulator/scenario/history.js';

const schema = z
  .strictObject({ kind: z.literal('hiccup'), target: nodeTarget, ...windowFields })
  .describe('The node stalls for a while (the registry test’s throwaway kind).');

interface HiccupFault extends ResolvedWindow {
  readonly kind: 'hiccup';
  readonly nodes: readonly string[];
}

const hiccup: FaultKindOf<typeof schema, HiccupFault> = {
  kind: 'hiccup',
  schema,
  holds: 'liveness',
  ...onNodeTarget,
  resolve: (spec, window, context, random) => ({
    ...window,
    kind: 'hiccup',
    nodes: targetNodes(spec, context, random),
  }),
  swarm: (window) => ({ kind: 'hiccup', target: 'random', ...window }),
  describe: (fault) => `hiccup ${nodeList(fault)}`,
  effects: { paused: (fault) => fault.nodes },
  explore: {
    draws: [
      {
        name: 'hiccup',
        weight: 1,
        bind(draft, topology, window) {
          const worker = draftWorker(draft, topology);
          return { fault: { kind: 'hiccup', target: worker, ...window }, held: [worker] };
        },
      },
    ],
    describe: (fault) => `hiccup ${targetText(fault.target)}`,
  },
  report: { color: '1, 2, 3' },
};

registerFaultKind(hiccup);

const { parseScenarioText } = await import('../../simulator/scenario/load.js');
const { resolveScenario } = await import('../../simulator/scenario/resolve.js');
const { describeFault } = await import('../../simulator/scenario/faults/types.js');
const { World } = await import('../../simulator/world/world.js');
const { runScenario } = await import('../../runner/run.js');
const { stateful } = await import('../../strategies/stateful/index.js');
const { faultKinds } = await import('../../simulator/scenario/faults/catalogue.js');
const { scenarioArbitrary } = await import('../../explore/arbitraries.js');
const { documentYaml } = await import('../../explore/describe.js');
const { faultColor } = await import('../../reports/faults.js');
const { scenarioYaml } = await import('../helpers/scenarios.js');
const { budgetMs } = await import('../helpers/budget.js');
const { freshFolder, readRunFile } = await import('../helpers/run-folders.js');

const MINUTE = 60_000;
/** The default test scenario (4 jobs every 10 minutes, n1 in z1, n2 in z2) with `faults`. */
const withFaults = (...faults: string[]) =>
  scenarioYaml({ faults: ['faults:', ...faults.map((fault) => `  - ${fault}`)].join('\n') });
const HICCUP = '{ kind: hiccup, target: n2, at: 10m, duration: 10m }';

describe('a fault kind registered as a module (hiccup)', () => {
  it('parses and validates: its schema, its reference checks, what it holds', () => {
    expect(parseScenarioText('hiccup.yaml', withFaults(HICCUP)).faults).toEqual([
      { kind: 'hiccup', target: 'n2', at: 10 * MINUTE, duration: 10 * MINUTE },
    ]);
    expect(() =>
      parseScenarioText('hiccup.yaml', withFaults('{ kind: hiccup, target: n2, at: 10m, typo: 1 }')),
    ).toThrow(/typo/);
    expect(() => parseScenarioText('hiccup.yaml', withFaults('{ kind: hiccup, target: n9, at: 10m }'))).toThrow(
      /faults\[0\]\.target: a node id/,
    );
    const crashInside = '{ kind: crash, target: n2, at: 15m, duration: 1m }';
    expect(() => parseScenarioText('hiccup.yaml', withFaults(HICCUP, crashInside))).toThrow(
      /no overlap with faults\[0\] \(hiccup\)/,
    );
  });

  it('resolves into the timeline, in its own words, and the world obeys its effect', () => {
    const config = resolveScenario(parseScenarioText('hiccup.yaml', withFaults(HICCUP)), { file: 'hiccup.yaml' });
    expect(config.faults).toEqual([
      { id: 'f1', startMs: 10 * MINUTE, endMs: 20 * MINUTE, kind: 'hiccup', nodes: ['n2'] },
    ]);
    const [fault] = config.faults;
    expect(fault && describeFault(fault)).toBe('hiccup n2');
    const world = new World(config);
    expect([5, 15, 25].map((minute) => world.timeline.pausedUntil('n2', minute * MINUTE))).toEqual([
      undefined,
      20 * MINUTE,
      undefined,
    ]);
    expect(world.timeline.pausedUntil('n1', 15 * MINUTE)).toBeUndefined();
  });

  it('is listed, drawn by explore and coloured by the report', () => {
    expect(faultKinds().at(-1)).toEqual({ kind: 'hiccup', description: schema.description });
    const documents = fc.sample(scenarioArbitrary({ faultKinds: ['hiccup'], faults: { min: 1, max: 1 } }), {
      seed: 19,
      numRuns: 5,
    });
    for (const document of documents) {
      expect(document.faults?.map((fault) => fault.kind)).toEqual(['hiccup']);
      expect(parseScenarioText('generated.yaml', documentYaml(document)).faults[0]?.kind).toBe('hiccup');
    }
    expect(faultColor('hiccup', 0.5)).toBe('rgba(1, 2, 3, 0.5)');
  });

  it(
    'runs on the direct runtime: the history records its start and stop, the coverage checker counts it',
    async () => {
      const folder = freshFolder('hiccup');
      const scenarioFile = join(folder, 'hiccup.yaml');
      writeFileSync(scenarioFile, withFaults(HICCUP));
      const { results } = await runScenario({
        scenarioFile,
        strategies: [stateful],
        runtime: 'direct',
        outDir: join(folder, 'run'),
      });

      const history = readRunFile(join(folder, 'run'), 'history.jsonl')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as HistoryEntry);
      const nemesis = history.filter(
        (entry) => (entry.f === 'start' || entry.f === 'stop') && entry.value.fault === 'f1',
      );
      const record = { fault: 'f1', kind: 'hiccup', nodes: ['n2'], description: 'hiccup n2' };
      expect(nemesis.map(({ f, timeMs, value }) => ({ f, timeMs, value }))).toEqual([
        { f: 'start', timeMs: 10 * MINUTE, value: record },
        { f: 'stop', timeMs: 20 * MINUTE, value: record },
      ]);

      const coverage = results.strategies[0]?.checks.coverage;
      expect(Object.keys(coverage?.faultMatrix.faults ?? {}).at(-1)).toBe('hiccup');
      expect(coverage?.faultMatrix.faults['hiccup']).toEqual({ activeMs: 10 * MINUTE, faults: 1 });
      expect(coverage?.kindsNeverActive).not.toContain('hiccup');
    },
    budgetMs({ jobs: 4, runtime: 'direct' }),
  );

  it('refuses a kind registered after the registry was read', () => {
    expect(() => registerFaultKind({ ...hiccup, kind: 'late' } as FaultKindModule)).toThrow(
      /registered after the registry was read/,
    );
  });
});
