/** `faultline validate <file...>`: checks scenario files without running them; exit 2 if any is invalid. */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import { formatProblem } from '../../simulator/scenario/errors.js';
import { loadScenarioFile } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';
import { formatDurationMs } from '../../simulator/base/time.js';
import { countOf } from '../../simulator/base/words.js';
import { EXIT, reportError } from '../errors.js';
import { seedOption } from '../options.js';
import { renderTimeline } from '../render/timeline.js';

interface ValidateArguments {
  files: string[];
  seed?: number;
  timeline: boolean;
}

async function handler(args: ArgumentsCamelCase<ValidateArguments>): Promise<void> {
  let invalid = 0;
  for (const file of args.files) {
    try {
      const { scenario, arrivalTimesMs, warnings } = await loadScenarioFile(file);
      const config = resolveScenario(scenario, { file, seed: args.seed, arrivalTimesMs });
      const workers = config.nodes.filter((node) => node.role === 'worker').length;
      process.stdout.write(
        `${pc.green('ok')}  ${file}  ${config.scenario.name}: ${countOf(config.workload.jobs.length, 'job')}, ${countOf(workers, 'worker')}, ` +
          `${countOf(config.faults.length, 'fault')}${config.crashTriggers.length > 0 ? ` + ${config.crashTriggers.length} triggered` : ''}, ` +
          `${formatDurationMs(config.phases.endMs)} simulated, seed ${config.seed}\n`,
      );
      for (const warning of warnings)
        process.stdout.write(`    ${pc.yellow('warning')}  ${formatProblem(file, warning)}\n`);
      if (args.timeline) for (const line of renderTimeline(config)) process.stdout.write(`    ${line}\n`);
    } catch (error) {
      invalid++;
      reportError(error);
    }
  }
  process.exitCode = invalid === 0 ? EXIT.passed : EXIT.badInput;
}

export const validateCommand: CommandModule<object, ValidateArguments> = {
  command: 'validate <files..>',
  describe: 'check scenario files (schema, references, fault timeline) without running them',
  builder: (yargs: Argv) =>
    yargs
      .positional('files', { type: 'string', array: true, describe: 'scenario files', demandOption: true })
      .option('seed', seedOption)
      .option('timeline', {
        type: 'boolean',
        default: false,
        describe: 'print each resolved timeline: faults, node joins and leaves, crash triggers',
      }) as unknown as Argv<ValidateArguments>,
  handler,
};
