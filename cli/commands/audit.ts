/**
 * `faultline audit <scenario>`: runs one seed twice per strategy and compares the canonical
 * results and the history; prints "identical" or the first divergence. Exit 0 when every
 * strategy was identical, 1 when one diverged. What is compared and what is excluded is in
 * ARCHITECTURE.md ("What is compared, what is excluded").
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import { audit, type StrategyAudit } from '../../runner/audit.js';
import { formatClockMs } from '../../simulator/time.js';
import { EXIT, reportError } from '../errors.js';
import { exitCodeFor, interruptions } from '../interrupts.js';
import { pickStrategies, seedOption, strategyOption } from '../options.js';

interface AuditArguments {
  scenario: string;
  strategy: string[];
  seed?: number;
}

const show = (value: unknown) => (value === undefined ? '(nothing)' : JSON.stringify(value));

/** One strategy's verdict, in a few lines. */
export function renderAudit(result: StrategyAudit): string {
  const { divergence } = result;
  if (!divergence) return `${pc.green('identical')}  ${result.strategy}: ${result.historyEntries} history and ${result.ledgerEntries} ledger entries, and results.json without wall, the same in both runs\n`;
  const place =
    divergence.where === 'results'
      ? `results.json at ${String(divergence.at)}`
      : `${divergence.where} entry ${String(divergence.at)} at simulated ${formatClockMs(divergence.timeMs ?? 0)} (${divergence.timeMs ?? 0} ms)${divergence.job ? `, job ${divergence.job}` : ''}`;
  return `${pc.red('DIVERGED')}   ${result.strategy}: first difference in ${place}\n    first run:  ${show(divergence.first)}\n    second run: ${show(divergence.second)}\n`;
}

async function handler(args: ArgumentsCamelCase<AuditArguments>): Promise<void> {
  const controller = new AbortController();
  const interrupts = interruptions(controller);
  try {
    const strategies = pickStrategies(args.strategy);
    process.stdout.write(`audit: ${args.scenario}, each of ${strategies.map((strategy) => strategy.name).join(', ')} run twice with the same seed\n`);
    const audits = await audit({
      scenarioFile: args.scenario,
      seed: args.seed,
      strategies,
      signal: controller.signal,
      onAudited: (result) => process.stdout.write(renderAudit(result)),
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
  describe: 'run one seed twice per strategy and report the first divergence, or "identical"',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'scenario file (.yaml, .yml or .json)', demandOption: true })
      .option('strategy', strategyOption)
      .option('seed', seedOption) as unknown as Argv<AuditArguments>,
  handler,
};
