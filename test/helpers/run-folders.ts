/** Reading run folders in tests: a fresh folder, a file's text, and results compared without `wall`. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system's temporary folder, named after the test. */
export const freshFolder = (prefix: string): string => mkdtempSync(join(tmpdir(), `faultline-${prefix}-`));

export const readRunFile = (folder: string, file: string): string => readFileSync(join(folder, file), 'utf8');

/** A results.json or summary.json without its `wall` (what may differ between identical runs). */
export function withoutWall(text: string): Record<string, unknown> {
  const { wall: _wall, ...rest } = JSON.parse(text) as { wall: unknown };
  return rest;
}
