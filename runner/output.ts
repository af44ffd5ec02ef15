/**
 * The run folder. Every file is written atomically (a temporary file renamed into place), and
 * results.json is written last but for report.html, which the caller renders from it: an interrupted
 * run leaves no results.json, so nothing that looks complete. Stale outputs in a reused folder
 * are removed before the run starts; a folder that holds a finished run is reused only when
 * asked (`--force`).
 */
import { appendFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../results/files.js';
import { SEEDS_FILES } from '../results/summary.js';

/**
 * A JSON-lines file written in pieces — each strategy's history or ledger as soon as it has run —
 * into a temporary file that `publish` renames into place. Lines are written in chunks of about
 * a megabyte, so a run of any length never holds its whole file as one string (a 100,000-job
 * history is larger than the longest string V8 allows).
 */
export class JsonLinesFile {
  private readonly temporary: string;
  private started = false;

  constructor(private readonly path: string) {
    this.temporary = `${path}.partial-${process.pid}`;
  }

  /** Appends one line per entry, each the entry with `fields` first (`{"strategy":"stateful",...entry}`). */
  async append(entries: Iterable<object>, fields: Readonly<Record<string, unknown>> = {}): Promise<void> {
    const prefix = JSON.stringify(fields).slice(0, -1);
    const separator = prefix === '{' ? '' : ',';
    let chunk = '';
    const flush = async () => {
      await (this.started ? appendFile(this.temporary, chunk) : writeFile(this.temporary, chunk));
      this.started = true;
      chunk = '';
    };
    for (const entry of entries) {
      const line = JSON.stringify(entry);
      chunk += line === '{}' ? `${prefix}}\n` : `${prefix}${separator}${line.slice(1)}\n`;
      if (chunk.length > CHUNK_CHARS) await flush();
    }
    await flush();
  }

  /** Renames what was written into place (an empty file if nothing was). Once, when the writing is over. */
  async publish(): Promise<void> {
    if (!this.started) await writeFile(this.temporary, '');
    await rename(this.temporary, this.path);
  }
}

const CHUNK_CHARS = 1 << 20;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'scenario'
  );
}

function timestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** A new folder name `runs/<scenario>-<tag>-<time>` (`-2`, `-3`… appended if it exists). */
export function runFolderName(scenarioName: string, tag: string, now: Date): string {
  const base = join('runs', `${slug(scenarioName)}-${tag}-${timestamp(now)}`);
  let folder = base;
  for (let suffix = 2; existsSync(folder); suffix++) folder = `${base}-${suffix}`;
  return folder;
}

/** A run folder that cannot take the run: an existing file, or a finished run without `force` (bad input: exit 2). */
export class RunFolderError extends Error {
  override readonly name = 'RunFolderError';
}

/** The files whose presence marks a finished run: one seed's results.json, several seeds' summary.json. */
export const FINISHED_RUN_FILES: readonly string[] = [RUN_FILES.results, SEEDS_FILES.summary];

/**
 * Throws RunFolderError unless `folder` can take a new run: it does not exist yet, or it is a
 * folder that holds no finished run (unless `force`: then the run replaces it).
 */
export async function assertRunFolderUsable(folder: string, force = false): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new RunFolderError(`run folder ${folder} cannot be used (${code ?? String(error)}): choose another --out`);
  }
  if (!isFolder)
    throw new RunFolderError(`run folder ${folder} is an existing file, not a folder: choose another --out`);
  const finished = force ? undefined : FINISHED_RUN_FILES.find((name) => existsSync(join(folder, name)));
  if (finished !== undefined)
    throw new RunFolderError(
      `run folder ${folder} holds a finished run (${finished}): choose another --out, or add --force to overwrite it`,
    );
}

/**
 * Checks every folder a run will write before any is touched (assertRunFolderUsable); with
 * `force`, removes the finished results they hold, so that the runs into them start clean.
 */
export async function claimRunFolders(folders: readonly string[], force = false): Promise<void> {
  for (const folder of folders) await assertRunFolderUsable(folder, force);
  if (!force) return;
  for (const folder of folders) for (const name of FINISHED_RUN_FILES) await rm(join(folder, name), { force: true });
}

/** Creates `folder` (and its parents), as RunFolderError when that cannot be done. */
export async function makeRunFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunFolderError(
      `run folder ${folder} cannot be made (${code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way' : (code ?? String(error))}): choose another --out`,
    );
  }
}

/**
 * Creates the run folder (`runs/<scenario>-seed<N>-<time>` unless `outDir` is given) and clears
 * stale outputs. An `outDir` that is a file, or that holds a finished run, is refused
 * (RunFolderError) unless `force` allows replacing the finished run.
 */
export async function prepareRunFolder(options: {
  outDir?: string;
  force?: boolean;
  scenarioName: string;
  seed: number;
  now: Date;
}): Promise<string> {
  const folder = options.outDir ?? runFolderName(options.scenarioName, `seed${options.seed}`, options.now);
  await assertRunFolderUsable(folder, options.force);
  await makeRunFolder(folder);
  for (const name of Object.values(RUN_FILES)) await rm(join(folder, name), { force: true });
  return folder;
}
