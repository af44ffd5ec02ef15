/**
 * The embedded engine: the Java time-skipping test server that `npm install` fetched into
 * server/lib/, started on a free loopback port for one run and always stopped afterwards.
 *
 * We spawn `java` ourselves (rather than through the SDK, which waits only ~5 s for the port)
 * and wait for the port with our own budget. A small shell watchdog kills the JVM if this
 * process dies without cleaning up (even by SIGKILL), so no server outlives its run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection.js';
import { NativeConnection } from '@temporalio/worker';
import { type Engine, EngineError } from './types.js';
import { trackForCleanup } from './cleanup.js';

export const SERVER_LIB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'lib');
const SERVER_LIB_DIR_FROM_SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'lib');
const MAIN_CLASS = 'io.temporal.testserver.TestServer';
/**
 * faultline's main class for the server (server/launcher/Launcher.java, compiled by `npm install` into
 * server/classes/).
 */
const LAUNCHER_CLASS = 'faultline.server.Launcher';
const STARTUP_BUDGET_MS = 60_000;

/** The installed server's jar folder, whether running from dist/ or from the sources. */
export function installedServerDir(): string | undefined {
  for (const candidate of [SERVER_LIB_DIR_FROM_SOURCE, SERVER_LIB_DIR]) {
    if (existsSync(candidate) && readdirSync(candidate).some((name) => /^temporal-test-server-.*\.jar$/.test(name)))
      return candidate;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function startWatchdog(javaPid: number): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${javaPid} 2>/dev/null; do sleep 1; done; kill -9 ${javaPid} 2>/dev/null`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}

export interface EmbeddedOptions {
  readonly serverDir: string;
  readonly javaPath?: string;
}

export async function startEmbeddedEngine(options: EmbeddedOptions): Promise<Engine> {
  const startedAt = Date.now();
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  // The launcher mends the server's lock-event list, which otherwise makes long runs slow down
  // quadratically (see server/launcher/Launcher.java); without it, the server's own main class.
  const classesDir = join(options.serverDir, '..', 'classes');
  const withLauncher = existsSync(join(classesDir, 'faultline', 'server', 'Launcher.class'));
  const classPath = withLauncher
    ? `${classesDir}${delimiter}${join(options.serverDir, '*')}`
    : join(options.serverDir, '*');
  const java: ChildProcess = spawn(
    options.javaPath ?? 'java',
    [
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      classPath,
      withLauncher ? LAUNCHER_CLASS : MAIN_CLASS,
      String(port),
    ],
    // Standard input carries the launcher's one command (see diagnoseLocks).
    { stdio: [withLauncher ? 'pipe' : 'ignore', 'ignore', 'pipe'] },
  );
  // A command written as the server dies must not become an unhandled error; nor may the pipe keep Node alive.
  java.stdin?.on('error', () => undefined);
  (java.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
  let stderr = '';
  java.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let exited: string | undefined;
  java.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const spawnError = new Promise<never>((_, reject) =>
    java.once('error', (error) =>
      reject(
        new EngineError(
          `could not start java for the embedded Temporal server: ${error.message}. Install Java 17, or pass --temporal-address host:port.`,
        ),
      ),
    ),
  );
  if (java.pid === undefined) await spawnError;
  const untrack = trackForCleanup(() => java.kill('SIGKILL'));
  startWatchdog(java.pid as number);

  const stopJava = async () => {
    if (exited === undefined) {
      const gone = new Promise<void>((resolve) => java.once('exit', () => resolve()));
      java.kill('SIGKILL');
      await gone;
    }
    untrack();
  };

  try {
    await Promise.race([
      spawnError,
      waitForPort(
        port,
        () => exited,
        () => stderr,
      ),
    ]);
    const mendedNote = withLauncher
      ? await launcherOutcome(
          () => stderr,
          () => exited,
        )
      : "; without faultline's launcher, long runs slow down";
    const connection = await Connection.connect({
      address,
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    } as Parameters<typeof Connection.connect>[0]);
    const nativeConnection = await NativeConnection.connect({ address });
    const testService = connection.testService;
    if (!testService) throw new EngineError('the embedded server connection has no test service');
    let stopped = false;
    return {
      kind: 'embedded',
      description: `embedded Temporal time-skipping test server (Java, pid ${java.pid}${mendedNote}) on ${address}`,
      address,
      namespace: 'default',
      timeSkipping: true,
      serverPid: java.pid,
      startupMs: Date.now() - startedAt,
      connection,
      nativeConnection,
      ...(withLauncher ? { diagnoseLocks: (file: string) => askForLocks(java, file, () => stderr) } : {}),
      async awaitResult<T>(handle: WorkflowHandle): Promise<T> {
        await testService.unlockTimeSkipping({});
        try {
          return (await handle.result()) as T;
        } finally {
          if (!stopped) await testService.lockTimeSkipping({}).catch(() => undefined);
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await nativeConnection.close().catch(() => undefined);
        await connection.close().catch(() => undefined);
        await stopJava();
      },
    };
  } catch (error) {
    await stopJava();
    throw error;
  }
}

/** Asks the launcher to write its lock diagnosis to `file`; true once it says it has. */
async function askForLocks(java: ChildProcess, file: string, stderr: () => string): Promise<boolean> {
  const written = `faultline launcher: locks written to ${file}`;
  if (!java.stdin?.writable) return false;
  java.stdin.write(`locks ${file}\n`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (stderr().includes(written)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * The launcher's status line (see server/launcher/Launcher.java): '' when it mended the server, else a note for the
 * description.
 */
async function launcherOutcome(stderr: () => string, exited: () => string | undefined): Promise<string> {
  const deadline = Date.now() + STARTUP_BUDGET_MS;
  while (Date.now() < deadline && exited() === undefined) {
    const status = /faultline launcher: lock-event list (.*)/.exec(stderr())?.[1];
    if (status === 'mended') return '';
    if (status !== undefined) return `; its lock-event list was ${status}: long runs slow down`;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return '; the launcher did not report: long runs may slow down';
}

async function waitForPort(port: number, exited: () => string | undefined, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_BUDGET_MS;
  while (Date.now() < deadline) {
    const status = exited();
    if (status)
      throw new EngineError(`the embedded Temporal server ${status} before it listened on port ${port}.\n${stderr()}`);
    if (await portOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new EngineError(
    `the embedded Temporal server did not listen on port ${port} within ${STARTUP_BUDGET_MS / 1000} s.\n${stderr()}`,
  );
}
