/**
 * The project's documents stand alone: nothing in the docs, the README, ARCHITECTURE.md or the
 * code points at material a clone does not have (the brief the project was started from), and
 * every relative link in the Markdown documents leads to a file of the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIPPED = new Set(['node_modules', 'dist', 'runs', '.git', 'lib']);
const TEXT = /\.(md|ts|js|mjs|yaml|yml|java)$/;

/** Text files of the repository, as paths relative to its root. */
function textFiles(folder = ROOT): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return textFiles(path);
    return TEXT.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

/** References to the brief: its folder, the seed document, or its sections (`seed §3`). */
const OUTSIDE = /\.\.\/shared\/|seed-airavata|\bseed §/;

describe('the documents stand alone', () => {
  it('no file refers to the brief the project was started from', () => {
    const referring = textFiles().filter(
      (file) => file !== 'test/unit/docs-stand-alone.test.ts' && OUTSIDE.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(referring).toEqual([]);
  });

  it('every relative link in README.md, ARCHITECTURE.md and docs/ leads to a file of the repository', () => {
    const documents = textFiles().filter(
      (file) => file.endsWith('.md') && (!file.includes('/') || file.startsWith('docs/')),
    );
    const broken = documents.flatMap((document) => {
      const text = readFileSync(join(ROOT, document), 'utf8');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => match[1] as string)
        .filter((target) => !/^[a-z]+:|^#/.test(target));
      return targets
        .filter((target) => !existsSync(join(ROOT, dirname(document), target.replace(/#.*$/, ''))))
        .map((target) => `${document}: ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
