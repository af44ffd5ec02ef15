/**
 * The run folder `--out` names: a new or reused folder takes the run; an existing file, or a
 * folder that holds a finished run (results.json, summary.json), is refused with a clear
 * message and exit code 2, unless `--force` allows replacing the finished run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunInterrupted } from '../../runner/execute.js';
import { prepareRunFolder, RunFolderError } from '../../runner/output.js';
import { runSeeds } from '../../runner/seeds.js';
import { findStrategy } from '../../strategies/index.js';
import { runCli } from '../helpers/processes.js';
import { scenarioYaml } from '../helpers/scenarios.js';

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'faultline-run-folder-'));
});
afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

/** A fresh folder under the test's root holding `files` (paths may name subfolders). */
function folderWith(files: Record<string, string> = {}): string {
  const folder = mkdtempSync(join(root, 'case-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), content);
  }
  return folder;
}

const prepare = (outDir: string, force?: boolean) =>
  prepareRunFolder({ outDir, force, scenarioName: 'test', seed: 1, now: new Date() });
const STATEFUL = findStrategy('stateful');

describe('prepareRunFolder', () => {
  it('refuses an --out that is an existing file (once: EEXIST and a stack trace)', async () => {
    const file = join(folderWith({ 'taken.txt': 'x' }), 'taken.txt');
    await expect(prepare(file)).rejects.toThrow(
      new RunFolderError(`run folder ${file} is an existing file, not a folder: choose another --out`),
    );
  });

  it('refuses an --out inside a file', async () => {
    const file = join(folderWith({ 'taken.txt': 'x' }), 'taken.txt');
    await expect(prepare(join(file, 'run'))).rejects.toBeInstanceOf(RunFolderError);
  });

  it.each(['results.json', 'summary.json'])(
    'refuses a folder holding a finished run (%s) and leaves it as it was',
    async (finished) => {
      const folder = folderWith({ [finished]: '{"kept": true}', 'config.json': '{}' });
      await expect(prepare(folder)).rejects.toThrow(
        new RunFolderError(
          `run folder ${folder} holds a finished run (${finished}): choose another --out, or add --force to overwrite it`,
        ),
      );
      expect(readFileSync(join(folder, finished), 'utf8')).toBe('{"kept": true}');
      expect(existsSync(join(folder, 'config.json'))).toBe(true);
    },
  );

  it('with force, takes a folder holding a finished run and clears its outputs', async () => {
    const folder = folderWith({ 'results.json': '{}', 'config.json': '{}', 'notes.txt': 'mine' });
    await expect(prepare(folder, true)).resolves.toBe(folder);
    expect(existsSync(join(folder, 'results.json'))).toBe(false);
    expect(existsSync(join(folder, 'config.json'))).toBe(false);
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
  });

  it('takes a new folder, and one an interrupted run left (no results.json), without force', async () => {
    const fresh = join(folderWith(), 'new', 'run');
    await expect(prepare(fresh)).resolves.toBe(fresh);
    expect(existsSync(fresh)).toBe(true);
    const interrupted = folderWith({ 'config.json': '{}', 'history.jsonl': '' });
    await expect(prepare(interrupted)).resolves.toBe(interrupted);
    expect(existsSync(join(interrupted, 'config.json'))).toBe(false);
  });
});

describe('runSeeds with --out', () => {
  const scenarioFile = () => {
    const folder = folderWith({ 'scenario.yaml': scenarioYaml() });
    return join(folder, 'scenario.yaml');
  };

  it.each([
    ['summary.json', 'summary.json'],
    ['a seed’s results.json', join('seed-8', 'results.json')],
  ])('refuses a folder holding a finished run (%s) before any seed starts', async (_what, finished) => {
    const folder = folderWith({ [finished]: '{}' });
    const run = runSeeds({
      scenarioFile: scenarioFile(),
      strategies: STATEFUL ? [STATEFUL] : [],
      seeds: 2,
      parallel: 1,
      outDir: folder,
    });
    await expect(run).rejects.toBeInstanceOf(RunFolderError);
    await expect(run).rejects.toThrow(/holds a finished run .*add --force to overwrite it/);
    expect(existsSync(join(folder, 'seed-7'))).toBe(false);
  });

  it('with force, clears the finished runs of the folder and its seeds before a seed starts', async () => {
    const folder = folderWith({
      'summary.json': '{}',
      [join('seed-8', 'results.json')]: '{}',
      [join('seed-8', 'notes.txt')]: 'mine',
    });
    const run = runSeeds({
      scenarioFile: scenarioFile(),
      strategies: STATEFUL ? [STATEFUL] : [],
      seeds: 2,
      parallel: 1,
      outDir: folder,
      force: true,
      signal: AbortSignal.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(RunInterrupted);
    expect(existsSync(join(folder, 'summary.json'))).toBe(false);
    expect(existsSync(join(folder, 'seed-8', 'results.json'))).toBe(false);
    expect(existsSync(join(folder, 'seed-8', 'notes.txt'))).toBe(true);
  });
});

describe('faultline run --out and --force', () => {
  const scenario = () => join(folderWith({ 'scenario.yaml': scenarioYaml() }), 'scenario.yaml');

  it('exits 2 when --out is an existing file, with one line and no stack trace', async () => {
    const file = join(folderWith({ 'taken.txt': 'x' }), 'taken.txt');
    const result = await runCli([
      'run',
      scenario(),
      '-s',
      'stateful',
      '--runtime',
      'direct',
      '--no-progress',
      '--out',
      file,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `bad input: run folder ${file} is an existing file, not a folder: choose another --out`,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 when --out holds a finished run, and with --force replaces it', async () => {
    const folder = folderWith({ 'results.json': '{"old": true}' });
    const refused = await runCli([
      'run',
      scenario(),
      '-s',
      'stateful',
      '--runtime',
      'direct',
      '--no-progress',
      '--out',
      folder,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `bad input: run folder ${folder} holds a finished run (results.json): choose another --out, or add --force to overwrite it`,
    );
    expect(readFileSync(join(folder, 'results.json'), 'utf8')).toBe('{"old": true}');

    const forced = await runCli([
      'run',
      scenario(),
      '-s',
      'stateful',
      '--runtime',
      'direct',
      '--no-progress',
      '--out',
      folder,
      '--force',
    ]);
    expect(forced.stderr).not.toContain('bad input');
    expect([0, 1]).toContain(forced.code);
    expect(JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8'))).toHaveProperty('strategies');
  }, 30_000);

  it('exits 2 when --seeds --out holds a finished multi-seed run', async () => {
    const folder = folderWith({ 'summary.json': '{}' });
    const result = await runCli([
      'run',
      scenario(),
      '-s',
      'stateful',
      '--seeds',
      '2',
      '--no-progress',
      '--out',
      folder,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `bad input: run folder ${folder} holds a finished run (summary.json): choose another --out, or add --force to overwrite it`,
    );
  });
});
