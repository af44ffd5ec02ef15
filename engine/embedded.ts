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
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection.js';
import { NativeConnection } from '@temporalio/worker';
import { type Engine, EngineError } from './types.js';
import { type FollowedProcess, followProcess, freePort, guardServer, waitForPort } from './local-server.js';

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

export interface EmbeddedOptions {
  readonly serverDir: string;
  readonly javaPath?: string;
}

/** The server's Java process, as the engine's steps see it. */
interface ServerProcess extends FollowedProcess {
  readonly java: ChildProcess;
  readonly port: number;
  readonly address: string;
  /** faultline's launcher runs the server (otherwise the server's own main class). */
  readonly withLauncher: boolean;
}

/** The engine's two connections to the server, and the test service (time skipping) on the first. */
interface ServerConnections {
  readonly connection: Connection;
  readonly nativeConnection: NativeConnection;
  readonly testService: NonNullable<Connection['testService']>;
}

export async function startEmbeddedEngine(options: EmbeddedOptions): Promise<Engine> {
  const startedAt = Date.now();
  const port = await freePort();
  const server = spawnServer(options, port);
  if (server.java.pid === undefined) await server.spawnError;
  const stopServer = guardServer(server.java, server.exited);
  try {
    const mendedNote = await serverReady(server);
    const connections = await connectToServer(server.address);
    return embeddedEngine(server, connections, { startedAt, mendedNote, stopServer });
  } catch (error) {
    await stopServer();
    throw error;
  }
}

/** Spawns java with the server on `port`, and follows its standard error, its exit and a failure to start. */
function spawnServer(options: EmbeddedOptions, port: number): ServerProcess {
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
  return followServer(java, port, withLauncher);
}

/** Listens to the just spawned `java` (before anything else can happen to it). */
function followServer(java: ChildProcess, port: number, withLauncher: boolean): ServerProcess {
  // A command written as the server dies must not become an unhandled error; nor may the pipe keep Node alive.
  java.stdin?.on('error', () => undefined);
  (java.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
  const followed = followProcess(
    java,
    (error) =>
      `could not start java for the embedded Temporal server: ${error.message}. Install Java 17, or pass --temporal-address host:port.`,
  );
  return { java, port, address: `127.0.0.1:${port}`, withLauncher, ...followed };
}

/** Waits until the server listens on its port; resolves with the note on its launcher for the engine's description. */
async function serverReady(server: ServerProcess): Promise<string> {
  await Promise.race([
    server.spawnError,
    waitForPort(server.port, server.exited, server.stderr, 'the embedded Temporal server', STARTUP_BUDGET_MS),
  ]);
  return server.withLauncher
    ? await launcherOutcome(server.stderr, server.exited)
    : "; without faultline's launcher, long runs slow down";
}

async function connectToServer(address: string): Promise<ServerConnections> {
  const connection = await Connection.connect({
    address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  } as Parameters<typeof Connection.connect>[0]);
  try {
    const nativeConnection = await NativeConnection.connect({ address });
    const testService = connection.testService;
    if (!testService) {
      await nativeConnection.close();
      throw new EngineError('the embedded server connection has no test service');
    }
    return { connection, nativeConnection, testService };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

/** The engine on the started server; `stop` closes the connections, then stops the server. */
function embeddedEngine(
  { java, address, withLauncher, stderr }: ServerProcess,
  { connection, nativeConnection, testService }: ServerConnections,
  { startedAt, mendedNote, stopServer }: { startedAt: number; mendedNote: string; stopServer: () => Promise<void> },
): Engine {
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
    ...(withLauncher ? { diagnoseLocks: (file: string) => askForLocks(java, file, stderr) } : {}),
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
      await stopServer();
    },
  };
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
