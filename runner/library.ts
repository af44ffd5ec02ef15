/** The scenario library shipped in `scenarios/`, found next to the installed code. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../simulator/scenario/load.js';

export function libraryFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', 'scenarios'), join(here, '..', '..', 'scenarios')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find the scenarios/ folder near ${here}`);
}

/** Scenario files of the library (bases excluded), relative to the current directory, sorted. */
export function libraryScenarioFiles(): string[] {
  const folder = libraryFolder();
  return readdirSync(folder)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => relative(process.cwd(), join(folder, name)) || name);
}

export interface LibraryEntry {
  readonly file: string;
  readonly name: string;
  readonly description: string;
}

export async function libraryEntries(): Promise<LibraryEntry[]> {
  const entries: LibraryEntry[] = [];
  for (const file of libraryScenarioFiles()) {
    const { scenario } = await loadScenarioFile(file);
    entries.push({ file, name: scenario.name, description: scenario.description ?? '' });
  }
  return entries;
}
