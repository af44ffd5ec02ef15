/**
 * The run folder. Every file is written atomically (a temporary file renamed into place), and
 * results.json is written last but for report.html, which is rendered from it: an interrupted
 * run leaves no results.json, so nothing that looks complete. Stale outputs in a reused folder
 * are removed before the run starts.
 */
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'scenario';
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

/** Creates the run folder (`runs/<scenario>-seed<N>-<time>` unless `outDir` is given) and clears stale outputs. */
export async function prepareRunFolder(options: { outDir?: string; scenarioName: string; seed: number; now: Date }): Promise<string> {
  const folder = options.outDir ?? runFolderName(options.scenarioName, `seed${options.seed}`, options.now);
  await mkdir(folder, { recursive: true });
  for (const name of Object.values(RUN_FILES)) await rm(join(folder, name), { force: true });
  return folder;
}
