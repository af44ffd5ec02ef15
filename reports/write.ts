/**
 * Writing a folder's report.html from what the folder holds — results.json and config.json, or
 * summary.json — so that a run's report and `faultline report <folder>` are the same bytes. The
 * runner does not render reports (it imports nothing from here); the CLI hands these writers to
 * it (`RunOptions.report`, `SeedsOptions.reports`).
 */
import { join } from 'node:path';
import { RUN_FILES, writeFileAtomic } from '../results/files.js';
import { SEEDS_FILES } from '../results/summary.js';
import { renderReport } from './html.js';
import { loadRunFolder, loadSeedsFolder } from './load.js';
import { renderSeedsReport } from './seeds.js';

/** Renders a finished run folder's report.html from its results.json and config.json. */
export async function writeRunReport(folder: string): Promise<void> {
  await writeFileAtomic(join(folder, RUN_FILES.report), renderReport(await loadRunFolder(folder)));
}

/** Renders a finished multi-seed folder's report.html from its summary.json. */
export async function writeSeedsReport(folder: string): Promise<void> {
  await writeFileAtomic(join(folder, SEEDS_FILES.report), renderSeedsReport(await loadSeedsFolder(folder)));
}
