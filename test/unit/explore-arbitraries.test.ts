/**
 * The scenario arbitraries of explore/, without a server: every generated document passes the
 * schema and its reference checks (as YAML, the way `faultline run` reads it), stays inside its
 * options, and shrinks — workload and fault schedule together — to the smallest scenario that
 * still shows what a property objects to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ScenarioArbitraryOptions,
  type ScenarioDocument,
  faultScheduleArbitrary,
  scenarioArbitrary,
  topologyArbitrary,
  workloadArbitrary,
} from '../../explore/arbitraries.js';
import { describeDocument, documentSize, documentYaml } from '../../explore/describe.js';
import { PROPERTIES } from '../../explore/properties.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';
import { checkProperty, propertySeed } from '../helpers/property.js';

const FILE = 'test/unit/explore-arbitraries.test.ts';

/** Parses a document as `faultline run` would: YAML text through the loader (schema and references). */
const parse = (document: ScenarioDocument) => parseScenarioText('generated.yaml', documentYaml(document));

const optionSets: readonly [string, ScenarioArbitraryOptions][] = [
  ['defaults', {}],
  ...PROPERTIES.filter((property) => property.scenarios).map((property): [string, ScenarioArbitraryOptions] => [
    `${property.name}'s`,
    property.scenarios ?? {},
  ]),
  [
    'crowded: 20 jobs, 6 faults of any length in a 5-minute phase',
    {
      jobs: { min: 20, max: 20 },
      faults: { min: 6, max: 6 },
      faultMinutes: { min: 1, max: 60 },
      faultPhaseMinutes: 5,
      workers: { min: 1, max: 6 },
      zones: { min: 3, max: 3 },
    },
  ],
];

describe('scenarioArbitrary', () => {
  it.each(optionSets)('generates documents the schema accepts (options: %s; 1000 samples)', async (title, options) => {
    await checkProperty(
      fc.property(scenarioArbitrary(options), (document) => {
        const scenario = parse(document);
        resolveScenario(scenario, { file: 'generated.yaml' });
      }),
      { file: FILE, title: `valid documents: ${title}`, seed: propertySeed(101), numRuns: 1000 },
    );
  });

  it('stays inside its options: jobs, workers, zones and faults counted, every fault inside the fault phase', async () => {
    const options: ScenarioArbitraryOptions = {
      jobs: { min: 2, max: 4 },
      workers: { min: 3, max: 3 },
      zones: { min: 2, max: 2 },
      faults: { min: 1, max: 2 },
      faultKinds: ['crash', 'network'],
      faultPhaseMinutes: 15,
    };
    await checkProperty(
      fc.property(scenarioArbitrary(options), (document) => {
        const scenario = parse(document);
        const size = documentSize(document);
        expect(size.jobs).toBeGreaterThanOrEqual(2);
        expect(size.jobs).toBeLessThanOrEqual(4);
        expect(size).toMatchObject({ workers: 3, zones: 2 });
        // A crash that would hold a node another crash holds is dropped, so there may be fewer.
        expect(size.faults).toBeLessThanOrEqual(2);
        for (const fault of scenario.faults) {
          expect(['crash', 'network']).toContain(fault.kind);
          if (fault.kind === 'network' || fault.kind === 'crash')
            expect((fault.at ?? 0) + (fault.duration ?? 0)).toBeLessThanOrEqual(15 * 60_000);
        }
      }),
      { file: FILE, title: 'inside its options', seed: propertySeed(102), numRuns: 500 },
    );
  });

  it('writes YAML that reads back as the same scenario', async () => {
    await checkProperty(
      fc.property(scenarioArbitrary(), (document) => {
        const fromYaml = parse(document);
        const fromObject = parseScenarioText('generated.json', JSON.stringify(document));
        expect(fromYaml).toEqual(fromObject);
      }),
      { file: FILE, title: 'YAML round trip', seed: propertySeed(103), numRuns: 300 },
    );
  });

  it('shrinks the workload and the fault schedule together to the smallest scenario a property rejects', async () => {
    // A stand-in property: "no scenario duplicates messages". fast-check finds a counterexample and
    // shrinks it: one job, two workers in one zone, and the one fault that matters, made as short,
    // early and weak as it goes.
    const details = await checkProperty(
      fc.property(
        scenarioArbitrary(),
        (document) =>
          !(document.faults ?? []).some((fault) => fault.kind === 'network' && fault.duplicate !== undefined),
      ),
      { file: FILE, title: 'shrinks jointly', seed: propertySeed(104), numRuns: 200, expect: 'fail' },
    );
    const [shrunk] = details.counterexample ?? [];
    expect(shrunk).toBeDefined();
    const document = shrunk as ScenarioDocument;
    expect(documentSize(document)).toEqual({ jobs: 1, faults: 1, workers: 2, zones: 1 });
    expect(document.faults).toEqual([{ kind: 'network', at: '0m', duration: '1m', duplicate: 0.1 }]);
    expect(document.workload).toMatchObject({
      jobs: 1,
      arrival: { every: '1m' },
      types: [{ name: 'PHYSICS', runtime: '1m' }],
    });
    expect(describeDocument(document)).toBe('1 job, 2 workers in 1 zone, 1 fault: network duplicate 0.1 at 0m for 1m');
  });
});

describe('the arbitraries in a plain fast-check test (the example of docs/exploring.md)', () => {
  it('every scenario with a zone split resolves to a fault timeline with a partition', () => {
    const seed = propertySeed(7);
    process.stdout.write(`[property] zone splits resolve to partitions: seed=${seed}\n`);
    fc.assert(
      fc.property(
        scenarioArbitrary({ zones: { min: 2, max: 2 }, faults: { min: 1, max: 1 }, faultKinds: ['zone-split'] }),
        (document) => {
          const config = resolveScenario(parseScenarioText('generated.yaml', documentYaml(document)), {
            file: 'generated.yaml',
          });
          return config.faults.some((fault) => fault.kind === 'partition');
        },
      ),
      { seed },
    );
  });
});

describe('the section arbitraries', () => {
  it('compose into a valid scenario: workload, topology, and a fault schedule for that topology', async () => {
    const sections = fc
      .record({ workload: workloadArbitrary(), topology: topologyArbitrary() })
      .chain(({ workload, topology }) =>
        faultScheduleArbitrary(topology).map((faults) => ({ workload, topology, faults })),
      );
    await checkProperty(
      fc.property(sections, ({ workload, topology, faults }) => {
        parse({ name: 'composed', duration: '20m', workload, topology, faults });
      }),
      { file: FILE, title: 'sections compose', seed: propertySeed(105), numRuns: 500 },
    );
  });
});
