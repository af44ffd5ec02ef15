#!/usr/bin/env node
// Builds the Temporal CLI, whose `temporal server start-dev` is the real Temporal server on SQLite, into
// server/dev/temporal: faultline's second embedded server (`--server dev`). Run by `npm install` after the test
// server. Idempotent: a stamp records which module version the binary came from, so a second install is a no-op.
// The binary is built into server/dev.partial/ and renamed into place only when the build succeeded.
//
// Version: github.com/temporalio/cli v1.5.1 (Temporal Server 1.29.1), the newest the Go module proxy serves that
// builds: v1.6.2 and later replace their module github.com/temporalio/cli/cliext with a local folder the proxy's
// copy of the module does not carry, so `go install …@v1.9.1` refuses ("contains one or more replace directives").
//
// If Go is missing or the build fails, this says so plainly and exits 0 (`--server dev` then says what is missing);
// FAULTLINE_REQUIRE_DEV_SERVER=1 makes it fatal, FAULTLINE_SKIP_DEV_SERVER_INSTALL=1 skips it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say, sayBoxed } from './install-messages.mjs';

const MODULE = 'github.com/temporalio/cli';
const VERSION = 'v1.5.1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const devDir = join(root, 'server', 'dev');
const stagingDir = join(root, 'server', 'dev.partial');
const stampPath = join(devDir, '.installed-from');
const stamp = `${MODULE} ${VERSION}`;

function giveUp(reason, remedy) {
  const lines = [
    'The Temporal dev server (--server dev) was NOT built; everything else works without it.',
    `Reason: ${reason}`,
    `Fix:    ${remedy}`,
  ];
  sayBoxed(lines);
  process.exit(process.env.FAULTLINE_REQUIRE_DEV_SERVER === '1' ? 1 : 0);
}

if (process.env.FAULTLINE_SKIP_DEV_SERVER_INSTALL === '1') {
  say('FAULTLINE_SKIP_DEV_SERVER_INSTALL=1: not building the Temporal dev server.');
  process.exit(0);
}
if (existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === stamp && existsSync(join(devDir, 'temporal'))) {
  say(`Temporal dev server already built in ${devDir} (cached).`);
  process.exit(0);
}
const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
if (goVersion.error) {
  giveUp(
    '`go` was not found on PATH.',
    'install Go 1.24 or newer (e.g. `apt-get install golang`), then `npm install` again.',
  );
}

say(
  `Building the Temporal dev server (${MODULE}/cmd/temporal@${VERSION}) with Go: about 4 minutes and 3 GB of Go caches, once...`,
);
const started = Date.now();
rmSync(stagingDir, { recursive: true, force: true });
mkdirSync(stagingDir, { recursive: true });
const build = spawnSync('go', ['install', `${MODULE}/cmd/temporal@${VERSION}`], {
  stdio: 'inherit',
  env: { ...process.env, GOBIN: stagingDir, GOFLAGS: '-trimpath' },
});
if (build.status !== 0 || !existsSync(join(stagingDir, 'temporal'))) {
  rmSync(stagingDir, { recursive: true, force: true });
  giveUp(
    `go install exited with ${build.status ?? build.signal} while building ${MODULE}@${VERSION}.`,
    'check that the Go module proxy is reachable (GOPROXY), then `npm install` again.',
  );
}
const version = spawnSync(join(stagingDir, 'temporal'), ['--version'], { encoding: 'utf8' }).stdout.trim();
writeFileSync(join(stagingDir, '.installed-from'), `${stamp}\n`);
rmSync(devDir, { recursive: true, force: true });
renameSync(stagingDir, devDir);
say(`Temporal dev server built: ${version} in ${devDir} (${((Date.now() - started) / 1000).toFixed(0)} s).`);
