// ESLint: typescript-eslint's recommended rules everywhere, plus the determinism boundary of
// style.md on every file whose behaviour must depend only on the scenario and the seed:
// workflow code (kernel, components, strategies), the world's decisions, the scheduler, checkers,
// and the statistics over seeds. Then the rooms' import rules (ARCHITECTURE.md, "Rooms"): the
// simulator's layers import only downwards (SIMULATOR_ROOMS), results/ owns results.json and
// summary.json and imports neither runner/ nor reports/; runner/ and reports/ import results/
// and not each other (the CLI hands report writers to the runner); checkers read records, not
// the machinery that wrote them.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const deterministicFiles = [
  'strategies/**/*.ts',
  'simulator/kernel/**/*.ts',
  'simulator/components/**/*.ts',
  'simulator/scenario/broker/**/*.ts',
  'simulator/scenario/faults/**/*.ts',
  'simulator/scenario/model.ts',
  'simulator/scenario/history.ts',
  'simulator/scenario/config.ts',
  'simulator/scenario/distributions.ts',
  'simulator/world/**/*.ts',
  'simulator/scheduler/**/*.ts',
  'simulator/temporal/run-component.ts',
  'simulator/temporal/driver-workflow.ts',
  'simulator/temporal/server-clock.ts',
  'simulator/base/random.ts',
  'simulator/base/time.ts',
  'checkers/**/*.ts',
  'results/aggregate.ts',
];

/**
 * The simulator's rooms, bottom up; each may import only the rooms listed with it (and itself).
 * A room's folder is `simulator/<room>/`. `temporal` (the shell) may import every room.
 */
const SIMULATOR_ROOMS = {
  base: [],
  scenario: ['base'],
  kernel: ['base', 'scenario'],
  components: ['base', 'scenario', 'kernel'],
  world: ['base', 'scenario', 'kernel'],
  scheduler: ['base', 'scenario', 'kernel', 'world'],
  temporal: ['base', 'scenario', 'kernel', 'components', 'world', 'scheduler'],
};

/** Workflow code runs in Temporal's sandbox and is replayed: it may import activity code as types only. */
const WORKFLOW_CODE = [
  'strategies/**/*.ts',
  'simulator/kernel/**/*.ts',
  'simulator/components/**/*.ts',
  'simulator/temporal/run-component.ts',
  'simulator/temporal/driver-workflow.ts',
];
const workflowPaths = [
  { name: '@temporalio/activity', message: 'workflow code must not import activity code', allowTypeImports: true },
  { name: '@temporalio/client', message: 'workflow code must not import the client', allowTypeImports: true },
  { name: '@temporalio/worker', message: 'workflow code must not import the worker', allowTypeImports: true },
];
const workflowPatterns = [
  {
    group: ['**/temporal/activities*', '**/world/world*', '**/scheduler/*'],
    message: 'workflow code reaches the world only through activities; import their types only',
    allowTypeImports: true,
  },
];

/** The import rule of one set of files: forbidden folders (with why), and the workflow rule if it is workflow code. */
function importRule(files, forbidden, message, workflow) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: workflow ? workflowPaths : [],
          patterns: [
            ...(forbidden.length > 0 ? [{ group: forbidden.map((room) => `**/${room}/*`), message }] : []),
            ...(workflow ? workflowPatterns : []),
          ],
        },
      ],
    },
  };
}

/**
 * One import rule per simulator room (files that are also workflow code get the workflow rule with it: a flat config
 * keeps one setting per rule and file).
 */
const simulatorRoomRules = Object.entries(SIMULATOR_ROOMS).flatMap(([room, allowed]) => {
  const forbidden = Object.keys(SIMULATOR_ROOMS).filter((other) => other !== room && !allowed.includes(other));
  const message = `simulator/${room}/ may import only ${allowed.length > 0 ? allowed.map((name) => `simulator/${name}/`).join(', ') : 'nothing of the simulator'} (ARCHITECTURE.md, "Rooms")`;
  const files = [`simulator/${room}/**/*.ts`];
  const workflowFiles = WORKFLOW_CODE.filter((pattern) => pattern.startsWith(`simulator/${room}/`));
  if (workflowFiles.length === 0) return [importRule(files, forbidden, message, false)];
  const whole = workflowFiles.some((pattern) => pattern.endsWith('/**/*.ts'));
  if (whole) return [importRule(files, forbidden, message, true)];
  return [importRule(files, forbidden, message, false), importRule(workflowFiles, forbidden, message, true)];
});

const why =
  'breaks determinism: outcomes must depend only on the scenario and the seed (ARCHITECTURE.md, "Determinism boundary")';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'runs/', 'server/', 'bench/out/', 'test/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'no `export *` barrels: export names explicitly.' },
      ],
    },
  },
  {
    files: deterministicFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: `Node built-in ${why}` })),
          patterns: [{ group: ['node:*'], message: `Node built-ins ${why}` }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `the wall clock ${why}; use the simulated time (ctx.nowMs)` },
        {
          object: 'Math',
          property: 'random',
          message: `unseeded randomness ${why}; use a named stream (simulator/base/random.ts)`,
        },
        { object: 'crypto', property: 'randomUUID', message: `unseeded randomness ${why}` },
        { object: 'performance', property: 'now', message: `the wall clock ${why}` },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: `wall-clock timers ${why}; use ctx.setTimer` },
        { name: 'setInterval', message: `wall-clock timers ${why}` },
        { name: 'process', message: `the process environment ${why}` },
        { name: 'crypto', message: `unseeded randomness ${why}` },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'no `export *` barrels: export names explicitly.' },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: `new Date() reads the wall clock and ${why}`,
        },
      ],
    },
  },
  {
    files: ['results/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/runner/*', '**/reports/*', '**/cli/*', '**/cli/**'],
              message:
                'results/ is below runner/, reports/ and cli/: it imports none of them (ARCHITECTURE.md, the folder table)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['runner/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/reports/*', '**/cli/*', '**/cli/**'],
              message:
                'runner/ renders no report and knows no CLI: the CLI hands it report writers (RunOptions.report)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['reports/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/runner/*', '**/cli/*', '**/cli/**'],
              message: 'reports/ renders from results/ alone: it imports neither runner/ nor cli/',
            },
          ],
        },
      ],
    },
  },
  {
    // Size you can read: a function longer than a screen is split into named steps. Tests are
    // exempt: a \`describe\` callback is a list of cases, not a function to read as one.
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    ignores: ['test/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipComments: true, skipBlankLines: true }] },
  },
  ...simulatorRoomRules,
  importRule(
    ['strategies/**/*.ts'],
    ['world', 'scheduler', 'temporal'].map((room) => `simulator/${room}`),
    'strategies reach the world through ctx.world and the kernel; only strategies/workflows.ts (the shell) imports simulator/temporal/',
    true,
  ),
  importRule(['strategies/workflows.ts'], [], '', true),
  importRule(
    ['checkers/**/*.ts'],
    [
      'runner',
      'strategies',
      'engine',
      'simulator/kernel',
      'simulator/components',
      'simulator/world',
      'simulator/scheduler',
      'simulator/temporal',
    ],
    'checkers read the records (simulator/scenario/) only, and name no strategy (Strategy.reactions)',
    false,
  ),
);
