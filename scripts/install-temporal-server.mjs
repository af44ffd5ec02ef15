#!/usr/bin/env node
// Fetches the Temporal time-skipping test server (Java) from Maven Central into server/lib/.
// Run by `npm install` (postinstall). Idempotent: a stamp file records which pom.xml the jars came
// from, so a second install is a no-op. The jars are staged in server/lib.partial/ and renamed into
// place only when Maven succeeded, so an interrupted install never looks complete.
//
// If Java or Maven is missing, or Maven Central is unreachable, this says so plainly and exits 0:
// faultline then falls back to the Temporal SDK's own server download (needs general internet) or
// to `--temporal-address` (an existing server). Set FAULTLINE_REQUIRE_SERVER=1 to make it fatal.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say, sayBoxed } from './install-messages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = join(root, 'server');
const pomPath = join(serverDir, 'pom.xml');
const libDir = join(serverDir, 'lib');
const stagingDir = join(serverDir, 'lib.partial');
const stampPath = join(libDir, '.installed-from');
const mainClassJar = /^temporal-test-server-.*\.jar$/;
const launcherSource = join(serverDir, 'launcher', 'Launcher.java');
const classesDir = join(serverDir, 'classes');
const launcherClass = join(classesDir, 'faultline', 'server', 'Launcher.class');

function giveUp(reason, remedy) {
  const lines = [
    'The embedded Temporal test server was NOT installed.',
    `Reason: ${reason}`,
    `Fix:    ${remedy}`,
    "Until then `faultline run` falls back to the Temporal SDK's own server download (needs general",
    'internet access) or to an existing server given with --temporal-address host:port.',
  ];
  sayBoxed(lines);
  process.exit(process.env.FAULTLINE_REQUIRE_SERVER === '1' ? 1 : 0);
}

function probe(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return undefined;
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

if (process.env.FAULTLINE_SKIP_SERVER_INSTALL === '1') {
  say('FAULTLINE_SKIP_SERVER_INSTALL=1: not fetching the Temporal test server.');
  process.exit(0);
}

const pomHash = createHash('sha256').update(readFileSync(pomPath)).digest('hex');
/**
 * Compiles server/launcher/Launcher.java (faultline's main class for the test server, which mends
 * its quadratic lock-event bookkeeping; see that file) into server/classes/. Not fatal: without
 * `javac` (a JRE only) the server runs from its own main class, and long runs are slower; with
 * FAULTLINE_REQUIRE_SERVER=1 (CI) that is fatal.
 */
function compileLauncher() {
  if (existsSync(launcherClass) && statSync(launcherClass).mtimeMs >= statSync(launcherSource).mtimeMs) return;
  if (probe('javac', ['-version']) === undefined) {
    say(
      '`javac` not found (a JRE without a JDK): the test server runs unmended, and runs of thousands of jobs slow down. Install a JDK 17 to fix.',
    );
    if (process.env.FAULTLINE_REQUIRE_SERVER === '1') process.exit(1);
    return;
  }
  rmSync(classesDir, { recursive: true, force: true });
  const javac = spawnSync('javac', ['-nowarn', '-d', classesDir, '-cp', join(libDir, '*'), launcherSource], {
    stdio: 'inherit',
  });
  if (javac.status !== 0) {
    rmSync(classesDir, { recursive: true, force: true });
    say(`javac exited with ${javac.status ?? javac.signal} on ${launcherSource}: the test server runs unmended.`);
    if (process.env.FAULTLINE_REQUIRE_SERVER === '1') process.exit(1);
    return;
  }
  say('Compiled the test server launcher (server/classes/).');
}

if (existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === pomHash) {
  say(`Temporal test server already installed in ${libDir} (cached).`);
  compileLauncher();
  process.exit(0);
}

const javaVersion = probe('java', ['-version']);
if (javaVersion === undefined) {
  giveUp(
    '`java` was not found on PATH.',
    'install a Java 17 runtime (e.g. `apt-get install openjdk-17-jre-headless`), then `npm install` again.',
  );
}
const javaMajor = Number(/version "(\d+)/.exec(javaVersion)?.[1] ?? '0');
if (javaMajor !== 0 && javaMajor < 11) {
  giveUp(
    `Java ${javaMajor} is too old for temporal-test-server (needs 11+, tested on 17).`,
    'install Java 17 and put it first on PATH.',
  );
}
if (probe('mvn', ['-v']) === undefined) {
  giveUp(
    '`mvn` (Apache Maven) was not found on PATH.',
    'install Maven (e.g. `apt-get install maven`), then `npm install` again.',
  );
}

say('Fetching the Temporal time-skipping test server from Maven Central (about 40 MB, once)...');
const started = Date.now();
rmSync(stagingDir, { recursive: true, force: true });
mkdirSync(stagingDir, { recursive: true });
const maven = spawnSync(
  'mvn',
  [
    '-B',
    '-q',
    '-f',
    pomPath,
    'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
    `-DoutputDirectory=${stagingDir}`,
    '-DincludeScope=runtime',
  ],
  { stdio: 'inherit' },
);
if (maven.status !== 0) {
  rmSync(stagingDir, { recursive: true, force: true });
  giveUp(
    `Maven exited with ${maven.status ?? maven.signal} while fetching io.temporal:temporal-test-server.`,
    'check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml), then `npm install` again.',
  );
}
if (!readdirSync(stagingDir).some((name) => mainClassJar.test(name))) {
  rmSync(stagingDir, { recursive: true, force: true });
  giveUp(
    'Maven finished but no temporal-test-server jar was copied.',
    'run the mvn command in scripts/install-temporal-server.mjs by hand to see why.',
  );
}
writeFileSync(join(stagingDir, '.installed-from'), `${pomHash}\n`);
rmSync(libDir, { recursive: true, force: true });
renameSync(stagingDir, libDir);
const jarCount = readdirSync(libDir).filter((name) => name.endsWith('.jar')).length;
say(`Temporal test server installed: ${jarCount} jars in ${libDir} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
compileLauncher();
