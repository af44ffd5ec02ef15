/**
 * Writes `docs/scenarios.md`, the scenario-language reference, from the zod schema.
 *
 *   node --import tsx scripts/generate-scenario-docs.ts           # regenerate the file
 *   node --import tsx scripts/generate-scenario-docs.ts --check   # exit 1 if the file is stale
 *
 * The rendering lives in `scripts/scenario-docs.ts`; this is only the command-line shell.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { firstDifferentLine, REGENERATE_COMMAND, renderScenarioDocs } from './scenario-docs.js';

const DOCS_FILE = fileURLToPath(new URL('../docs/scenarios.md', import.meta.url));
const DOCS_NAME = 'docs/scenarios.md';

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Exit code of `--check`: 0 when the file on disk is what would be generated, else 1 (with a hint). */
function check(expected: string): number {
  const actual = readIfPresent(DOCS_FILE);
  if (actual === undefined) {
    console.error(`${DOCS_NAME} is missing; run: ${REGENERATE_COMMAND}`);
    return 1;
  }
  const line = firstDifferentLine(actual, expected);
  if (line === undefined) return 0;
  console.error(`${DOCS_NAME} is stale (first difference at line ${line}); run: ${REGENERATE_COMMAND}`);
  return 1;
}

function main(args: readonly string[]): number {
  const expected = renderScenarioDocs();
  if (args.includes('--check')) return check(expected);
  writeFileSync(DOCS_FILE, expected);
  console.log(`wrote ${DOCS_NAME}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
