/**
 * `faultline report <run> [<run B>]`: with one run folder, (re)writes its report.html from its
 * results.json (a multi-seed folder's from its summary.json); with two, writes a comparison page (in run B's folder
 * unless --out says where)
 * and prints what changed. Bad input (not a finished run, another results format) exits 2.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import { compareRuns, renderComparisonReport } from '../../reports/compare.js';
import { renderReport } from '../../reports/html.js';
import { isSeedsFolder, loadRunFolder, loadSeedsFolder, ReportInputError } from '../../reports/load.js';
import { renderSeedsReport } from '../../reports/seeds.js';
import { RUN_FILES, writeFileAtomic } from '../../results/files.js';
import { EXIT, reportError } from '../errors.js';
import { renderComparison } from '../render/comparison.js';

interface ReportArguments {
  runs: string[];
  out?: string;
}

async function writeReport(path: string, html: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, html);
}

async function reportOne(folder: string, out: string | undefined): Promise<void> {
  const path = out ?? join(folder, RUN_FILES.report);
  await writeReport(
    path,
    isSeedsFolder(folder)
      ? renderSeedsReport(await loadSeedsFolder(folder))
      : renderReport(await loadRunFolder(folder)),
  );
  process.stdout.write(`${path}\n`);
}

async function compareTwo(folderA: string, folderB: string, out: string | undefined): Promise<void> {
  const [before, after] = [await loadRunFolder(folderA), await loadRunFolder(folderB)];
  const labels = { before: basename(resolve(folderA)), after: basename(resolve(folderB)) };
  const path = out ?? join(folderB, `compare-${labels.before.replace(/[^\w.-]+/g, '_')}.html`);
  await writeReport(path, renderComparisonReport(before, after, labels));
  process.stdout.write(
    `A: ${folderA}\nB: ${folderB}\n${renderComparison(compareRuns(before.results, after.results), Boolean(process.stdout.isTTY))}\ncomparison report: ${path}\n`,
  );
}

async function handler(args: ArgumentsCamelCase<ReportArguments>): Promise<void> {
  try {
    const [first, second] = args.runs as [string, string | undefined];
    if (second === undefined) await reportOne(first, args.out);
    else await compareTwo(first, second, args.out);
    process.exitCode = EXIT.passed;
  } catch (error) {
    if (error instanceof ReportInputError) {
      process.stderr.write(`${pc.red('cannot report:')} ${error.message}\n`);
      process.exitCode = EXIT.badInput;
      return;
    }
    process.exitCode = reportError(error);
  }
}

export const reportCommand: CommandModule<object, ReportArguments> = {
  command: 'report <runs..>',
  describe:
    "write a run's report.html from its results.json (a multi-seed run's from summary.json), or compare two runs (A then B)",
  builder: (yargs: Argv) =>
    yargs
      .positional('runs', {
        type: 'string',
        array: true,
        describe: 'one run folder, or two to compare (A = before, B = after)',
        demandOption: true,
      })
      .option('out', {
        type: 'string',
        requiresArg: true,
        describe: 'where to write the HTML (default: <run>/report.html, or <run B>/compare-<run A>.html)',
      })
      .check((argv) => {
        const runs = argv['runs'] as unknown[];
        if (runs.length > 2)
          throw new Error(`report: expected one run folder (its report) or two (a comparison), got ${runs.length}`);
        return true;
      }) as unknown as Argv<ReportArguments>,
  handler,
};
