/** Option coercers shared by the commands, written once. */
import type { Options } from 'yargs';
import { RUNTIMES, type RuntimeName, WORKER_PLACEMENTS } from '../runner/execute.js';
import { comparedStrategies, findStrategy, strategyNames } from '../strategies/index.js';
import type { Strategy } from '../strategies/types.js';

export const ALL_STRATEGIES = 'all';

/** The command line the CLI is parsing (set by `main`), to quote what the user typed. */
let commandLine: readonly string[] = [];

export function setCommandLine(args: readonly string[]): void {
  commandLine = args;
}

/**
 * What the user typed for `--name`: yargs has already turned a numeric option's text into a
 * number (NaN for `soon`), and a message should quote the text, not NaN.
 */
export function typed(name: string, value: unknown): string {
  if (!(typeof value === 'number' && Number.isNaN(value))) return String(value);
  for (const [index, arg] of commandLine.entries()) {
    if (arg === `--${name}`) return commandLine[index + 1] ?? '';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return String(value);
}

export function coerceSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)
    throw new Error(`--seed: expected an integer from 0 to ${2 ** 31 - 1}, got ${typed('seed', value)}`);
  return seed;
}

export function coerceAddress(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^[\w.-]+:\d{1,5}$/.test(text)) throw new Error(`--temporal-address: expected host:port, got ${text}`);
  return text;
}

export function coercePositiveNumber(name: string) {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0)
      throw new Error(`--${name}: expected a positive number, got ${typed(name, value)}`);
    return number;
  };
}

export function coercePositiveInteger(name: string) {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < 1 || String(value).trim() === '')
      throw new Error(`--${name}: expected a positive integer, got ${typed(name, value)}`);
    return number;
  };
}

export const strategyOption: Options = {
  alias: 's',
  type: 'string',
  array: true,
  choices: [...strategyNames(), ALL_STRATEGIES],
  default: [ALL_STRATEGIES],
  describe: 'strategy to run (repeatable), or all',
};

export const seedOption: Options = {
  type: 'number',
  requiresArg: true,
  describe: "seed of every random decision (default: the scenario's)",
  coerce: coerceSeed,
};

export const temporalAddressOption: Options = {
  type: 'string',
  describe: 'use an existing Temporal server at host:port instead of the embedded one (no time skipping there)',
  coerce: coerceAddress,
};

export const timeScaleOption: Options = {
  type: 'number',
  describe: 'server milliseconds per simulated millisecond (default 1000 with time skipping, 0.001 without)',
  coerce: coercePositiveNumber('time-scale'),
};

export const workerOption: Options = {
  type: 'string',
  choices: [...WORKER_PLACEMENTS],
  requiresArg: true,
  describe:
    'Temporal runtime: where the workflows run: process (default), a worker process of their own with a lighter sandbox, which processKills need; in-process, a worker in this process with the SDK’s own sandbox (slower; for comparison)',
};

export const serverOption: Options = {
  type: 'string',
  choices: ['test', 'dev'],
  requiresArg: true,
  describe:
    'the server faultline starts on the Temporal runtime: test (the Java time-skipping test server, default) or dev (the real Temporal server on SQLite, built by npm install with Go; no time skipping, so runs take minutes)',
};

/** `--server` names a server faultline starts: not with --temporal-address, and only where Temporal runs. */
export function checkServer(argv: Record<string, unknown>): void {
  if (argv['server'] === undefined) return;
  if (argv['temporalAddress'] !== undefined)
    throw new Error('--server: faultline starts that server itself; --temporal-address names one already running');
  if (argv['runtime'] === 'direct' && (argv['seeds'] === undefined || argv['crossCheck'] === false))
    throw new Error("--server: the direct runtime uses no server (with --seeds, --server picks the cross-check's)");
}

/** `--runtime`: which runtime carries the strategies; `defaultRuntime` is the command's own default. */
export function runtimeOption(defaultRuntime: RuntimeName | undefined, describe: string): Options {
  return {
    type: 'string',
    choices: [...RUNTIMES],
    requiresArg: true,
    ...(defaultRuntime ? { default: defaultRuntime } : {}),
    describe,
  };
}

/** The strategies named by `--strategy`, each once; `all` means `all` (default: every compared one). */
export function pickStrategies(names: readonly string[], all: readonly Strategy[] = comparedStrategies()): Strategy[] {
  if (names.includes(ALL_STRATEGIES)) return [...all];
  return [...new Set(names)].map((name) => findStrategy(name) as Strategy);
}
