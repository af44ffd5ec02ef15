/**
 * Import rules between rooms that ESLint's per-folder rule cannot state without overriding the
 * determinism and workflow rules on the same files (a flat config keeps one configuration per
 * rule and file): Temporal's SDK is imported only by the Temporal shell and the engine, and no
 * two rooms (the top-level folders, and the simulator's rooms `simulator/<room>/`) import each
 * other, directly or round a longer cycle. The direction of each import between rooms is in
 * eslint.config.js.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const TOP_FOLDERS = [
  'cli',
  'engine',
  'simulator',
  'strategies',
  'checkers',
  'results',
  'runner',
  'reports',
  'explore',
  'validation',
];

/** The simulator's own rooms (`simulator/base`, `simulator/scenario`, …): every file of the simulator is in one. */
const SIMULATOR_ROOMS = readdirSync('simulator')
  .filter((name) => statSync(join('simulator', name)).isDirectory())
  .map((name) => `simulator/${name}`);

/** Rooms: the top-level folders, with simulator/ counted as its rooms. */
const SOURCE_ROOMS = [...TOP_FOLDERS.filter((folder) => folder !== 'simulator'), ...SIMULATOR_ROOMS];

/** The room of a path: its top-level folder, or its simulator room. */
const roomOf = (file: string): string => {
  const [top, sub] = file.split('/');
  return top === 'simulator' ? `simulator/${sub}` : (top as string);
};

/**
 * The Temporal shell: the workflows' entry, the kernel's workflow loop, the driver workflow, the activities, the
 * Temporal runtime; and the engine.
 */
const TEMPORAL_SHELL = [
  'engine/',
  'strategies/workflows.ts',
  'simulator/temporal/',
  'runner/execute-temporal.ts',
  'runner/temporal-runtime.ts',
  'runner/worker-main.ts',
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
    (match) => match[1] as string,
  );

describe('rooms', () => {
  it('imports @temporalio/* only in the Temporal shell and the engine', () => {
    const offenders = SOURCE_ROOMS.flatMap(sourceFiles)
      .filter(
        (file) => !TEMPORAL_SHELL.some((shell) => file === shell || (shell.endsWith('/') && file.startsWith(shell))),
      )
      .filter((file) => importsOf(file).some((specifier) => specifier.startsWith('@temporalio/')));
    expect(offenders).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>(SOURCE_ROOMS.map((room) => [room, new Set<string>()]));
    for (const file of SOURCE_ROOMS.flatMap(sourceFiles)) {
      const from = roomOf(file);
      for (const specifier of importsOf(file).filter((candidate) => candidate.startsWith('.'))) {
        const to = roomOf(normalize(join(dirname(file), specifier)));
        if (to !== from && edges.has(to)) edges.get(from)?.add(to);
      }
    }
    /** A path from `room` back to `start`, if there is one. */
    const cycleFrom = (
      start: string,
      room: string,
      path: readonly string[],
      seen: Set<string>,
    ): string[] | undefined => {
      for (const next of edges.get(room) ?? []) {
        if (next === start) return [...path, next];
        if (seen.has(next)) continue;
        seen.add(next);
        const found = cycleFrom(start, next, [...path, next], seen);
        if (found) return found;
      }
      return undefined;
    };
    const cycles = SOURCE_ROOMS.flatMap((room) => cycleFrom(room, room, [room], new Set()) ?? []).length;
    expect(
      cycles,
      SOURCE_ROOMS.map((room) => cycleFrom(room, room, [room], new Set())?.join(' → '))
        .filter(Boolean)
        .join('; '),
    ).toBe(0);
  });

  it('puts every file of the simulator in a room', () => {
    expect(readdirSync('simulator').filter((name) => name.endsWith('.ts'))).toEqual([]);
  });

  it('knows every file of the shell (a renamed one would silently widen the rule)', () => {
    for (const shell of TEMPORAL_SHELL)
      expect(statSync(shell).isFile() || statSync(shell).isDirectory(), shell).toBe(true);
  });
});
