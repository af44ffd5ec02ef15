/**
 * Import rules between rooms that ESLint's per-folder rule cannot state without overriding the
 * determinism and workflow rules on the same files (a flat config keeps one configuration per
 * rule and file): Temporal's SDK is imported only by the Temporal shell and the engine. The
 * rules between results/, runner/ and reports/ are in eslint.config.js.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE_ROOMS = ['cli', 'engine', 'simulator', 'strategies', 'checkers', 'results', 'runner', 'reports', 'explore', 'validation'];

/** The Temporal shell: the workflows' entry, the kernel's workflow loop, the driver workflow, the activities, the Temporal runtime; and the engine. */
const TEMPORAL_SHELL = ['engine/', 'strategies/workflows.ts', 'simulator/kernel/run-component.ts', 'simulator/driver/driver-workflow.ts', 'simulator/activities.ts', 'runner/execute-temporal.ts', 'runner/temporal-runtime.ts'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1] as string);

describe('rooms', () => {
  it('imports @temporalio/* only in the Temporal shell and the engine', () => {
    const offenders = SOURCE_ROOMS.flatMap(sourceFiles)
      .filter((file) => !TEMPORAL_SHELL.some((shell) => file === shell || (shell.endsWith('/') && file.startsWith(shell))))
      .filter((file) => importsOf(file).some((specifier) => specifier.startsWith('@temporalio/')));
    expect(offenders).toEqual([]);
  });

  it('knows every file of the shell (a renamed one would silently widen the rule)', () => {
    for (const shell of TEMPORAL_SHELL) expect(statSync(shell).isFile() || statSync(shell).isDirectory(), shell).toBe(true);
  });
});
