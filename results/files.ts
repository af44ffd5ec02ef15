/**
 * The files of a run folder, and how they are written: atomically (a temporary file renamed
 * into place), so that an interrupted run never leaves a half-written file that looks complete.
 * results.json is written last but for report.html, which is rendered from it.
 */
import { rename, writeFile } from 'node:fs/promises';

export const RUN_FILES = {
  config: 'config.json',
  history: 'history.jsonl',
  ledger: 'ledger.jsonl',
  results: 'results.json',
  report: 'report.html',
} as const;

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
