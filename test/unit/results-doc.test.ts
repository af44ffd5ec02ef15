/**
 * `docs/results.md` documents every field of results.json, and in its second part (from the
 * `# summary.json` heading) every field of a multi-seed run's summary.json. This test builds a RunResults object
 * (typed, so the compiler makes it complete) from the checkers run over a small literal
 * history and ledger that fills every array, collects every field path in it, and checks that
 * the document has a table row for each path and documents no path that does not exist.
 *
 * Path convention (stated at the top of docs/results.md): object keys joined with `.`; an array
 * of objects adds `[]` and its elements' fields follow (`strategies[].checks.recovery.faults[].
 * timeToDrainMs`); an array of scalars (or a tuple) is a leaf under its own name; a map whose
 * keys come from the data adds `<placeholder>` for its key (`wall.strategies.<strategy>.wallMs`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCheckers } from '../../checkers/index.js';
import { judge, TARGET_METRICS } from '../../checkers/targets.js';
import { RESULTS_FORMAT_VERSION, type RunResults, type StrategyResults } from '../../results/run.js';
import { SUMMARY_FORMAT_VERSION } from '../../results/summary.js';
import type {
  ClientOperationKind,
  HistoryEntry,
  HistoryType,
  HistoryValues,
  LedgerEntry,
} from '../../simulator/scenario/history.js';
import {
  clientEntry,
  heal,
  indexed,
  ledgerBuilders,
  nemesis,
  operationIds,
  record,
  SETUP_THEN_SUBMIT,
  siteEffect,
  storeFinal,
  taskKinds,
  twoZoneTopologyYaml,
  workloadYaml,
} from '../helpers/histories.js';
import { seedsFixture } from '../helpers/report-fixture.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const DOCS_FILE = new URL('../../docs/results.md', import.meta.url);

/** Maps whose keys come from the data: the path of the map → the placeholder written for its key. */
const DYNAMIC_KEYS: Readonly<Record<string, string>> = {
  'wall.strategies': '<strategy>',
  'strategies[].checks.status.divergentKeyExamples[].versions': '<replica>',
  'strategies[].checks.recovery.reactions': '<reaction>',
  'strategies[].checks.coverage.faultMatrix': '<phase>',
  'strategies[].checks.coverage.faultMatrix.<phase>': '<kind>',
};

/** The top-level keys of results.json: a backticked word starting with one of them is read as a path. */
const TOP_LEVEL = ['formatVersion', 'scenario', 'seed', 'simulatedMs', 'verdict', 'strategies', 'wall'];

// --- A small run: jobs of two tasks (A, then S); a crash of n2 over [10m, 15m) (f1), a zone
// partition z1 | z2 over [30m, 35m) (f2). Both clients are in z1, so no partition has clients on
// both sides (the splitBrain coverage check stays unexercised).
const config = configFromYaml(
  scenarioYaml({
    workload: workloadYaml(6, SETUP_THEN_SUBMIT),
    topology: twoZoneTopologyYaml(['z1', 'z1']),
    faults: [
      'faults:',
      '  - { kind: crash, target: n2, at: 10m, duration: 5m }',
      '  - { kind: partition, shape: zones, groups: [[z1], [z2]], at: 30m, duration: 5m }',
    ].join('\n'),
    targets: ['targets:', '  lostJobs: { max: 0 }', '  outOfOrderSteps: { max: 0 }'].join('\n'),
  }),
);
const m = (minutes: number) => minutes * 60_000;
const s = (seconds: number) => seconds * 1000;
const opId = operationIds();
/** A client operation on `value.job`: its invoke at `atMs` and its completion 5 ms later. */
function op<F extends ClientOperationKind, T extends Exclude<HistoryType, 'invoke'>>(
  client: string,
  f: F,
  atMs: number,
  type: T,
  value: HistoryValues[F][T],
): HistoryEntry[] {
  const id = opId(client);
  return [
    clientEntry('invoke', f, id, atMs, { job: value.job }, client),
    clientEntry(type, f, id, atMs + 5, value, client),
  ];
}
const CRASH = { fault: 'f1', kind: 'crash', nodes: ['n2'] };
const PARTITION = { fault: 'f2', kind: 'partition', description: 'partition zones: z1 | z2' };

const history: HistoryEntry[] = indexed([
  ...op('client-1', 'submit', m(1), 'ok', { job: 'job-1' }),
  ...op('client-1', 'status', m(2), 'ok', { job: 'job-1', state: 'RUNNING' }),
  ...op('client-1', 'status', m(3), 'ok', { job: 'job-1', state: 'QUEUED' }), // stale and non-monotonic
  ...op('client-2', 'submit', m(5), 'ok', { job: 'job-5' }),
  record(m(5) + 10, 'dispatch', { job: 'job-5', task: 'A', node: 'n1', attempt: 1 }),
  record(m(6), 'dispatch', { job: 'job-5', task: 'A', node: 'n2', attempt: 2 }), // double assignment
  ...op('client-1', 'submit', m(9), 'ok', { job: 'job-2' }),
  record(m(9) + 10, 'dispatch', { job: 'job-2', task: 'A', node: 'n2', attempt: 1 }),
  nemesis(m(10), 'start', CRASH),
  record(m(10) + s(7), 'suspect', { node: 'n2' }),
  record(m(10) + s(7), 'reclaim', { job: 'job-2', task: 'A', node: 'n2', attempt: 1, reason: 'suspected' }),
  record(m(10) + s(8), 'dispatch', { job: 'job-2', task: 'A', node: 'n1', attempt: 2 }),
  ...op('client-1', 'submit', m(12), 'ok', { job: 'job-3' }),
  ...op('client-1', 'status', m(14), 'ok', { job: 'job-3', state: 'COMPLETED' }), // premature: S has not finished
  nemesis(m(15), 'stop', CRASH),
  ...op('client-2', 'submit', m(16), 'ok', { job: 'job-4' }), // never runs: lost
  record(m(20), 'job-complete', { job: 'job-2' }),
  nemesis(m(30), 'start', PARTITION),
  ...op('client-2', 'status', m(32), 'info', { job: 'job-4', reason: 'timeout' }),
  nemesis(m(35), 'stop', PARTITION),
  heal(config.phases.faultEndMs),
  ...op('client-2', 'status', config.phases.convergeEndMs + s(10), 'ok', {
    job: 'job-4',
    state: 'COMPLETED',
    final: true,
  }), // final disagreement
]);

const { start, end } = ledgerBuilders(taskKinds(SETUP_THEN_SUBMIT), { durationMs: m(10) });
/** A site job that runs for a minute. */
const effect = (job: string, task: string, timeMs: number, siteJob: string): LedgerEntry =>
  siteEffect(job, task, timeMs, siteJob, { runMs: m(1) });

const ledger: LedgerEntry[] = [
  start('job-1', 'A', m(1) + s(30)),
  end('job-1', 'A', m(2) + s(30)),
  start('job-1', 'S', m(2) + s(30)),
  effect('job-1', 'S', m(3), 'hpc1-1'),
  effect('job-1', 'S', m(3) + s(30), 'hpc1-2'), // a duplicate site effect
  end('job-1', 'S', m(4)),
  start('job-5', 'A', m(5) + 20),
  start('job-5', 'A', m(6) + 10, { execution: 1, node: 'n2' }), // runs on n2 while n1 still runs it
  end('job-5', 'A', m(7), { execution: 1, node: 'n2' }),
  end('job-5', 'A', m(8)),
  start('job-5', 'S', m(8)),
  end('job-5', 'S', m(9)),
  start('job-2', 'A', m(9) + 20, { node: 'n2' }), // cut short by the crash
  start('job-2', 'A', m(10) + s(8), { execution: 1 }),
  end('job-2', 'A', m(11), { execution: 1 }),
  start('job-2', 'S', m(11)),
  start('job-3', 'A', m(12) + s(10)),
  start('job-3', 'S', m(12) + s(30)), // before A finished: out of order
  end('job-3', 'A', m(13)),
  end('job-2', 'S', m(20)),
  end('job-3', 'S', m(25)),
  storeFinal('job/job-1', { 'store-r1': 3, 'store-r2': 2, 'store-r3': 3 }, config.phases.endMs),
];

const checks = runCheckers({ config, history, ledger });
const NAME = 'stateful';
const strategy: StrategyResults = {
  name: NAME,
  // Held to lostJobs only, so that the missed outOfOrderSteps fills `expected`.
  verdict: judge(config.targets, checks, { heldTo: (target) => target === 'lostJobs', canary: false }),
  checks,
  messages: { sent: 120, delivered: 110, lost: 4, refused: 2, duplicated: 1, droppedReceiverDown: 3, heartbeats: 900 },
  steps: 150,
  components: 6,
  cost: { messagesPerJob: 20, worldCallsPerJob: 15, activityCallsPerJob: 65, stepsPerJob: 25 },
};
const sample: RunResults = {
  formatVersion: RESULTS_FORMAT_VERSION,
  scenario: { name: config.scenario.name, file: config.scenario.file },
  seed: config.seed,
  simulatedMs: config.phases.endMs,
  verdict: {
    passed: false,
    violations: strategy.verdict.violations.map((violation) => ({
      ...violation,
      target: `${NAME}: ${violation.target}`,
    })),
    expected: strategy.verdict.expected.map((violation) => ({ ...violation, target: `${NAME}: ${violation.target}` })),
  },
  strategies: [strategy],
  wall: {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:10.000Z',
    runtime: 'temporal',
    engine: 'embedded Temporal time-skipping test server',
    engineStartupMs: 900,
    timeSkipping: true,
    strategies: {
      [NAME]: {
        wallMs: 9000,
        compression: config.phases.endMs / 9000,
        historyEvents: 3000,
        historyEventsPerJob: 500,
        largestCarry: { component: 'coordinator', bytes: 52_000 },
        profile: {
          worldMs: 1200,
          checkersMs: 40,
          nodeCpuMs: 8000,
          serverCpuMs: 3000,
          serverPeakRssMiB: 300,
          nodePeakRssMiB: 250,
        },
        processKills: {
          kills: [
            {
              kind: 'worker-process-kill',
              atMs: 900_000,
              firedAtMs: 920_000,
              restartMs: 1_000,
              recoveryMs: 3_500,
              repeatedRequests: 3,
              historyEventsToReplay: 2_200,
            },
          ],
          totalRecoveryMs: 3_500,
          repeatedRequests: 3,
          historyEventsToReplay: 2_200,
        },
      },
    },
  },
};

// --- Paths.

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface Paths {
  /** Fields whose value is a scalar, null, an array of scalars, or a tuple: one table row each. */
  readonly leaves: Set<string>;
  /** Objects and arrays of objects (section headings and prose may name them). */
  readonly branches: Set<string>;
  /** Arrays, and whether some instance of each had elements. */
  readonly arrays: Map<string, boolean>;
}

function collectPaths(root: unknown, dynamicKeys: Readonly<Record<string, string>> = DYNAMIC_KEYS): Paths {
  const paths: Paths = { leaves: new Set(), branches: new Set(), arrays: new Map() };
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      paths.arrays.set(path, (paths.arrays.get(path) ?? false) || value.length > 0);
      const objects = value.filter(isObject);
      if (objects.length === 0) {
        paths.leaves.add(path);
        return;
      }
      paths.branches.add(path);
      for (const element of objects) walk(element, `${path}[]`);
      return;
    }
    if (!isObject(value)) {
      paths.leaves.add(path);
      return;
    }
    if (path !== '') paths.branches.add(path);
    const placeholder = dynamicKeys[path];
    for (const [key, child] of Object.entries(value)) {
      walk(child, path === '' ? key : `${path}.${placeholder ?? key}`);
    }
  };
  walk(root, '');
  return paths;
}

const whole = readFileSync(DOCS_FILE, 'utf8');
/** The document is in two parts: results.json, then (from its `# summary.json` heading) summary.json. */
const SUMMARY_HEADING = /^# summary\.json/m;
const summaryStart = whole.search(SUMMARY_HEADING);
const doc = summaryStart < 0 ? whole : whole.slice(0, summaryStart);
const summaryDoc = summaryStart < 0 ? '' : whole.slice(summaryStart);
/** A part of the document without its fenced code blocks. */
const withoutCode = (text: string) => text.replace(/^```[\s\S]*?^```$/gm, '');
const isPath = (topLevel: readonly string[]) => (text: string) =>
  topLevel.some((key) => text === key || text.startsWith(`${key}.`) || text.startsWith(`${key}[]`));
/** The first cell of every table row that is a path. */
const pathRows = (text: string, topLevel: readonly string[]) =>
  [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string).filter(isPath(topLevel));
/** Every backticked path anywhere in the text. */
const pathsMentioned = (text: string, topLevel: readonly string[]) =>
  [...text.matchAll(/`([^`\s]+)`/g)].map((match) => match[1] as string).filter(isPath(topLevel));
const prose = withoutCode(doc);
const rows = pathRows(prose, TOP_LEVEL);
const mentioned = pathsMentioned(prose, TOP_LEVEL);

const paths = collectPaths(sample);

describe('docs/results.md', () => {
  it('describes the current format version', () => {
    expect(doc).toContain(`format version ${RESULTS_FORMAT_VERSION}`);
  });

  it('works from a sample in which every array has elements and every dynamic map was met', () => {
    const empty = [...paths.arrays].filter(([, filled]) => !filled).map(([path]) => path);
    expect(
      empty,
      'arrays the sample leaves empty: extend the history or ledger so that their element fields are seen',
    ).toEqual([]);
    const branchesAndLeaves = new Set([...paths.leaves, ...paths.branches]);
    for (const [path, placeholder] of Object.entries(DYNAMIC_KEYS)) {
      expect(
        [...branchesAndLeaves].some((other) => other.startsWith(`${path}.${placeholder}`)),
        `no key met under the dynamic map ${path}`,
      ).toBe(true);
    }
  });

  it('has a table row for every field of results.json', () => {
    const missing = [...paths.leaves].filter((path) => !rows.includes(path));
    expect(missing, 'fields with no row in docs/results.md').toEqual([]);
  });

  it('documents no field that does not exist', () => {
    const stale = rows.filter((path) => !paths.leaves.has(path));
    expect.soft(stale, 'rows for fields results.json does not have').toEqual([]);
    const unknown = mentioned.filter((path) => !paths.leaves.has(path) && !paths.branches.has(path));
    expect.soft(unknown, 'paths named in docs/results.md that results.json does not have').toEqual([]);
  });

  it('has one row per field', () => {
    const duplicates = rows.filter((path, index) => rows.indexOf(path) !== index);
    expect(duplicates).toEqual([]);
  });

  it('lists every target with its unit', () => {
    const section = /^## Targets\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec(prose)?.[1] ?? '';
    expect(section, 'no ## Targets section').not.toBe('');
    const documented = [...section.matchAll(/^\| `(\w+)` \| (\w+) \|/gm)].map((match) => [match[1], match[2]]);
    expect(documented).toEqual(Object.entries(TARGET_METRICS).map(([name, metric]) => [name, metric.unit]));
  });
});

// --- summary.json, the second part of the document: a multi-seed summary of four varied seeds
// of the report fixture (every array filled: every seed missed a target).
const SUMMARY_TOP_LEVEL = [
  'formatVersion',
  'scenario',
  'seeds',
  'strategies',
  'confidence',
  'verdict',
  'runs',
  'metrics',
  'wall',
];

describe('docs/results.md, summary.json', () => {
  const summaryProse = withoutCode(summaryDoc);
  const summaryRows = pathRows(summaryProse, SUMMARY_TOP_LEVEL);
  const summaryPaths = collectPaths(seedsFixture(), {});

  it('has a "# summary.json" part describing the current format version', () => {
    expect(summaryDoc, 'no "# summary.json" heading in docs/results.md').not.toBe('');
    expect(summaryDoc).toContain(`format version ${SUMMARY_FORMAT_VERSION}`);
    expect([...summaryPaths.arrays].filter(([, filled]) => !filled).map(([path]) => path)).toEqual([]);
  });

  it('has a table row for every field of summary.json, one each, and none for a field it does not have', () => {
    expect(
      [...summaryPaths.leaves].filter((path) => !summaryRows.includes(path)),
      'fields with no row',
    ).toEqual([]);
    expect(
      summaryRows.filter((path) => !summaryPaths.leaves.has(path)),
      'rows for fields summary.json does not have',
    ).toEqual([]);
    expect(summaryRows.filter((path, index) => summaryRows.indexOf(path) !== index)).toEqual([]);
    const unknown = pathsMentioned(summaryProse, SUMMARY_TOP_LEVEL).filter(
      (path) => !summaryPaths.leaves.has(path) && !summaryPaths.branches.has(path),
    );
    expect(unknown, 'paths named that summary.json does not have').toEqual([]);
  });
});
