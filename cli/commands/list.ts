/** `faultline list`: what faultline knows, printed from its registries. */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import { CHECKERS } from '../../checkers/index.js';
import { libraryEntries } from '../../runner/library.js';
import { brokerProfiles } from '../../simulator/scenario/broker/profiles/index.js';
import { faultKinds } from '../../simulator/scenario/faults/catalogue.js';
import { STRATEGIES } from '../../strategies/index.js';

const SECTIONS = ['strategies', 'scenarios', 'faults', 'profiles', 'checkers'] as const;
type Section = (typeof SECTIONS)[number];

interface ListArguments {
  what?: Section;
}

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`).join('\n');
}

async function handler(args: ArgumentsCamelCase<ListArguments>): Promise<void> {
  const wanted = (section: Section) => args.what === undefined || args.what === section;
  const out: string[] = [];
  if (wanted('strategies'))
    out.push(
      pc.bold('strategies'),
      table(STRATEGIES.map((strategy) => [strategy.name, `${strategy.summary} (${strategy.expectedCap})`])),
    );
  if (wanted('scenarios'))
    out.push(
      pc.bold('scenarios'),
      table((await libraryEntries()).map((entry) => [entry.file, `${entry.name}: ${entry.description}`])),
    );
  if (wanted('faults'))
    out.push(pc.bold('fault kinds'), table(faultKinds().map((fault) => [fault.kind, fault.description])));
  if (wanted('profiles'))
    out.push(pc.bold('broker profiles'), table(brokerProfiles().map((profile) => [profile.name, profile.description])));
  if (wanted('checkers'))
    out.push(pc.bold('checkers'), table(Object.entries(CHECKERS).map(([key, checker]) => [key, checker.description])));
  process.stdout.write(`${out.join('\n')}\n`);
}

export const listCommand: CommandModule<object, ListArguments> = {
  command: 'list [what]',
  describe: 'list strategies, library scenarios, fault kinds, broker profiles and checkers',
  builder: (yargs: Argv) =>
    yargs.positional('what', {
      type: 'string',
      choices: SECTIONS,
      describe: 'only this section',
    }) as unknown as Argv<ListArguments>,
  handler,
};
