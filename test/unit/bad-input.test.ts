/**
 * Bad scenario input, kind by kind: each must be rejected with its own clear message that names
 * the field, the line and column, what was expected and what was found. Every case pins the
 * whole list of problems. Cases marked `it.fails` state the RIGHT behaviour that the loader does
 * not have yet (each says what happens instead and where in the source); when one is fixed,
 * vitest reports the `it.fails` as failing, and it should become an ordinary case.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError, type ScenarioProblem } from '../../simulator/scenario/errors.js';
import { loadScenarioFile, loadScenarioText, parseScenarioText } from '../../simulator/scenario/load.js';
import { runCli } from '../helpers/processes.js';
import { scenarioYaml } from '../helpers/scenarios.js';

// scenarioYaml() lays the scenario out as follows; sections it does not have (network, faults,
// an unknown field) are appended from line 13.
//    1 name: test
//    2 seed: 7
//    3 duration: 2h
//    4 workload:
//    5   jobs: 4
//    6   arrival: { every: 10m }
//    7 topology:
//    8   zones: [z1, z2]
//    9   nodes:
//   10     - { id: n1, zone: z1, slots: 2 }
//   11     - { id: n2, zone: z2, slots: 2 }
//   12   sites: [{ id: hpc1, kind: HPC }]

const DURATION_HINT = 'expected a duration such as 250ms, 30s, 5m, 1.5h or 1h30m (or a number of milliseconds)';
const NODE_TARGET =
  'a node id (n1, n2, control, broker, store-r1, store-r2, store-r3), { zone: … }, or one of coordinator, broker, random, minority, majority';
const TOP_LEVEL_FIELDS =
  'one of the fields description, duration, extends, faults, name, network, phases, processKills, seed, swarm, targets, topology, workload';
const NODE_FIELDS = 'one of the fields capabilities, id, joinAt, leaveAt, slots, zone';
const ZONES = 'a zone from topology.zones (z1, z2)';
const ARRIVAL_LINE = 'an arrival offset per line (30s, 1h5m, or milliseconds)';

const withFaults = (...lines: string[]) =>
  scenarioYaml({ faults: ['faults:', ...lines.map((line) => `  - ${line}`)].join('\n') });
const withWorkload = (...lines: string[]) =>
  scenarioYaml({ workload: ['workload:', ...lines.map((line) => `  ${line}`)].join('\n') });
const withTopology = (...lines: string[]) =>
  scenarioYaml({ topology: ['topology:', ...lines.map((line) => `  ${line}`)].join('\n') });
const withTypes = (...lines: string[]) =>
  withWorkload('jobs: 4', 'arrival: { every: 10m }', 'types:', ...lines.map((line) => `  ${line}`));

/** Two zones; z2 holds only `inZ2` (topology lines), so a check about empty zones can be shown. */
const withBareZ2 = (inZ2: readonly string[], overrides: Record<string, string> = {}) =>
  scenarioYaml({
    topology: [
      'topology:',
      '  zones: [z1, z2]',
      '  nodes:',
      '    - { id: n1, zone: z1 }',
      '  sites: [{ id: hpc1, kind: HPC }]',
      '  store: { replicas: [{ id: r1, zone: z1 }] }',
      ...inZ2.map((line) => `  ${line}`),
    ].join('\n'),
    ...overrides,
  });
const PARTIAL_CHAIN = 'types: [{ name: T, tasks: [ENV_SETUP, JOB_SUBMISSION] }]';

function scenarioErrorOf(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

async function fileErrorOf(file: string): Promise<ScenarioError> {
  try {
    await loadScenarioFile(file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error(`expected a ScenarioError, but ${file} was accepted`);
}

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'faultline-bad-input-'));
});
afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

/** A fresh folder under the run's temp folder holding `files` (a `null` content makes a directory; `a/b` makes `a`). */
function folderWith(files: Record<string, string | Buffer | null>): (name: string) => string {
  const folder = mkdtempSync(join(root, 'case-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    if (content === null) mkdirSync(join(folder, name));
    else writeFileSync(join(folder, name), content);
  }
  return (name) => join(folder, name);
}

interface TextCase {
  readonly kind: string;
  readonly input: string;
  /** Names the text in errors and picks the format (default `bad.yaml`). */
  readonly file?: string;
  readonly text: string;
  readonly problems: readonly ScenarioProblem[];
}

const textCases: readonly TextCase[] = [
  // 1. wrong type
  {
    kind: 'wrong type',
    input: 'jobs: many',
    text: withWorkload('jobs: many', 'arrival: { every: 10m }'),
    problems: [
      { path: ['workload', 'jobs'], expected: 'expected a positive integer', found: '"many"', line: 5, column: 9 },
    ],
  },
  {
    kind: 'wrong type',
    input: 'topology: many (a scalar for a section)',
    text: scenarioYaml({ topology: 'topology: many' }),
    problems: [{ path: ['topology'], expected: 'expected object', found: '"many"', line: 7, column: 11 }],
  },
  {
    kind: 'wrong type',
    input: 'faults: crash (a scalar for a list)',
    text: scenarioYaml({ faults: 'faults: crash' }),
    problems: [{ path: ['faults'], expected: 'expected array', found: '"crash"', line: 13, column: 9 }],
  },
  // 2. unknown field
  {
    kind: 'unknown field',
    input: 'at the top level (colour)',
    text: scenarioYaml({ colour: 'colour: blue' }),
    problems: [{ path: ['colour'], expected: TOP_LEVEL_FIELDS, found: 'unknown field "colour"', line: 13, column: 1 }],
  },
  {
    kind: 'unknown field',
    input: 'nested in a node (slotz)',
    text: withTopology('zones: [z1]', 'nodes:', '  - { id: n1, zone: z1, slotz: 2 }', 'sites: [{ id: s1, kind: HPC }]'),
    problems: [
      {
        path: ['topology', 'nodes', 0, 'slotz'],
        expected: NODE_FIELDS,
        found: 'unknown field "slotz"',
        line: 10,
        column: 27,
      },
    ],
  },
  {
    kind: 'unknown field',
    input: 'two in one node (slotz, zoen), each reported',
    text: withTopology(
      'zones: [z1]',
      'nodes:',
      '  - { id: n1, zone: z1, slotz: 2, zoen: z1 }',
      'sites: [{ id: s1, kind: HPC }]',
    ),
    problems: [
      {
        path: ['topology', 'nodes', 0, 'slotz'],
        expected: NODE_FIELDS,
        found: 'unknown field "slotz"',
        line: 10,
        column: 27,
      },
      {
        path: ['topology', 'nodes', 0, 'zoen'],
        expected: NODE_FIELDS,
        found: 'unknown field "zoen"',
        line: 10,
        column: 37,
      },
    ],
  },
  {
    kind: 'unknown field',
    input: 'in a topology section (nodez)',
    text: withTopology(
      'zones: [z1]',
      'nodez: []',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: s1, kind: HPC }]',
    ),
    problems: [
      {
        path: ['topology', 'nodez'],
        expected: 'one of the fields broker, clients, control, nodes, sites, store, zones',
        found: 'unknown field "nodez"',
        line: 9,
        column: 3,
      },
    ],
  },
  // 3. negative duration
  {
    kind: 'negative duration',
    input: 'duration: -5000 (milliseconds)',
    text: scenarioYaml({ duration: 'duration: -5000' }),
    problems: [
      {
        path: ['duration'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '-5000',
        line: 3,
        column: 11,
      },
    ],
  },
  {
    kind: 'negative duration',
    input: 'a fault at: -300000 (milliseconds)',
    text: withFaults('{ kind: pause, target: n1, at: -300000, duration: 5m }'),
    problems: [
      {
        path: ['faults', 0, 'at'],
        expected: 'expected a duration of 0 or more',
        found: '-300000',
        line: 14,
        column: 36,
      },
    ],
  },
  // 4. zero duration where a positive one is required
  {
    kind: 'zero duration',
    input: 'duration: 0s',
    text: scenarioYaml({ duration: 'duration: 0s' }),
    problems: [
      {
        path: ['duration'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '"0s"',
        line: 3,
        column: 11,
      },
    ],
  },
  {
    kind: 'zero duration',
    input: 'duration: 0 (milliseconds)',
    text: scenarioYaml({ duration: 'duration: 0' }),
    problems: [
      { path: ['duration'], expected: 'expected a positive duration (at least 1ms)', found: '0', line: 3, column: 11 },
    ],
  },
  {
    kind: 'zero duration',
    input: 'arrival: { every: 0s }',
    text: withWorkload('jobs: 4', 'arrival: { every: 0s }'),
    problems: [
      {
        path: ['workload', 'arrival', 'every'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '"0s"',
        line: 6,
        column: 21,
      },
    ],
  },
  {
    kind: 'zero duration',
    input: 'a pause with duration: 0s',
    text: withFaults('{ kind: pause, target: n1, at: 10m, duration: 0s }'),
    problems: [
      {
        path: ['faults', 0, 'duration'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '"0s"',
        line: 14,
        column: 51,
      },
    ],
  },
  // 5. probability outside 0..1
  {
    kind: 'probability outside 0..1',
    input: 'network: { loss: 1.5 }',
    text: scenarioYaml({ network: 'network: { loss: 1.5 }' }),
    problems: [
      {
        path: ['network', 'loss'],
        expected: 'expected a probability between 0 and 1',
        found: '1.5',
        line: 13,
        column: 18,
      },
    ],
  },
  {
    kind: 'probability outside 0..1',
    input: 'a failure rate of -0.1',
    text: withWorkload('jobs: 4', 'arrival: { every: 10m }', 'failures:', '  JOB_SUBMISSION: { retryable: -0.1 }'),
    problems: [
      {
        path: ['workload', 'failures', 'JOB_SUBMISSION', 'retryable'],
        expected: 'expected a probability between 0 and 1',
        found: '-0.1',
        line: 8,
        column: 34,
      },
    ],
  },
  {
    kind: 'probability outside 0..1',
    input: 'a network fault with loss: 2',
    text: withFaults('{ kind: network, at: 10m, duration: 5m, loss: 2 }'),
    problems: [
      {
        path: ['faults', 0, 'loss'],
        expected: 'expected a probability between 0 and 1',
        found: '2',
        line: 14,
        column: 51,
      },
    ],
  },
  {
    kind: 'probability outside 0..1',
    input: 'retryable + fatal above 1',
    text: withWorkload(
      'jobs: 4',
      'arrival: { every: 10m }',
      'failures:',
      '  JOB_SUBMISSION: { retryable: 0.6, fatal: 0.6 }',
    ),
    problems: [
      {
        path: ['workload', 'failures', 'JOB_SUBMISSION'],
        expected: 'expected retryable + fatal <= 1',
        found: '{"retryable":0.6,"fatal":0.6}',
        line: 8,
        column: 21,
      },
    ],
  },
  // 6. a fault naming an unknown target
  {
    kind: 'unknown fault target',
    input: 'a crash of node n9',
    text: withFaults('{ kind: crash, target: n9, at: 10m }'),
    problems: [{ path: ['faults', 0, 'target'], expected: NODE_TARGET, found: '"n9"', line: 14, column: 28 }],
  },
  {
    kind: 'unknown fault target',
    input: 'a crash of { node: n9 }',
    text: withFaults('{ kind: crash, target: { node: n9 }, at: 10m }'),
    problems: [
      {
        path: ['faults', 0, 'target', 'node'],
        expected: 'a node id (n1, n2, control, broker, store-r1, store-r2, store-r3)',
        found: '"n9"',
        line: 14,
        column: 36,
      },
    ],
  },
  {
    kind: 'unknown fault target',
    input: 'a pause of { zone: zx }',
    text: withFaults('{ kind: pause, target: { zone: zx }, at: 10m, duration: 5m }'),
    problems: [{ path: ['faults', 0, 'target', 'zone'], expected: ZONES, found: '"zx"', line: 14, column: 36 }],
  },
  {
    kind: 'unknown fault target',
    input: 'a site-outage of site hpc9',
    text: withFaults('{ kind: site-outage, target: hpc9, at: 10m, duration: 5m }'),
    problems: [
      { path: ['faults', 0, 'target'], expected: 'a site (hpc1) or random', found: '"hpc9"', line: 14, column: 34 },
    ],
  },
  {
    kind: 'unknown fault target',
    input: 'a replica-outage of replica r9',
    text: withFaults('{ kind: replica-outage, target: r9, at: 10m, duration: 5m }'),
    problems: [
      {
        path: ['faults', 0, 'target'],
        expected: 'a store replica (r1, r2, r3) or random',
        found: '"r9"',
        line: 14,
        column: 37,
      },
    ],
  },
  {
    kind: 'unknown fault target',
    input: 'a partition naming zone zq',
    text: withFaults('{ kind: partition, shape: zones, groups: [[z1], [zq]], at: 10m, duration: 5m }'),
    problems: [{ path: ['faults', 0, 'groups', 1, 0], expected: ZONES, found: '"zq"', line: 14, column: 54 }],
  },
  // 7. a fault outside the run, or ending after it
  {
    kind: 'fault outside the run',
    input: 'a crash at 3h in a 2h fault phase',
    text: withFaults('{ kind: crash, target: n1, at: 3h }'),
    problems: [
      {
        path: ['faults', 0, 'at'],
        expected: 'a time inside the fault phase (before 2h)',
        found: '"3h"',
        line: 14,
        column: 36,
      },
    ],
  },
  {
    kind: 'fault outside the run',
    input: 'a crash at exactly the end of the fault phase',
    text: withFaults('{ kind: crash, target: n1, at: 2h }'),
    problems: [
      {
        path: ['faults', 0, 'at'],
        expected: 'a time inside the fault phase (before 2h)',
        found: '"2h"',
        line: 14,
        column: 36,
      },
    ],
  },
  {
    kind: 'fault ending after the run',
    input: 'a crash at 90m lasting 1h in a 2h fault phase',
    text: withFaults('{ kind: crash, target: n1, at: 90m, duration: 1h }'),
    problems: [
      {
        path: ['faults', 0, 'duration'],
        expected: 'a fault that ends by the end of the fault phase (2h); it would end at 2h30m',
        found: '"1h"',
        line: 14,
        column: 51,
      },
    ],
  },
  // 8. overlapping contradictory faults
  {
    kind: 'overlapping faults',
    input: 'two crashes of n1 that overlap',
    text: withFaults(
      '{ kind: crash, target: n1, at: 10m, duration: 30m }',
      '{ kind: crash, target: n1, at: 20m, duration: 5m }',
    ),
    problems: [
      {
        path: ['faults', 1, 'at'],
        expected: 'no overlap with faults[0] (crash), which already holds the same target from 10m to 40m',
        found: '"20m"',
        line: 15,
        column: 36,
      },
    ],
  },
  {
    kind: 'overlapping faults',
    input: 'a pause of n1 during a crash of n1',
    text: withFaults(
      '{ kind: crash, target: n1, at: 10m, duration: 30m }',
      '{ kind: pause, target: n1, at: 20m, duration: 5m }',
    ),
    problems: [
      {
        path: ['faults', 1, 'at'],
        expected: 'no overlap with faults[0] (crash), which already holds the same target from 10m to 40m',
        found: '"20m"',
        line: 15,
        column: 36,
      },
    ],
  },
  {
    kind: 'overlapping faults',
    input: 'a crash of n1 listed after a pause it covers',
    text: withFaults(
      '{ kind: pause, target: n1, at: 20m, duration: 5m }',
      '{ kind: crash, target: n1, at: 10m, duration: 30m }',
    ),
    problems: [
      {
        path: ['faults', 1, 'at'],
        expected: 'no overlap with faults[0] (pause), which already holds the same target from 20m to 25m',
        found: '"10m"',
        line: 15,
        column: 36,
      },
    ],
  },
  {
    kind: 'overlapping faults',
    input: 'a crash until the heal, then a pause of { node: n1 }',
    text: withFaults(
      '{ kind: crash, target: n1, at: 10m }',
      '{ kind: pause, target: { node: n1 }, at: 20m, duration: 5m }',
    ),
    problems: [
      {
        path: ['faults', 1, 'at'],
        expected: 'no overlap with faults[0] (crash), which already holds the same target from 10m to 2h',
        found: '"20m"',
        line: 15,
        column: 46,
      },
    ],
  },
  // 9. empty workload
  {
    kind: 'empty workload',
    input: 'jobs: 0',
    text: withWorkload('jobs: 0', 'arrival: { every: 10m }'),
    problems: [{ path: ['workload', 'jobs'], expected: 'expected a positive integer', found: '0', line: 5, column: 9 }],
  },
  {
    kind: 'empty workload',
    input: 'types: []',
    text: withWorkload('jobs: 4', 'arrival: { every: 10m }', 'types: []'),
    problems: [
      { path: ['workload', 'types'], expected: 'expected at least one job type', found: '[]', line: 7, column: 10 },
    ],
  },
  {
    kind: 'empty workload',
    input: 'a job type with tasks: []',
    text: withTypes('- { name: T, tasks: [] }'),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks'],
        expected: 'expected at least one task',
        found: '[]',
        line: 8,
        column: 25,
      },
    ],
  },
  // 10. task DAG: cycle, unknown predecessor
  {
    kind: 'cyclic task DAG',
    input: 'A after C, B after A, C after B',
    text: withTypes(
      '- name: loop',
      '  tasks:',
      '    - { id: A, kind: ENV_SETUP, after: [C] }',
      '    - { id: B, kind: JOB_SUBMISSION, after: [A] }',
      '    - { id: C, kind: MONITORING, after: [B] }',
    ),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks', 0, 'after'],
        expected: 'an acyclic task graph',
        found: '"the cycle A → B → C → A"',
        line: 10,
        column: 44,
      },
    ],
  },
  {
    kind: 'cyclic task DAG',
    input: 'A after A',
    text: withTypes('- name: self', '  tasks:', '    - { id: A, kind: ENV_SETUP, after: [A] }'),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks', 0, 'after'],
        expected: 'an acyclic task graph',
        found: '"the cycle A → A"',
        line: 10,
        column: 44,
      },
    ],
  },
  {
    kind: 'unknown predecessor',
    input: 'B after X, which no task is',
    text: withTypes(
      '- name: dangling',
      '  tasks:',
      '    - { id: A, kind: ENV_SETUP }',
      '    - { id: B, kind: JOB_SUBMISSION, after: [X] }',
    ),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks', 1, 'after', 0],
        expected: 'the id of another task of this type (A, B)',
        found: '"X"',
        line: 11,
        column: 50,
      },
    ],
  },
  // 12. syntax errors
  {
    kind: 'YAML syntax error',
    input: 'duration: 2h: 3',
    text: 'name: x\nduration: 2h: 3\n',
    problems: [
      {
        path: [],
        expected: 'valid YAML syntax',
        found: 'Nested mappings are not allowed in compact mappings',
        line: 2,
        column: 11,
      },
    ],
  },
  {
    kind: 'YAML syntax error',
    input: 'an unclosed flow mapping',
    text: withWorkload('jobs: 4', 'arrival: { every: 10m'),
    problems: [
      {
        path: [],
        expected: 'valid YAML syntax',
        found: 'Flow map in block collection must be sufficiently indented and end with a }',
        line: 7,
        column: 1,
      },
    ],
  },
  {
    kind: 'YAML syntax error',
    input: 'a key given twice',
    text: 'name: a\nname: b\n',
    problems: [{ path: [], expected: 'valid YAML syntax', found: 'Map keys must be unique', line: 2, column: 1 }],
  },
  // The `found` text is Node's JSON.parse message (Node 20 wording; later Node versions add "(line 4 column 1)").
  {
    kind: 'JSON syntax error',
    input: 'a trailing comma in a .json file',
    file: 'bad.json',
    text: '{\n  "name": "x",\n  "duration": "2h",\n}\n',
    problems: [
      {
        path: [],
        expected: 'valid JSON syntax',
        found: 'Expected double-quoted property name in JSON at position 37',
        line: 4,
        column: 1,
      },
    ],
  },
  {
    kind: 'JSON syntax error',
    input: 'a missing comma in a .json file',
    file: 'bad.json',
    text: '{\n  "name": "x"\n  "duration": "2h"\n}\n',
    problems: [
      {
        path: [],
        expected: 'valid JSON syntax',
        found: "Expected ',' or '}' after property value in JSON at position 18",
        line: 3,
        column: 3,
      },
    ],
  },
  // 13. a zone that does not exist
  {
    kind: 'unknown zone',
    input: 'a node in zone z3',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z3 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [{ path: ['topology', 'nodes', 1, 'zone'], expected: ZONES, found: '"z3"', line: 11, column: 23 }],
  },
  {
    kind: 'unknown zone',
    input: 'a client in zone z9',
    text: withTopology(
      'zones: [z1, z2]',
      'clients: [{ zone: z1 }, { zone: z9 }]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [{ path: ['topology', 'clients', 1, 'zone'], expected: ZONES, found: '"z9"', line: 9, column: 35 }],
  },
  {
    kind: 'unknown zone',
    input: 'the control node in zone z7',
    text: withTopology(
      'zones: [z1, z2]',
      'control: { zone: z7 }',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [{ path: ['topology', 'control', 'zone'], expected: ZONES, found: '"z7"', line: 9, column: 20 }],
  },
  {
    kind: 'unknown zone',
    input: 'a site in zone z5',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC, zone: z5 }]',
    ),
    problems: [{ path: ['topology', 'sites', 0, 'zone'], expected: ZONES, found: '"z5"', line: 11, column: 40 }],
  },
  {
    kind: 'unknown zone',
    input: 'a store replica in zone z4',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC }]',
      'store: { replicas: [{ id: r1, zone: z4 }] }',
    ),
    problems: [
      { path: ['topology', 'store', 'replicas', 0, 'zone'], expected: ZONES, found: '"z4"', line: 12, column: 39 },
    ],
  },
  // 14. a workload that does not fit in the fault phase
  {
    kind: 'workload past the fault phase',
    input: '20 jobs 10m apart in 2h',
    text: withWorkload('jobs: 20', 'arrival: { every: 10m }'),
    problems: [
      {
        path: ['workload', 'jobs'],
        expected: 'a workload that fits in the fault phase (2h): the last of 20 arrivals 10m apart comes at 3h10m',
        found: '20',
        line: 5,
        column: 9,
      },
    ],
  },
  {
    kind: 'workload past the fault phase',
    input: '20 Poisson arrivals with mean gap 10m in 2h',
    text: withWorkload('jobs: 20', 'arrival: { poisson: { mean: 10m } }'),
    problems: [
      {
        path: ['workload', 'jobs'],
        expected:
          'a workload that fits in the fault phase (2h): the expected last of 20 arrivals 10m apart comes at 3h10m',
        found: '20',
        line: 5,
        column: 9,
      },
    ],
  },
  {
    kind: 'workload past the fault phase',
    input: '10 bursts of 2, 15m apart, in 2h',
    text: withWorkload('jobs: 20', 'arrival: { bursts: { size: 2, every: 15m } }'),
    problems: [
      {
        path: ['workload', 'jobs'],
        expected: 'a workload that fits in the fault phase (2h): the last of 10 bursts comes at 2h15m',
        found: '20',
        line: 5,
        column: 9,
      },
    ],
  },
  // 17. a repeat in a list that is a set
  {
    kind: 'repeat in a set',
    input: 'topology.zones: [z1, z2, z1]',
    text: withTopology(
      'zones: [z1, z2, z1]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [
      { path: ['topology', 'zones', 2], expected: 'a zone name used once', found: '"z1"', line: 8, column: 19 },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'one broker per zone, z2 twice',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
      'broker: { zones: [z1, z2, z2] }',
    ),
    problems: [
      {
        path: ['topology', 'broker', 'zones', 2],
        expected: 'a zone used once (one broker per zone)',
        found: '"z2"',
        line: 13,
        column: 29,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'two nodes with id n1',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n1, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [
      { path: ['topology', 'nodes', 1, 'id'], expected: 'a node id used once', found: '"n1"', line: 11, column: 13 },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'a capability listed twice',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1, capabilities: [ENV_SETUP, MONITORING, ENV_SETUP] }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [
      {
        path: ['topology', 'nodes', 0, 'capabilities', 2],
        expected: "a task kind used once in the node's capabilities",
        found: '"ENV_SETUP"',
        line: 10,
        column: 65,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'two sites with id hpc1',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC }, { id: hpc1, kind: CLOUD }]',
    ),
    problems: [
      { path: ['topology', 'sites', 1, 'id'], expected: 'a site id used once', found: '"hpc1"', line: 11, column: 42 },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'two store replicas with id r1',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
      'store: { replicas: [{ id: r1, zone: z1 }, { id: r1, zone: z2 }] }',
    ),
    problems: [
      {
        path: ['topology', 'store', 'replicas', 1, 'id'],
        expected: 'a replica id used once',
        found: '"r1"',
        line: 13,
        column: 51,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'two job types named T',
    text: withTypes('- { name: T }', '- { name: T, weight: 2 }'),
    problems: [
      {
        path: ['workload', 'types', 1, 'name'],
        expected: 'a job type name used once',
        found: '"T"',
        line: 9,
        column: 15,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'two tasks with id A in one job type',
    text: withTypes(
      '- name: T',
      '  tasks:',
      '    - { id: A, kind: ENV_SETUP }',
      '    - { id: A, kind: JOB_SUBMISSION }',
    ),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks', 1, 'id'],
        expected: 'a task id used once in its job type',
        found: '"A"',
        line: 11,
        column: 17,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'a predecessor listed twice in after',
    text: withTypes(
      '- name: T',
      '  tasks:',
      '    - { id: A, kind: ENV_SETUP }',
      '    - { id: B, kind: JOB_SUBMISSION, after: [A, A] }',
    ),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks', 1, 'after', 1],
        expected: "a task id used once in the task's after list",
        found: '"A"',
        line: 11,
        column: 53,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'a zone twice in one group of a zone split',
    text: withFaults('{ kind: partition, shape: zones, groups: [[z1, z1], [z2]], at: 10m, duration: 5m }'),
    problems: [
      {
        path: ['faults', 0, 'groups', 0, 1],
        expected: 'a zone used once in its group',
        found: '"z1"',
        line: 14,
        column: 52,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'a zone in two groups of a zone split',
    text: withFaults('{ kind: partition, shape: zones, groups: [[z1], [z2, z1]], at: 10m, duration: 5m }'),
    problems: [
      {
        path: ['faults', 0, 'groups', 1, 1],
        expected: 'each zone in one group only (z1 is already in groups[0])',
        found: '"z1"',
        line: 14,
        column: 58,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'a swarm kind listed twice',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, kinds: [crash, pause, crash] }' }),
    problems: [
      {
        path: ['swarm', 'kinds', 2],
        expected: 'a fault kind used once (the kinds are drawn uniformly)',
        found: '"crash"',
        line: 13,
        column: 42,
      },
    ],
  },
  {
    kind: 'repeat in a set',
    input: 'two latency links between z1 and z2 (either order)',
    text: scenarioYaml({
      network:
        'network:\n  links:\n    - { between: [z1, z2], latency: 5ms }\n    - { between: [z2, z1], latency: 9ms }',
    }),
    problems: [
      {
        path: ['network', 'links', 1, 'between'],
        expected: 'a pair of zones used once in network.links (links[0] already sets z1↔z2)',
        found: '["z2","z1"]',
        line: 16,
        column: 18,
      },
    ],
  },
  {
    kind: 'reserved node id',
    input: 'a worker named broker-z1 (the name of a per-zone broker)',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: broker-z1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [
      {
        path: ['topology', 'nodes', 0, 'id'],
        expected: 'a node id other than control, broker, harness, store-…, client-…, broker-… (reserved)',
        found: '"broker-z1"',
        line: 10,
        column: 13,
      },
    ],
  },
  // 18. a window outside its phase, or ending before it starts
  {
    kind: 'window outside its phase',
    input: 'a swarm from 8h in a 2h fault phase (once printed as 8:00:00 → 2:00:00)',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, from: 8h }' }),
    problems: [
      {
        path: ['swarm', 'from'],
        expected: "a start of the swarm's window inside the fault phase (before 2h)",
        found: '"8h"',
        line: 13,
        column: 26,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'swarm faults of 2h in a window of 1h30m',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, from: 30m, duration: 2h }' }),
    problems: [
      {
        path: ['swarm', 'duration'],
        expected: "fault lengths shorter than the swarm's window, from 30m to the end of the fault phase at 2h (1h30m)",
        found: '"2h"',
        line: 13,
        column: 41,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'swarm faults of up to 3h (uniform) in a window of 2h',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, duration: { uniform: [1m, 3h] } }' }),
    problems: [
      {
        path: ['swarm', 'duration'],
        expected: "fault lengths shorter than the swarm's window, from 0s to the end of the fault phase at 2h (2h)",
        found: '"uniform 1m..3h"',
        line: 13,
        column: 30,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'swarm faults with an exponential mean of 3h in a window of 2h',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, duration: { exponential: { mean: 3h } } }' }),
    problems: [
      {
        path: ['swarm', 'duration'],
        expected:
          "a mean fault length shorter than the swarm's window, from 0s to the end of the fault phase at 2h (2h)",
        found: '"exponential mean 3h"',
        line: 13,
        column: 30,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'a node that leaves at 3h in a 2h fault phase',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z2, leaveAt: 3h }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [
      {
        path: ['topology', 'nodes', 1, 'leaveAt'],
        expected: 'a leave time inside the fault phase (before 2h)',
        found: '"3h"',
        line: 11,
        column: 36,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'scheduled starts up to 2h after the last arrival (at 30m) in a 2h fault phase',
    text: withWorkload('jobs: 4', 'arrival: { every: 10m }', 'delayed: { fraction: 0.5, by: 2h }'),
    problems: [
      {
        path: ['workload', 'delayed', 'by'],
        expected:
          'scheduled starts inside the fault phase (before 2h): the last arrival, at 30m, may be held until 2h30m',
        found: '"2h"',
        line: 7,
        column: 33,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'scheduled starts uniform up to 1h40m after the last arrival (at 30m)',
    text: withWorkload(
      'jobs: 4',
      'arrival: { every: 10m }',
      'delayed: { fraction: 0.5, by: { uniform: [10m, 1h40m] } }',
    ),
    problems: [
      {
        path: ['workload', 'delayed', 'by'],
        expected:
          'scheduled starts inside the fault phase (before 2h): the last arrival, at 30m, may be held until 2h10m',
        found: '"uniform 10m..1h40m"',
        line: 7,
        column: 33,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'a last burst at 1h spread over 70m in a 2h fault phase',
    text: withWorkload('jobs: 4', 'arrival: { bursts: { size: 2, every: 1h, spread: 70m } }'),
    problems: [
      {
        path: ['workload', 'jobs'],
        expected:
          'a workload that fits in the fault phase (2h): the last of 2 bursts starts at 1h and spreads over 1h10m, to 2h10m',
        found: '4',
        line: 5,
        column: 9,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'a crash of n2 from 10m to 30m, before n2 joins at 1h',
    text: scenarioYaml({
      topology: [
        'topology:',
        '  zones: [z1, z2]',
        '  nodes:',
        '    - { id: n1, zone: z1 }',
        '    - { id: n2, zone: z2, joinAt: 1h }',
        '  sites: [{ id: hpc1, kind: HPC }]',
      ].join('\n'),
      faults: 'faults:\n  - { kind: crash, target: n2, at: 10m, duration: 20m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'at'],
        expected: 'a fault while n2 is in the cluster, from 1h to 2h; this one lasts from 10m to 30m',
        found: '"10m"',
        line: 14,
        column: 36,
      },
    ],
  },
  {
    kind: 'window outside its phase',
    input: 'a pause of { node: n2 } at 1h30m, after n2 left at 1h',
    text: scenarioYaml({
      topology: [
        'topology:',
        '  zones: [z1, z2]',
        '  nodes:',
        '    - { id: n1, zone: z1 }',
        '    - { id: n2, zone: z2, leaveAt: 1h }',
        '  sites: [{ id: hpc1, kind: HPC }]',
      ].join('\n'),
      faults: 'faults:\n  - { kind: pause, target: { node: n2 }, at: 1h30m, duration: 5m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'at'],
        expected: 'a fault while n2 is in the cluster, from 0s to 1h; this one lasts from 1h30m to 1h35m',
        found: '"1h30m"',
        line: 14,
        column: 46,
      },
    ],
  },
  // 19. work that cannot be placed, a reference that resolves to nothing
  {
    kind: 'work no node can run',
    input: 'the default job type (the whole chain) and no node with OUTPUT_DATA_STAGING (all 60 jobs were once lost)',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1, capabilities: [ENV_SETUP, INPUT_DATA_STAGING, JOB_SUBMISSION, MONITORING] }',
      '  - { id: n2, zone: z2, capabilities: [ENV_SETUP] }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
    problems: [
      {
        path: ['topology', 'nodes'],
        expected:
          'a node with capability OUTPUT_DATA_STAGING: without workload.types every job runs the whole chain, ENV_SETUP → INPUT_DATA_STAGING → JOB_SUBMISSION → MONITORING → OUTPUT_DATA_STAGING',
        found: '["ENV_SETUP","INPUT_DATA_STAGING","JOB_SUBMISSION","MONITORING"]',
        line: 10,
        column: 5,
      },
    ],
  },
  {
    kind: 'work no node can run',
    input: 'a job type whose chain has MONITORING, which no node can run',
    text: scenarioYaml({
      workload: [
        'workload:',
        '  jobs: 4',
        '  arrival: { every: 10m }',
        '  types: [{ name: T, tasks: [ENV_SETUP, MONITORING] }]',
      ].join('\n'),
      topology: [
        'topology:',
        '  zones: [z1, z2]',
        '  nodes:',
        '    - { id: n1, zone: z1, capabilities: [ENV_SETUP] }',
        '    - { id: n2, zone: z2, capabilities: [ENV_SETUP, JOB_SUBMISSION] }',
        '  sites: [{ id: hpc1, kind: HPC }]',
      ].join('\n'),
    }),
    problems: [
      {
        path: ['workload', 'types', 0, 'tasks', 1],
        expected: 'a task kind some node can run (no node has capability MONITORING)',
        found: '"MONITORING"',
        line: 7,
        column: 41,
      },
    ],
  },
  {
    kind: 'reference to nothing',
    input: 'failure rates for MONITORING, which no job type runs',
    text: withWorkload(
      'jobs: 4',
      'arrival: { every: 10m }',
      PARTIAL_CHAIN,
      'failures:',
      '  MONITORING: { retryable: 0.1 }',
    ),
    problems: [
      {
        path: ['workload', 'failures', 'MONITORING'],
        expected: 'failure rates for a task kind some job type runs (ENV_SETUP, JOB_SUBMISSION)',
        found: '"MONITORING"',
        line: 9,
        column: 17,
      },
    ],
  },
  {
    kind: 'reference to nothing',
    input: "a job type's failure rates for a kind it does not run",
    text: withTypes('- { name: T, tasks: [ENV_SETUP, JOB_SUBMISSION], failures: { MONITORING: { fatal: 0.5 } } }'),
    problems: [
      {
        path: ['workload', 'types', 0, 'failures', 'MONITORING'],
        expected: 'failure rates for a task kind job type T runs (ENV_SETUP, JOB_SUBMISSION)',
        found: '"MONITORING"',
        line: 8,
        column: 78,
      },
    ],
  },
  {
    kind: 'reference to nothing',
    input: 'a crash on the start of a MONITORING task, which no job type runs',
    text: scenarioYaml({
      workload: ['workload:', '  jobs: 4', '  arrival: { every: 10m }', `  ${PARTIAL_CHAIN}`].join('\n'),
      faults: 'faults:\n  - { kind: crash, when: { on: task-start, kind: MONITORING }, duration: 5m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'when', 'kind'],
        expected: 'a task kind some job type runs (ENV_SETUP, JOB_SUBMISSION)',
        found: '"MONITORING"',
        line: 15,
        column: 50,
      },
    ],
  },
  {
    kind: 'reference to nothing',
    input: 'a crash point named for on: site-submit',
    text: withFaults('{ kind: crash, when: { on: site-submit, point: after-state-update }, duration: 5m }'),
    problems: [
      {
        path: ['faults', 0, 'when', 'point'],
        expected: 'point only with on: point',
        found: '"after-state-update"',
        line: 14,
        column: 52,
      },
    ],
  },
  {
    kind: 'zone that holds nothing',
    input: 'a crash of { zone: z2 } when z2 holds only a client',
    text: withBareZ2(['clients: [{ zone: z1 }, { zone: z2 }]'], {
      faults: 'faults:\n  - { kind: crash, target: { zone: z2 }, at: 10m, duration: 5m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'target', 'zone'],
        expected: 'a zone that holds nodes for the fault to act on',
        found: '"z2"',
        line: 15,
        column: 36,
      },
    ],
  },
  {
    kind: 'zone that holds nothing',
    input: 'a zone isolated that holds nothing',
    text: withBareZ2([], {
      faults: 'faults:\n  - { kind: partition, shape: isolate, target: { zone: z2 }, at: 10m, duration: 5m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'target', 'zone'],
        expected: 'a zone that holds nodes or clients for the fault to act on',
        found: '"z2"',
        line: 14,
        column: 56,
      },
    ],
  },
  {
    kind: 'zone that holds nothing',
    input: 'a zone split whose second group holds nothing',
    text: withBareZ2([], {
      faults: 'faults:\n  - { kind: partition, shape: zones, groups: [[z1], [z2]], at: 10m, duration: 5m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'groups', 1],
        expected: 'a group of zones that hold nodes or clients for the split to cut off',
        found: '["z2"]',
        line: 14,
        column: 53,
      },
    ],
  },
  {
    kind: 'zone that holds nothing',
    input: 'network chaos between z1 and a zone that holds nothing',
    text: withBareZ2([], {
      faults: 'faults:\n  - { kind: network, between: [z1, z2], loss: 0.5, at: 10m, duration: 5m }',
    }),
    problems: [
      {
        path: ['faults', 0, 'between', 1],
        expected: 'a zone that holds nodes or clients, whose messages the fault can act on',
        found: '"z2"',
        line: 14,
        column: 36,
      },
    ],
  },
  {
    kind: 'bound no value meets',
    input: 'a target bound no value can meet: lostJobs { min: 5, max: 3 }',
    text: scenarioYaml({ targets: 'targets:\n  lostJobs: { min: 5, max: 3 }' }),
    problems: [
      {
        path: ['targets', 'lostJobs'],
        expected: 'expected min <= max (a bound some value can meet)',
        found: '{"max":3,"min":5}',
        line: 14,
        column: 13,
      },
    ],
  },
  {
    kind: 'bound no value meets',
    input: 'an availability bound no value can meet: { min: 0.99, max: 0.9 }',
    text: scenarioYaml({ targets: 'targets:\n  availabilityDuringFaults: { min: 0.99, max: 0.9 }' }),
    problems: [
      {
        path: ['targets', 'availabilityDuringFaults'],
        expected: 'expected min <= max (a bound some value can meet)',
        found: '{"max":0.9,"min":0.99}',
        line: 14,
        column: 29,
      },
    ],
  },
  // 20. numbers the file writes that are not finite numbers: found says what the file says
  {
    kind: 'not a finite number',
    input: 'jobs: .inf (once reported as found null)',
    text: withWorkload('jobs: .inf', 'arrival: { every: 10m }'),
    problems: [
      { path: ['workload', 'jobs'], expected: 'expected a positive integer', found: '.inf', line: 5, column: 9 },
    ],
  },
  {
    kind: 'not a finite number',
    input: 'jobs: .nan',
    text: withWorkload('jobs: .nan', 'arrival: { every: 10m }'),
    problems: [
      { path: ['workload', 'jobs'], expected: 'expected a positive integer', found: '.nan', line: 5, column: 9 },
    ],
  },
  {
    kind: 'not a finite number',
    input: 'duration: 1e309 (past the largest number: read as infinity)',
    text: scenarioYaml({ duration: 'duration: 1e309' }),
    problems: [{ path: ['duration'], expected: DURATION_HINT, found: '1e309 (too large)', line: 3, column: 11 }],
  },
  {
    kind: 'not a finite number',
    input: 'network loss: -.inf',
    text: scenarioYaml({ network: 'network: { loss: -.inf }' }),
    problems: [
      {
        path: ['network', 'loss'],
        expected: 'expected a probability between 0 and 1',
        found: '-.inf',
        line: 13,
        column: 18,
      },
    ],
  },
  {
    kind: 'not a finite number',
    input: 'duration: 1e-400 (read as 0)',
    text: scenarioYaml({ duration: 'duration: 1e-400' }),
    problems: [
      {
        path: ['duration'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '1e-400 (too small: read as 0)',
        line: 3,
        column: 11,
      },
    ],
  },
  {
    kind: 'not a finite number',
    input: '"jobs": 1e309 in a .json file',
    file: 'bad.json',
    text: '{\n  "name": "x",\n  "duration": "2h",\n  "workload": { "jobs": 1e309, "arrival": { "every": "10m" } },\n  "topology": { "zones": ["z1"], "nodes": [{ "id": "n1", "zone": "z1" }], "sites": [{ "id": "s1", "kind": "HPC" }] }\n}\n',
    problems: [
      {
        path: ['workload', 'jobs'],
        expected: 'expected a positive integer',
        found: '1e309 (too large)',
        line: 4,
        column: 25,
      },
    ],
  },
  // 21. files past the reader's limits: one line naming the file and the limit, no stack trace
  {
    kind: 'past a limit',
    input: 'a .json file nested 70 levels deep (once: Maximum call stack size exceeded)',
    file: 'bad.json',
    text: `{"a":${'['.repeat(70)}${']'.repeat(70)}}`,
    problems: [
      {
        path: [],
        expected: 'JSON nested at most 64 levels deep',
        found: 'nesting more than 64 levels deep',
        line: 1,
        column: 69,
      },
    ],
  },
  {
    kind: 'past a limit',
    input: 'a YAML file nested 70 flow lists deep',
    text: `name: x\na: ${'['.repeat(70)}${']'.repeat(70)}\n`,
    problems: [
      {
        path: [],
        expected: 'YAML nested at most 64 levels deep',
        found: 'nesting more than 64 levels deep',
        line: 2,
        column: 67,
      },
    ],
  },
  {
    kind: 'past a limit',
    input: 'a YAML file nested 70 mappings deep',
    text: `${Array.from({ length: 70 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n')} 1\n`,
    problems: [
      {
        path: [],
        expected: 'YAML nested at most 64 levels deep',
        found: 'nesting more than 64 levels deep',
        line: 65,
        column: 65,
      },
    ],
  },
  {
    kind: 'past a limit',
    input: "an alias bomb (once: the YAML library's ReferenceError with a stack trace)",
    text: [
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, index) => `a${index + 1}: &a${index + 1} [${Array(10).fill(`*a${index}`).join(', ')}]`,
      ),
    ].join('\n'),
    problems: [
      {
        path: [],
        expected: 'YAML whose aliases expand at most 100 times (a guard against alias bombs)',
        found: 'aliases that expand more than 100 times',
      },
    ],
  },
  {
    kind: 'YAML syntax error',
    input: 'an alias with no anchor (once: a ReferenceError with a stack trace)',
    text: 'name: x\nduration: *two-hours\n',
    problems: [
      {
        path: [],
        expected: 'valid YAML: an alias (*name) after its anchor (&name)',
        found: '*two-hours, with no anchor before it',
        line: 2,
        column: 11,
      },
    ],
  },
];

describe('bad scenario text: each kind of mistake gets its own message, field, line and column', () => {
  it.each(textCases)('$kind: $input', ({ file = 'bad.yaml', text, problems }) => {
    const error = scenarioErrorOf(() => parseScenarioText(file, text));
    expect(error.file).toBe(file);
    expect(error.problems).toEqual(problems);
  });
});

interface ValidCase {
  readonly kind: string;
  readonly input: string;
  readonly text: string;
}

// The other side of each cross-field check: the same field, written without the mistake, is accepted.
const validCases: readonly ValidCase[] = [
  {
    kind: 'repeat in a set',
    input: 'three different zones, a node in each',
    text: withTopology(
      'zones: [z1, z2, z3]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z2 }',
      '  - { id: n3, zone: z3 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
  },
  {
    kind: 'repeat in a set',
    input: 'one broker in each of two zones',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
      'broker: { zones: [z1, z2] }',
    ),
  },
  {
    kind: 'repeat in a set',
    input: 'two different capabilities on one node, all on the other',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1, capabilities: [ENV_SETUP, MONITORING] }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
  },
  {
    kind: 'repeat in a set',
    input: 'two sites and two store replicas with different ids',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1 }',
      'sites: [{ id: hpc1, kind: HPC }, { id: cloud1, kind: CLOUD }]',
      'store: { replicas: [{ id: r1, zone: z1 }, { id: r2, zone: z2 }] }',
    ),
  },
  {
    kind: 'repeat in a set',
    input: 'two job types, a DAG whose last task waits for two different tasks',
    text: withTypes(
      '- { name: T }',
      '- name: U',
      '  tasks:',
      '    - { id: A, kind: ENV_SETUP }',
      '    - { id: B, kind: INPUT_DATA_STAGING }',
      '    - { id: C, kind: JOB_SUBMISSION, after: [A, B] }',
    ),
  },
  {
    kind: 'repeat in a set',
    input: 'a zone split [[z1], [z2]]',
    text: withFaults('{ kind: partition, shape: zones, groups: [[z1], [z2]], at: 10m, duration: 5m }'),
  },
  {
    kind: 'repeat in a set',
    input: 'a swarm of two different kinds',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, kinds: [crash, pause] }' }),
  },
  {
    kind: 'repeat in a set',
    input: 'a link between z1 and z2 and one inside z1 (different pairs)',
    text: scenarioYaml({
      network:
        'network:\n  links:\n    - { between: [z1, z2], latency: 5ms }\n    - { between: [z1, z1], latency: 1ms }',
    }),
  },
  {
    kind: 'reserved node id',
    input: 'a worker named n-broker (broker- only as a prefix is reserved)',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n-broker, zone: z1 }',
      '  - { id: n2, zone: z2 }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
  },
  {
    kind: 'window outside its phase',
    input: 'a swarm from 30m, its faults 1m to 10m long',
    text: scenarioYaml({ swarm: 'swarm: { count: 2, from: 30m, duration: { uniform: [1m, 10m] } }' }),
  },
  {
    kind: 'window outside its phase',
    input: 'a swarm with an exponential mean of 20m, a node that leaves at 1h',
    text: scenarioYaml({
      topology: [
        'topology:',
        '  zones: [z1, z2]',
        '  nodes:',
        '    - { id: n1, zone: z1 }',
        '    - { id: n2, zone: z2, leaveAt: 1h }',
        '  sites: [{ id: hpc1, kind: HPC }]',
      ].join('\n'),
      swarm: 'swarm: { count: 2, duration: { exponential: { mean: 20m } } }',
    }),
  },
  {
    kind: 'window outside its phase',
    input: 'scheduled starts up to 1h after the last arrival (at 30m), bursts spread over 30m',
    text: withWorkload(
      'jobs: 4',
      'arrival: { bursts: { size: 2, every: 30m, spread: 30m } }',
      'delayed: { fraction: 0.5, by: { uniform: [10m, 1h] } }',
    ),
  },
  {
    kind: 'window outside its phase',
    input: 'a crash of n2 from 50m to 1h10m, over its join at 1h; a pause of n3 before it leaves at 1h',
    text: scenarioYaml({
      topology: [
        'topology:',
        '  zones: [z1, z2]',
        '  nodes:',
        '    - { id: n1, zone: z1 }',
        '    - { id: n2, zone: z2, joinAt: 1h }',
        '    - { id: n3, zone: z2, leaveAt: 1h }',
        '  sites: [{ id: hpc1, kind: HPC }]',
      ].join('\n'),
      faults:
        'faults:\n  - { kind: crash, target: n2, at: 50m, duration: 20m }\n  - { kind: pause, target: n3, at: 30m, duration: 5m }',
    }),
  },
  {
    kind: 'work no node can run',
    input: 'the default job type, its chain shared between two nodes',
    text: withTopology(
      'zones: [z1, z2]',
      'nodes:',
      '  - { id: n1, zone: z1, capabilities: [ENV_SETUP, INPUT_DATA_STAGING, JOB_SUBMISSION, MONITORING] }',
      '  - { id: n2, zone: z2, capabilities: [OUTPUT_DATA_STAGING] }',
      'sites: [{ id: hpc1, kind: HPC }]',
    ),
  },
  {
    kind: 'reference to nothing',
    input: 'failure rates and a crash trigger for kinds the job types run',
    text: scenarioYaml({
      workload: [
        'workload:',
        '  jobs: 4',
        '  arrival: { every: 10m }',
        '  types:',
        '    - { name: T, tasks: [ENV_SETUP, JOB_SUBMISSION], failures: { ENV_SETUP: { fatal: 0.5 } } }',
        '    - { name: U }',
        '  failures: { MONITORING: { retryable: 0.1 } }',
      ].join('\n'),
      faults:
        'faults:\n  - { kind: crash, when: { on: task-finish, kind: MONITORING }, duration: 5m }\n  - { kind: crash, when: { on: point, point: after-state-update }, duration: 5m }',
    }),
  },
  {
    kind: 'zone that holds nothing',
    input: 'a crash of { zone: z2 } when z2 holds a store replica; z2 isolated and split off when it holds a client',
    text: withBareZ2(['clients: [{ zone: z1 }, { zone: z2 }]'], {
      faults:
        'faults:\n  - { kind: partition, shape: isolate, target: { zone: z2 }, at: 10m, duration: 5m }\n  - { kind: partition, shape: zones, groups: [[z1], [z2]], at: 20m, duration: 5m }\n  - { kind: network, between: [z1, z2], loss: 0.5, at: 30m, duration: 5m }',
    }),
  },
  {
    kind: 'zone that holds nothing',
    input: 'a crash of { zone: z2 } when z2 holds only a store replica',
    text: scenarioYaml({
      topology: [
        'topology:',
        '  zones: [z1, z2]',
        '  nodes:',
        '    - { id: n1, zone: z1 }',
        '  sites: [{ id: hpc1, kind: HPC }]',
        '  store: { replicas: [{ id: r1, zone: z1 }, { id: r2, zone: z2 }] }',
      ].join('\n'),
      faults: 'faults:\n  - { kind: crash, target: { zone: z2 }, at: 10m, duration: 5m }',
    }),
  },
  {
    kind: 'bound no value meets',
    input: 'target bounds with min <= max, and min = max',
    text: scenarioYaml({
      targets:
        'targets:\n  lostJobs: { min: 0, max: 3 }\n  stuckJobs: { min: 0, max: 0 }\n  availabilityDuringFaults: { min: 0.9, max: 1 }',
    }),
  },
  {
    kind: 'not a finite number',
    input: 'large and small numbers that are finite: duration 1e7 (ms), loss 1e-3',
    text: scenarioYaml({ duration: 'duration: 1e7', network: 'network: { loss: 1e-3 }' }),
  },
];

describe('valid counterparts: each cross-field check accepts the field written without the mistake', () => {
  it.each(validCases)('$kind: $input', ({ text }) => {
    expect(() => parseScenarioText('good.yaml', text)).not.toThrow();
  });
});

describe("valid counterparts of the reader's limits", () => {
  it('a file nested 64 levels deep is read: what is then reported is the unknown field, not the nesting', () => {
    const text = scenarioYaml({ colour: `colour: ${'['.repeat(63)}${']'.repeat(63)}` });
    const error = scenarioErrorOf(() => parseScenarioText('deep.yaml', text));
    expect(error.problems).toEqual([
      { path: ['colour'], expected: TOP_LEVEL_FIELDS, found: 'unknown field "colour"', line: 13, column: 1 },
    ]);
  });

  it('a .json file nested 64 levels deep is read, brackets inside strings not counted', () => {
    const json = `{"name": "x [[[[ {{{{", "colour": ${'['.repeat(63)}${']'.repeat(63)}}`;
    const error = scenarioErrorOf(() => parseScenarioText('deep.json', json));
    expect(error.problems.map((problem) => problem.found)).toContain('unknown field "colour"');
  });

  it('anchors and aliases within the limit are read', () => {
    const text = scenarioYaml({
      workload: ['workload:', '  jobs: 4', '  arrival: { every: &gap 10m }', '  statusReads: { every: *gap }'].join(
        '\n',
      ),
    });
    expect(parseScenarioText('aliases.yaml', text).workload.statusReads?.every).toBe(600_000);
  });
});

describe('warnings: allowed, but most likely a slip (faultline validate prints them, exit 0)', () => {
  it('a zone in which nothing is placed', () => {
    const { warnings } = loadScenarioText('w.yaml', withBareZ2([]));
    expect(warnings).toEqual([
      {
        path: ['topology', 'zones', 1],
        expected:
          'a zone that holds something: a node, a client, a store replica, a broker or a site (nothing is placed in this one)',
        found: '"z2"',
        line: 8,
        column: 15,
      },
    ]);
  });

  it.each([
    ['a worker', ['nodes: [{ id: n1, zone: z1 }, { id: n2, zone: z2 }]']],
    ['a client', ['clients: [{ zone: z1 }, { zone: z2 }]']],
    ['a site', ['sites: [{ id: hpc1, kind: HPC }, { id: cloud1, kind: CLOUD, zone: z2 }]']],
    ['a broker', ['broker: { zones: [z1, z2] }']],
    ['the control node', ['control: { zone: z2 }']],
  ])('none for a zone that holds only %s', (_what, inZ2) => {
    // A later `nodes:` or `sites:` line would repeat a key: write the topology whole instead.
    const base = ['topology:', '  zones: [z1, z2]', '  store: { replicas: [{ id: r1, zone: z1 }] }'];
    const lines = [
      ...(inZ2[0]?.startsWith('nodes') ? [] : ['nodes: [{ id: n1, zone: z1 }]']),
      ...(inZ2[0]?.startsWith('sites') ? [] : ['sites: [{ id: hpc1, kind: HPC }]']),
      ...inZ2,
    ];
    const { warnings } = loadScenarioText(
      'w.yaml',
      scenarioYaml({ topology: [...base, ...lines.map((line) => `  ${line}`)].join('\n') }),
    );
    expect(warnings).toEqual([]);
  });
});

interface FileCase {
  readonly kind: string;
  readonly input: string;
  /** Files of the case (null: a directory). */
  readonly files: Record<string, string | Buffer | null>;
  /** The file to load. */
  readonly open: string;
  /** The file the error names (default: `open`). */
  readonly named?: string;
  readonly problems: (at: (name: string) => string) => readonly ScenarioProblem[];
}

const fileCases: readonly FileCase[] = [
  // 11. unreadable or non-UTF-8 file
  {
    kind: 'unreadable file',
    input: 'a missing file',
    files: {},
    open: 'missing.yaml',
    problems: () => [{ path: [], expected: 'a readable file', found: 'no such file' }],
  },
  {
    kind: 'unreadable file',
    input: 'a directory',
    files: { 'folder.yaml': null },
    open: 'folder.yaml',
    problems: () => [{ path: [], expected: 'a readable file', found: 'a directory' }],
  },
  {
    kind: 'non-UTF-8 file',
    input: 'a Latin-1 é at byte 9',
    files: { 'latin1.yaml': Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]) },
    open: 'latin1.yaml',
    problems: () => [{ path: [], expected: 'UTF-8 text', found: 'bytes that are not UTF-8 at byte offset 9' }],
  },
  // 15. extends
  {
    kind: 'extends',
    input: 'a missing base file',
    files: { 'child.yaml': 'extends: nobase.yaml\nname: child\n' },
    open: 'child.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a readable base scenario file',
        found: `${at('nobase.yaml')}: no such file`,
        line: 1,
        column: 10,
      },
    ],
  },
  {
    kind: 'extends',
    input: 'a cycle of two files (the error names the file that closes it)',
    files: { 'a.yaml': 'extends: b.yaml\nname: a\n', 'b.yaml': 'extends: a.yaml\nname: b\n' },
    open: 'a.yaml',
    named: 'b.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a base that does not extend this file again',
        found: `a cycle through ${at('a.yaml')}`,
        line: 1,
        column: 10,
      },
    ],
  },
  {
    kind: 'extends',
    input: 'a file that extends itself',
    files: { 'self.yaml': 'name: s\nextends: self.yaml\n' },
    open: 'self.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a base that does not extend this file again',
        found: `a cycle through ${at('self.yaml')}`,
        line: 2,
        column: 10,
      },
    ],
  },
  {
    kind: 'extends',
    input: 'a base that is a system file, not a scenario (its content is never quoted)',
    files: {
      passwd: 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
      'child.yaml': 'extends: passwd\nname: child\n',
    },
    open: 'child.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a base scenario file: a YAML or JSON mapping of scenario fields',
        found: `${at('passwd')}: a YAML string, not a mapping`,
        line: 1,
        column: 10,
      },
    ],
  },
  {
    kind: 'extends',
    input: 'a base that is a YAML list',
    files: { 'list.yaml': '- n1\n- n2\n', 'child.yaml': 'extends: list.yaml\nname: child\n' },
    open: 'child.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a base scenario file: a YAML or JSON mapping of scenario fields',
        found: `${at('list.yaml')}: a YAML list, not a mapping`,
        line: 1,
        column: 10,
      },
    ],
  },
  {
    kind: 'extends',
    input: 'a base that is not YAML (a syntax error; where, not what)',
    files: { 'notes.txt': 'secret: [token\n', 'child.yaml': 'extends: notes.txt\nname: child\n' },
    open: 'child.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a base scenario file: a YAML or JSON mapping of scenario fields',
        found: `${at('notes.txt')}: not YAML or JSON (a syntax error at line 2, column 1)`,
        line: 1,
        column: 10,
      },
    ],
  },
  {
    kind: 'extends',
    input: 'a .json base that is not JSON',
    files: { 'base.json': 'name: base\n', 'child.yaml': 'extends: base.json\nname: child\n' },
    open: 'child.yaml',
    problems: (at) => [
      {
        path: ['extends'],
        expected: 'a base scenario file: a YAML or JSON mapping of scenario fields',
        found: `${at('base.json')}: not JSON`,
        line: 1,
        column: 10,
      },
    ],
  },
  {
    kind: 'not a scenario',
    input: 'a scenario file that is a system file (its content is never quoted)',
    files: { passwd: 'root:x:0:0:root:/root:/bin/bash\n' },
    open: 'passwd',
    problems: () => [
      { path: [], expected: 'a mapping of scenario fields at the top level', found: 'a YAML string, not a mapping' },
    ],
  },
  // 16. arrival file  // 16. arrival file
  {
    kind: 'arrival file',
    input:
      'a line that is not a time (the error names the scenario file, the field, and the arrival file with its line)',
    files: { 'arrivals.txt': '0\n10m\nsoon\n30m\n', 'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }') },
    open: 'scenario.yaml',
    problems: (at) => [
      {
        path: ['workload', 'arrival', 'file'],
        expected: ARRIVAL_LINE,
        found: `"soon" at ${at('arrivals.txt')}:3:1`,
        line: 5,
        column: 20,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'two bad lines, both reported',
    files: {
      'arrivals.txt': '0\n-5m\n# a comment\nlater\n',
      'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }'),
    },
    open: 'scenario.yaml',
    problems: (at) => [
      {
        path: ['workload', 'arrival', 'file'],
        expected: ARRIVAL_LINE,
        found: `"-5m" at ${at('arrivals.txt')}:2:1`,
        line: 5,
        column: 20,
      },
      {
        path: ['workload', 'arrival', 'file'],
        expected: ARRIVAL_LINE,
        found: `"later" at ${at('arrivals.txt')}:4:1`,
        line: 5,
        column: 20,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'a directory (once reported under the directory name only)',
    files: { arrivals: null, 'scenario.yaml': withWorkload('arrival: { file: arrivals }') },
    open: 'scenario.yaml',
    problems: (at) => [
      {
        path: ['workload', 'arrival', 'file'],
        expected: 'a readable file of arrival times',
        found: `${at('arrivals')}: a directory`,
        line: 5,
        column: 20,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'bytes that are not UTF-8',
    files: {
      'arrivals.txt': Buffer.from([0x30, 0x0a, 0xff, 0x0a]),
      'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }'),
    },
    open: 'scenario.yaml',
    problems: (at) => [
      {
        path: ['workload', 'arrival', 'file'],
        expected: 'a readable file of arrival times',
        found: `${at('arrivals.txt')}: bytes that are not UTF-8 at byte offset 2`,
        line: 5,
        column: 20,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'an arrival file named in a base, missing (the base file and its line are named)',
    files: {
      'base.yaml': withWorkload('arrival: { file: gone.txt }'),
      'scenario.yaml': 'extends: base.yaml\nname: child\n',
    },
    open: 'scenario.yaml',
    problems: (at) => [
      {
        path: ['workload', 'arrival', 'file'],
        expected: `a readable file of arrival times (stated in the base ${at('base.yaml')}:5:20)`,
        found: `${at('gone.txt')}: no such file`,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'a count that disagrees with jobs',
    files: {
      'arrivals.txt': '0\n10m\n20m\n',
      'scenario.yaml': withWorkload('jobs: 5', 'arrival: { file: arrivals.txt }'),
    },
    open: 'scenario.yaml',
    problems: () => [
      {
        path: ['workload', 'jobs'],
        expected: 'the number of arrivals in arrivals.txt (3), or no jobs field',
        found: '5',
        line: 5,
        column: 9,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'no arrivals at all',
    files: { 'arrivals.txt': '# none yet\n\n', 'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }') },
    open: 'scenario.yaml',
    problems: (at) => [
      {
        path: ['workload', 'arrival', 'file'],
        expected: 'a file with at least one arrival time',
        found: `${at('arrivals.txt')}: no arrival times (only blank lines and comments)`,
        line: 5,
        column: 20,
      },
    ],
  },
  {
    kind: 'arrival file',
    input: 'scheduled starts up to 1h after the last arrival in the file (at 1h30m), in a 2h fault phase',
    files: {
      'arrivals.txt': '0\n10m\n1h30m\n',
      'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }', 'delayed: { fraction: 0.5, by: 1h }'),
    },
    open: 'scenario.yaml',
    problems: () => [
      {
        path: ['workload', 'delayed', 'by'],
        expected:
          'scheduled starts inside the fault phase (before 2h): the last arrival, at 1h30m, may be held until 2h30m',
        found: '"1h"',
        line: 6,
        column: 33,
      },
    ],
  },
];

describe('bad scenario files: unreadable, not UTF-8, extends, arrival files', () => {
  it.each(fileCases)('$kind: $input', async ({ files, open, named, problems }) => {
    const at = folderWith(files);
    const error = await fileErrorOf(at(open));
    expect(error.file).toBe(at(named ?? open));
    expect(error.problems).toEqual(problems(at));
    expect(error.message, 'quotes a system file').not.toContain('root:x');
  });

  it('valid counterpart: a base that is a mapping of scenario fields is merged', async () => {
    const at = folderWith({ 'base.yaml': scenarioYaml(), 'child.yaml': 'extends: base.yaml\nname: child\n' });
    const { scenario } = await loadScenarioFile(at('child.yaml'));
    expect(scenario.name).toBe('child');
    expect(scenario.topology.nodes.map((node) => node.id)).toEqual(['n1', 'n2']);
  });

  it('valid counterpart: scheduled starts up to 20m after the last arrival in the file (at 1h30m)', async () => {
    const at = folderWith({
      'arrivals.txt': '0\n10m\n1h30m\n',
      'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }', 'delayed: { fraction: 0.5, by: 20m }'),
    });
    const { arrivalTimesMs } = await loadScenarioFile(at('scenario.yaml'));
    expect(arrivalTimesMs).toEqual([0, 600_000, 5_400_000]);
  });
});

describe('messages that were once wrong (regressions): each names the right field, value and expectation', () => {
  it('wrong type: duration: true', () => {
    const error = scenarioErrorOf(() => parseScenarioText('bad.yaml', scenarioYaml({ duration: 'duration: true' })));
    expect(error.problems).toEqual([
      { path: ['duration'], expected: DURATION_HINT, found: 'true', line: 3, column: 11 },
    ]);
  });

  it('wrong type: arrival: 10m', () => {
    const error = scenarioErrorOf(() => parseScenarioText('bad.yaml', withWorkload('jobs: 4', 'arrival: 10m')));
    expect(error.problems).toEqual([
      {
        path: ['workload', 'arrival'],
        expected: expect.stringMatching(/every.*poisson.*bursts.*file/),
        found: '"10m"',
        line: 6,
        column: 12,
      },
    ]);
  });

  it('zero duration: a job type runtime: 0s', () => {
    const error = scenarioErrorOf(() => parseScenarioText('bad.yaml', withTypes('- { name: T, runtime: 0s }')));
    expect(error.problems).toEqual([
      {
        path: ['workload', 'types', 0, 'runtime'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '"0s"',
        line: 8,
        column: 27,
      },
    ]);
  });

  it('negative duration: duration: -2h', () => {
    const error = scenarioErrorOf(() => parseScenarioText('bad.yaml', scenarioYaml({ duration: 'duration: -2h' })));
    expect(error.problems).toEqual([
      {
        path: ['duration'],
        expected: 'expected a positive duration (at least 1ms)',
        found: '"-2h"',
        line: 3,
        column: 11,
      },
    ]);
  });

  it('negative duration: a fault at: -5m', () => {
    const error = scenarioErrorOf(() =>
      parseScenarioText('bad.yaml', withFaults('{ kind: pause, target: n1, at: -5m, duration: 5m }')),
    );
    expect(error.problems).toEqual([
      { path: ['faults', 0, 'at'], expected: 'expected a duration of 0 or more', found: '"-5m"', line: 14, column: 36 },
    ]);
  });

  it('unknown field: a misspelt field in a crash', () => {
    const error = scenarioErrorOf(() =>
      parseScenarioText('bad.yaml', withFaults('{ kind: crash, target: n1, at: 10m, durration: 5m }')),
    );
    expect(error.problems).toEqual([
      {
        path: ['faults', 0, 'durration'],
        expected: 'one of the fields at, duration, kind, target, when',
        found: 'unknown field "durration"',
        line: 14,
        column: 41,
      },
    ]);
  });

  it('unknown field: an unknown task kind under failures', () => {
    const error = scenarioErrorOf(() =>
      parseScenarioText(
        'bad.yaml',
        withWorkload('jobs: 4', 'arrival: { every: 10m }', 'failures:', '  COMPILE: { retryable: 0.1 }'),
      ),
    );
    expect(error.problems).toEqual([
      {
        path: ['workload', 'failures', 'COMPILE'],
        expected: expect.stringMatching(
          /ENV_SETUP.*INPUT_DATA_STAGING.*JOB_SUBMISSION.*MONITORING.*OUTPUT_DATA_STAGING/,
        ),
        found: 'unknown field "COMPILE"',
        line: 8,
        column: 5,
      },
    ]);
  });

  it('wrong value: an unknown fault kind', () => {
    const error = scenarioErrorOf(() =>
      parseScenarioText('bad.yaml', withFaults('{ kind: explode, target: n1, at: 10m }')),
    );
    expect(error.problems).toEqual([
      {
        path: ['faults', 0, 'kind'],
        expected:
          'expected a fault kind: crash, pause, slow, clock-skew, partition, network, broker-outage, replica-outage, site-outage, slow-site',
        found: '"explode"',
        line: 14,
        column: 13,
      },
    ]);
  });

  it('wrong value: uniform [5ms, 1ms]', () => {
    const error = scenarioErrorOf(() =>
      parseScenarioText(
        'bad.yaml',
        scenarioYaml({ network: 'network:\n  latency: { sameZone: { uniform: [5ms, 1ms] } }' }),
      ),
    );
    expect(error.problems).toEqual([
      {
        path: expect.arrayContaining(['network', 'latency', 'sameZone']),
        expected: 'expected [low, high] with low <= high',
        found: expect.any(String),
        line: 14,
        column: expect.any(Number),
      },
    ]);
  });

  it('empty file:', () => {
    const error = scenarioErrorOf(() => parseScenarioText('bad.yaml', '# nothing here yet\n'));
    expect(error.problems).toEqual([
      { path: [], expected: 'a mapping of scenario fields at the top level', found: expect.stringMatching(/empty/) },
    ]);
  });

  it('overlapping faults: a crash of { zone: z1 } and a pause of n1 (in z1) at the same time', () => {
    const error = scenarioErrorOf(() =>
      parseScenarioText(
        'bad.yaml',
        withFaults(
          '{ kind: crash, target: { zone: z1 }, at: 10m, duration: 30m }',
          '{ kind: pause, target: n1, at: 20m, duration: 5m }',
        ),
      ),
    );
    expect(error.problems).toEqual([
      {
        path: ['faults', 1, 'at'],
        expected: expect.stringMatching(/^no overlap with faults\[0\] \(crash\)/),
        found: '"20m"',
        line: 15,
        column: 36,
      },
    ]);
  });

  it('extends cycle:', async () => {
    const at = folderWith({
      'a.yaml': 'extends: b.yaml\nname: a\n',
      'b.yaml': 'name: b\n# the base of a\nextends: a.yaml\n',
    });
    const error = await fileErrorOf(at('a.yaml'));
    const where = `${error.file}:${error.problems[0]?.line}:${error.problems[0]?.column}`;
    // Either the file that closes the cycle at its own line, or the opened file at its own line.
    expect([`${at('b.yaml')}:3:10`, `${at('a.yaml')}:1:10`]).toContain(where);
  });

  it('extends: a missing base two levels down', async () => {
    const at = folderWith({
      'child.yaml': 'extends: mid.yaml\nname: child\n',
      'mid.yaml': 'name: mid\n\nextends: gone.yaml\n',
    });
    const error = await fileErrorOf(at('child.yaml'));
    const where = `${error.file}:${error.problems[0]?.line}:${error.problems[0]?.column}`;
    expect([`${at('mid.yaml')}:3:10`, `${at('child.yaml')}:1:10`]).toContain(where);
  });

  it('workload past the fault phase: an arrival file with an arrival at 3h in a 2h fault phase', async () => {
    const at = folderWith({
      'arrivals.txt': '0\n1h\n3h\n',
      'scenario.yaml': withWorkload('arrival: { file: arrivals.txt }'),
    });
    const error = await fileErrorOf(at('scenario.yaml'));
    expect(error.problems).toEqual([
      {
        path: expect.any(Array),
        expected: expect.stringMatching(/fault phase \(before 2h\)/),
        found: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
      },
    ]);
  });

  it('arrival file: a missing arrival file', async () => {
    const at = folderWith({ 'scenario.yaml': withWorkload('arrival: { file: nothere.txt }') });
    const error = await fileErrorOf(at('scenario.yaml'));
    expect(error.file).toBe(at('scenario.yaml'));
    expect(error.problems).toEqual([
      {
        path: ['workload', 'arrival', 'file'],
        expected: expect.any(String),
        found: expect.stringContaining(at('nothere.txt')),
        line: 5,
        column: 20,
      },
    ]);
  });
});

interface CliCase {
  readonly kind: string;
  readonly files: Record<string, string | Buffer>;
  readonly open: string;
  /** The file the message names (default: `open`). */
  readonly named?: string;
  /** What follows the file name on the problem line: `:line:col  field: expected, found …`. */
  readonly line: string | ((at: (name: string) => string) => string);
}

const cliCases: readonly CliCase[] = [
  {
    kind: 'wrong type',
    files: { 's.yaml': withWorkload('jobs: many', 'arrival: { every: 10m }') },
    open: 's.yaml',
    line: ':5:9  workload.jobs: expected a positive integer, found "many"',
  },
  {
    kind: 'unknown field',
    files: {
      's.yaml': withTopology(
        'zones: [z1]',
        'nodes:',
        '  - { id: n1, zone: z1, slotz: 2 }',
        'sites: [{ id: s1, kind: HPC }]',
      ),
    },
    open: 's.yaml',
    line: `:10:27  topology.nodes[0].slotz: ${NODE_FIELDS}, found unknown field "slotz"`,
  },
  {
    kind: 'negative duration',
    files: { 's.yaml': scenarioYaml({ duration: 'duration: -5000' }) },
    open: 's.yaml',
    line: ':3:11  duration: expected a positive duration (at least 1ms), found -5000',
  },
  {
    kind: 'zero duration',
    files: { 's.yaml': scenarioYaml({ duration: 'duration: 0s' }) },
    open: 's.yaml',
    line: ':3:11  duration: expected a positive duration (at least 1ms), found "0s"',
  },
  {
    kind: 'probability outside 0..1',
    files: { 's.yaml': scenarioYaml({ network: 'network: { loss: 1.5 }' }) },
    open: 's.yaml',
    line: ':13:18  network.loss: expected a probability between 0 and 1, found 1.5',
  },
  {
    kind: 'unknown fault target',
    files: { 's.yaml': withFaults('{ kind: pause, target: { zone: zx }, at: 10m, duration: 5m }') },
    open: 's.yaml',
    line: `:14:36  faults[0].target.zone: ${ZONES}, found "zx"`,
  },
  {
    kind: 'fault outside the run',
    files: { 's.yaml': withFaults('{ kind: crash, target: n1, at: 3h }') },
    open: 's.yaml',
    line: ':14:36  faults[0].at: a time inside the fault phase (before 2h), found "3h"',
  },
  {
    kind: 'overlapping faults',
    files: {
      's.yaml': withFaults(
        '{ kind: crash, target: n1, at: 10m, duration: 30m }',
        '{ kind: pause, target: n1, at: 20m, duration: 5m }',
      ),
    },
    open: 's.yaml',
    line: ':15:36  faults[1].at: no overlap with faults[0] (crash), which already holds the same target from 10m to 40m, found "20m"',
  },
  {
    kind: 'empty workload',
    files: { 's.yaml': withWorkload('jobs: 0', 'arrival: { every: 10m }') },
    open: 's.yaml',
    line: ':5:9  workload.jobs: expected a positive integer, found 0',
  },
  {
    kind: 'alias bomb',
    files: {
      's.yaml': [
        'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 8 },
          (_, index) => `a${index + 1}: &a${index + 1} [${Array(10).fill(`*a${index}`).join(', ')}]`,
        ),
      ].join('\n'),
    },
    open: 's.yaml',
    line: '  (file): YAML whose aliases expand at most 100 times (a guard against alias bombs), found aliases that expand more than 100 times',
  },
  {
    kind: 'nested too deep',
    files: { 's.json': `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}` },
    open: 's.json',
    line: ':1:69  (file): JSON nested at most 64 levels deep, found nesting more than 64 levels deep',
  },
  {
    kind: 'not a finite number',
    files: { 's.yaml': withWorkload('jobs: .inf', 'arrival: { every: 10m }') },
    open: 's.yaml',
    line: ':5:9  workload.jobs: expected a positive integer, found .inf',
  },
  {
    kind: 'cyclic task DAG',
    files: {
      's.yaml': withTypes(
        '- name: loop',
        '  tasks:',
        '    - { id: A, kind: ENV_SETUP, after: [C] }',
        '    - { id: B, kind: JOB_SUBMISSION, after: [A] }',
        '    - { id: C, kind: MONITORING, after: [B] }',
      ),
    },
    open: 's.yaml',
    line: ':10:44  workload.types[0].tasks[0].after: an acyclic task graph, found "the cycle A → B → C → A"',
  },
  { kind: 'unreadable file', files: {}, open: 'missing.yaml', line: '  (file): a readable file, found no such file' },
  {
    kind: 'YAML syntax error',
    files: { 's.yaml': 'name: x\nduration: 2h: 3\n' },
    open: 's.yaml',
    line: ':2:11  (file): valid YAML syntax, found Nested mappings are not allowed in compact mappings',
  },
  {
    kind: 'JSON syntax error',
    files: { 's.json': '{\n  "name": "x",\n  "duration": "2h",\n}\n' },
    open: 's.json',
    line: ':4:1  (file): valid JSON syntax, found Expected double-quoted property name in JSON at position 37',
  },
  {
    kind: 'unknown zone',
    files: {
      's.yaml': withTopology(
        'zones: [z1, z2]',
        'nodes:',
        '  - { id: n1, zone: z1 }',
        '  - { id: n2, zone: z3 }',
        'sites: [{ id: hpc1, kind: HPC }]',
      ),
    },
    open: 's.yaml',
    line: `:11:23  topology.nodes[1].zone: ${ZONES}, found "z3"`,
  },
  {
    kind: 'workload past the fault phase',
    files: { 's.yaml': withWorkload('jobs: 20', 'arrival: { every: 10m }') },
    open: 's.yaml',
    line: ':5:9  workload.jobs: a workload that fits in the fault phase (2h): the last of 20 arrivals 10m apart comes at 3h10m, found 20',
  },
  {
    kind: 'extends a system file',
    files: { passwd: 'root:x:0:0:root:/root:/bin/bash\n', 's.yaml': 'extends: passwd\nname: child\n' },
    open: 's.yaml',
    line: (at) =>
      `:1:10  extends: a base scenario file: a YAML or JSON mapping of scenario fields, found ${at('passwd')}: a YAML string, not a mapping`,
  },
  {
    kind: 'extends a missing base',
    files: { 's.yaml': 'extends: nobase.yaml\nname: child\n' },
    open: 's.yaml',
    line: (at) => `:1:10  extends: a readable base scenario file, found ${at('nobase.yaml')}: no such file`,
  },
  {
    kind: 'arrival file with a bad line',
    files: { 'arrivals.txt': '0\n10m\nsoon\n', 's.yaml': withWorkload('arrival: { file: arrivals.txt }') },
    open: 's.yaml',
    line: (at) => `:5:20  workload.arrival.file: ${ARRIVAL_LINE}, found "soon" at ${at('arrivals.txt')}:3:1`,
  },
  {
    kind: 'arrival file that is a directory',
    files: { 'arrivals/keep': '', 's.yaml': withWorkload('arrival: { file: arrivals }') },
    open: 's.yaml',
    line: (at) =>
      `:5:20  workload.arrival.file: a readable file of arrival times, found ${at('arrivals')}: a directory`,
  },
];

describe('faultline run on a bad scenario exits 2 and prints file:line:col, the field, what was expected', () => {
  it.each(cliCases)('$kind', async ({ files, open, named, line }) => {
    const at = folderWith(files);
    const result = await runCli(['run', at(open), '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid scenario');
    expect(result.stderr).toContain(`${at(named ?? open)}${typeof line === 'string' ? line : line(at)}`);
    expect(result.stderr, 'a stack trace').not.toMatch(/^\s+at /m);
  });
});

describe('an arrival file named in a base', () => {
  it('is read from beside the base, not beside the scenario that extends it', () => {
    const at = folderWith({
      'common/base.yaml': withWorkload('arrival: { file: arrivals.txt }'),
      'common/arrivals.txt': '0\n10m\n20m\n',
      'arrivals.txt': '0\n1m\n',
      'scenario.yaml': 'extends: common/base.yaml\nname: child\n',
    });
    const loaded = loadScenarioText(at('scenario.yaml'), readFileSync(at('scenario.yaml'), 'utf8'));
    expect(loaded.arrivalTimesMs).toEqual([0, 600_000, 1_200_000]);
  });

  it('that the scenario replaces is read from beside the scenario', () => {
    const at = folderWith({
      'common/base.yaml': withWorkload('arrival: { file: arrivals.txt }'),
      'common/arrivals.txt': '0\n10m\n20m\n',
      'arrivals.txt': '0\n1m\n',
      'scenario.yaml': 'extends: common/base.yaml\nname: child\nworkload:\n  arrival: { file: arrivals.txt }\n',
    });
    const loaded = loadScenarioText(at('scenario.yaml'), readFileSync(at('scenario.yaml'), 'utf8'));
    expect(loaded.arrivalTimesMs).toEqual([0, 60_000]);
  });
});
