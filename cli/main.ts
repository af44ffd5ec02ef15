/** The faultline command line: yargs, strict, one module per command. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { auditCommand } from './commands/audit.js';
import { exploreCommand } from './commands/explore.js';
import { listCommand } from './commands/list.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { setCommandLine } from './options.js';

const COMMANDS = ['run', 'explore', 'validate', 'list', 'report', 'audit'];

export async function main(argv: readonly string[]): Promise<void> {
  const args = hideBin([...argv]);
  setCommandLine(args);
  const first = args[0];
  if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first)) {
    process.stderr.write(
      `faultline has no command "${first}": the commands are ${COMMANDS.join(', ')}.\n\nRun faultline --help for usage.\n`,
    );
    process.exitCode = 2;
    return;
  }
  await yargs(args)
    .scriptName('faultline')
    .usage(
      '$0 <command> [options]\n\nSimulate workload-management strategies on Temporal under faults, and compare them.',
    )
    .command(runCommand)
    .command(exploreCommand)
    .command(validateCommand)
    .command(listCommand)
    .command(reportCommand)
    .command(auditCommand)
    .demandCommand(1, `name a command: ${COMMANDS.join(', ')}`)
    .example(
      '$0 run scenarios/trade-off.yaml',
      'every strategy on a zone split, on the embedded Temporal server; a verdict per strategy, a table, a report',
    )
    .example(
      '$0 run scenarios/trade-off.yaml --runtime direct',
      'the same, in process: byte-identical results in seconds',
    )
    .example('$0 run scenarios/swarm.yaml --seeds 20', '20 seeds: means, 95% intervals, paired differences')
    .example('$0 explore --strategy canary-2017', 'search generated scenarios for a broken property and shrink it')
    .example('$0 validate scenarios/*.yaml --timeline', 'check scenario files and print their fault timelines')
    .example('$0 report runs/<A> runs/<B>', 'what changed between two runs')
    .strict()
    .fail((message, error) => {
      // Usage errors (unknown option, bad value, missing argument) are bad input: exit 2.
      process.stderr.write(`${error?.message ?? message}\n\nRun faultline --help for usage.\n`);
      process.exit(2);
    })
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .parseAsync();
}
