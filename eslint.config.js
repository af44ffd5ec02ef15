// ESLint: typescript-eslint's recommended rules everywhere, plus the determinism boundary of
// style.md on every file whose behaviour must depend only on the scenario and the seed:
// workflow code (kernel, driver, strategies), the world's decisions, the scheduler, checkers,
// and the statistics over seeds. Then the rooms' import rules (ARCHITECTURE.md): results/ owns
// results.json and summary.json and imports neither runner/ nor reports/; runner/ and reports/
// import results/ and not each other (the CLI hands report writers to the runner).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const deterministicFiles = [
  'strategies/**/*.ts',
  'simulator/kernel/**/*.ts',
  'simulator/driver/**/*.ts',
  'simulator/broker/**/*.ts',
  'simulator/faults/**/*.ts',
  'simulator/world/**/*.ts',
  'simulator/scheduler/**/*.ts',
  'simulator/random.ts',
  'simulator/model.ts',
  'simulator/history.ts',
  'simulator/client-protocol.ts',
  'simulator/config.ts',
  'simulator/time.ts',
  'checkers/**/*.ts',
  'results/aggregate.ts',
];

const workflowFiles = ['strategies/**/*.ts', 'simulator/kernel/**/*.ts', 'simulator/driver/**/*.ts', 'simulator/broker/**/*.ts'];

const why = 'breaks determinism: outcomes must depend only on the scenario and the seed (ARCHITECTURE.md, "Determinism boundary")';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'runs/', 'server/', 'bench/out/', 'test/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'no `export *` barrels: export names explicitly.' }],
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
        { object: 'Math', property: 'random', message: `unseeded randomness ${why}; use a named stream (simulator/random.ts)` },
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
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() reads the wall clock and ${why}` },
      ],
    },
  },
  {
    files: ['results/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/runner/*', '**/reports/*', '**/cli/*', '**/cli/**'], message: 'results/ is below runner/, reports/ and cli/: it imports none of them (ARCHITECTURE.md, the folder table)' }] },
      ],
    },
  },
  {
    files: ['runner/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/reports/*', '**/cli/*', '**/cli/**'], message: 'runner/ renders no report and knows no CLI: the CLI hands it report writers (RunOptions.report)' }] },
      ],
    },
  },
  {
    files: ['reports/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/runner/*', '**/cli/*', '**/cli/**'], message: 'reports/ renders from results/ alone: it imports neither runner/ nor cli/' }] },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's sandbox and is replayed: it may import activity code as types only.
    files: workflowFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@temporalio/activity', message: 'workflow code must not import activity code', allowTypeImports: true },
            { name: '@temporalio/client', message: 'workflow code must not import the client', allowTypeImports: true },
            { name: '@temporalio/worker', message: 'workflow code must not import the worker', allowTypeImports: true },
          ],
          patterns: [
            { group: ['**/simulator/activities*', '**/world/world*', '**/scheduler/*'], message: 'workflow code reaches the world only through activities; import their types only', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
