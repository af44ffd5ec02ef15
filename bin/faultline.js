#!/usr/bin/env node
// Entry point of the `faultline` command: runs the compiled CLI from dist/ (built by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write(
    'faultline is not built: run `npm install` (or `npm run build`) in the faultline folder first.\n',
  );
  process.exit(2);
}
const { main } = await import(compiled.href);
await main(process.argv);
