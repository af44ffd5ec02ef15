/** The faultline command line: yargs, strict, one module per command. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { auditCommand } from './commands/audit.js';
import { exploreCommand } from './commands/explore.js';
import { listCommand } from './commands/list.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';

export async function main(argv: readonly string[]): Promise<void> {
  await yargs(hideBin([...argv]))
    .scriptName('faultline')
    .usage('$0 <command> [options]\n\nSimulate workload-management strategies on Temporal under faults, and compare them.')
    .command(runCommand)
    .command(exploreCommand)
    .command(validateCommand)
    .command(listCommand)
    .command(reportCommand)
    .command(auditCommand)
    .demandCommand(1, 'name a command: run, explore, report, audit, validate or list')
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
