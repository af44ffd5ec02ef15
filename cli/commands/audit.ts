/**
 * `faultline audit <scenario>`: runs one seed twice per strategy — twice on one runtime, or with
 * `--runtimes` once on Temporal and once on the direct runtime — and compares the canonical
 * results and the history; prints "identical" or the first divergence. Exit 0 when every
 * strategy was identical, 1 when one diverged. What is compared and what is excluded is in
 * ARCHITECTURE.md ("What is compared, what is excluded").
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import { audit, type StrategyAudit } from '../../runner/audit.js';
import { formatClockMs } from '../../simulator/base/time.js';
import { EXIT, reportError } from '../errors.js';
import { exitCodeFor, interruptions } from '../interrupts.js';
import type { RuntimeName } from '../../runner/execute.js';
import type { ServerName } from '../../engine/types.js';
import { checkServer, pickStrategies, runtimeOption, seedOption, serverOption, strategyOption } from '../options.js';

interface AuditArguments {
  scenario: string;
  strategy: string[];
  seed?: number;
  runtime?: RuntimeName;
  runtimes: boolean;
  server?: ServerName;
}

const show = (value: unknown) => (value === undefined ? '(nothing)' : JSON.stringify(value));

/** One strategy's verdict, in a few lines. */
export function renderAudit(
  result: StrategyAudit,
  runNames: readonly [string, string] = ['first run', 'second run'],
): string {
  const { divergence } = result;
  if (!divergence)
    return `${pc.green('identical')}  ${result.strategy}: ${result.historyEntries} history and ${result.ledgerEntries} ledger entries, and results.json without wall, the same in both runs\n`;
  const place =
    divergence.where === 'results'
      ? `results.json at ${String(divergence.at)}`
      : `${divergence.where} entry ${String(divergence.at)} at simulated ${formatClockMs(divergence.timeMs ?? 0)} (${divergence.timeMs ?? 0} ms)${divergence.job ? `, job ${divergence.job}` : ''}`;
  const width = Math.max(...runNames.map((name) => name.length)) + 1;
  return `${pc.red('DIVERGED')}   ${result.strategy}: first difference in ${place}\n    ${`${runNames[0]}:`.padEnd(width)} ${show(divergence.first)}\n    ${`${runNames[1]}:`.padEnd(width)} ${show(divergence.second)}\n`;
}

async function handler(args: ArgumentsCamelCase<AuditArguments>): Promise<void> {
  const controller = new AbortController();
  const interrupts = interruptions(controller);
  try {
    const strategies = pickStrategies(args.strategy);
    const runtime = args.runtime ?? 'temporal';
    const runtimes: [RuntimeName, RuntimeName] = args.runtimes ? ['temporal', 'direct'] : [runtime, runtime];
    const runNames: [string, string] = args.runtimes ? ['temporal', 'direct'] : ['first run', 'second run'];
    const onServer = args.server === 'dev' ? ' (on the Temporal dev server)' : '';
    const how = args.runtimes
      ? `once on the temporal runtime${onServer} and once on the direct runtime`
      : `twice on the ${runtime} runtime${runtime === 'temporal' ? onServer : ''}`;
    process.stdout.write(
      `audit: ${args.scenario}, each of ${strategies.map((strategy) => strategy.name).join(', ')} run ${how} with the same seed\n`,
    );
    const audits = await audit({
      scenarioFile: args.scenario,
      seed: args.seed,
      strategies,
      server: args.server,
      runtimes,
      signal: controller.signal,
      onAudited: (result) => process.stdout.write(renderAudit(result, runNames)),
    });
    process.exitCode = audits.every((result) => result.divergence === null) ? EXIT.passed : EXIT.violation;
  } catch (error) {
    const signal = interrupts.signal();
    process.exitCode = signal ? exitCodeFor(signal) : reportError(error);
  } finally {
    interrupts.dispose();
  }
}

export const auditCommand: CommandModule<object, AuditArguments> = {
  command: 'audit <scenario>',
  describe: 'run one seed twice per strategy (or once per runtime) and report the first divergence, or "identical"',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'scenario file (.yaml, .yml or .json)', demandOption: true })
      .option('strategy', strategyOption)
      .option('seed', seedOption)
      .option('runtime', runtimeOption(undefined, 'the runtime both runs use (default temporal)'))
      .option('runtimes', {
        type: 'boolean',
        default: false,
        describe: 'run once on temporal and once on direct, and compare the two runtimes',
      })
      .option('server', serverOption)
      .conflicts('runtimes', 'runtime')
      .check((argv) => {
        checkServer(argv);
        return true;
      }) as unknown as Argv<AuditArguments>,
  handler,
};
