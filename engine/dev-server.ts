/**
 * The dev engine: the real Temporal server (the Temporal CLI's `temporal server start-dev`, Server 1.29.1 on
 * SQLite), which `npm install` builds into server/dev/ with Go. Started on a free loopback port for one run with its
 * database in the run folder, and always stopped afterwards, like the test server. It has no time skipping: the
 * kernel paces simulated time by the wall clock (`--time-scale`, default 0.001 server ms per simulated ms), and the
 * scheduler's baton fixes the order of events whatever the server's pace, so the results are the test server's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectExistingEngine } from './existing.js';
import { type FollowedProcess, followProcess, freePort, guardServer, waitForPort } from './local-server.js';
import { type Engine, EngineError } from './types.js';

const DEV_DIRS = [
  join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'dev'),
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'dev'),
];
const STARTUP_BUDGET_MS = 60_000;
const CONNECT_BUDGET_MS = 30_000;

/** The built dev server's binary, whether running from dist/ or from the sources. */
export function installedDevServer(): string | undefined {
  return DEV_DIRS.map((dir) => join(dir, 'temporal')).find((binary) => existsSync(binary));
}

export interface DevServerOptions {
  /** The folder for the server's SQLite database (created if missing). */
  readonly dataDir: string;
  /** The binary (default: the one `npm install` built). */
  readonly binary?: string;
}

/** Starts the dev server and connects to it; `stop` closes the connections, then kills the server. */
export async function startDevEngine(options: DevServerOptions): Promise<Engine> {
  const startedAt = Date.now();
  const binary = options.binary ?? installedDevServer();
  if (!binary)
    throw new EngineError(
      'the Temporal dev server is not built (server/dev/temporal is missing): `npm install` builds it with Go ' +
        '(`go` must be on PATH; see its output), or use the embedded test server (drop --server dev).',
    );
  mkdirSync(options.dataDir, { recursive: true });
  const port = await freePort();
  const database = join(options.dataDir, 'temporal.sqlite');
  const server = await launchDevServer(binary, port, database);
  try {
    const engine = await connectExistingEngine(`127.0.0.1:${port}`, {
      // It listens already; on a busy machine its gRPC service may take a while to answer.
      connectTimeoutMs: CONNECT_BUDGET_MS,
      unreachable: (cause) =>
        `the Temporal dev server faultline started (pid ${server.process.pid}) listens on port ${port} but did not ` +
        `accept a connection within ${CONNECT_BUDGET_MS / 1000} s: ${cause}. The machine may be overloaded: try again.`,
    });
    await namespaceReady(engine, server.exited);
    return devEngine(engine, { binary, port, database, server }, startedAt);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** A running dev server process, guarded so that it dies with this process. */
interface LaunchedServer {
  readonly process: ChildProcess;
  readonly exited: () => string | undefined;
  readonly stop: () => Promise<void>;
}

/** Spawns the server on `port` with its database, and waits until it listens (bounded). */
async function launchDevServer(binary: string, port: number, database: string): Promise<LaunchedServer> {
  const server = spawnDevServer(binary, port, database);
  if (server.process.pid === undefined) await server.spawnError;
  const stop = guardServer(server.process, server.exited);
  try {
    await Promise.race([
      server.spawnError,
      waitForPort(port, server.exited, server.stderr, 'the Temporal dev server', STARTUP_BUDGET_MS),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: server.process, exited: server.exited, stop };
}

/** Waits until the server answers for its `default` namespace (it listens a moment before it has registered it). */
async function namespaceReady(
  engine: Engine,
  exited: () => string | undefined,
  abandoned: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + STARTUP_BUDGET_MS;
  while (!abandoned()) {
    try {
      await engine.connection.workflowService.describeNamespace({ namespace: engine.namespace });
      return;
    } catch (error) {
      const status = exited();
      if (status !== undefined || Date.now() > deadline) {
        await engine.stop();
        throw new EngineError(
          `the Temporal dev server ${status ?? 'listened'} but never served namespace ${engine.namespace}: ${(error as Error).message}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The spawned server, as its starter follows it. */
interface DevServerProcess extends FollowedProcess {
  readonly process: ChildProcess;
}

function spawnDevServer(binary: string, port: number, database: string): DevServerProcess {
  const server = spawn(
    binary,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port)].concat([
      '--db-filename',
      database,
      '--log-level',
      'error',
    ]),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const followed = followProcess(
    server,
    (error) => `could not start the Temporal dev server ${binary}: ${error.message}`,
  );
  return { process: server, ...followed };
}

/** Where the server runs, so that it can be started again on the same port and database. */
interface DevServerSite {
  readonly binary: string;
  readonly port: number;
  readonly database: string;
  server: LaunchedServer;
}

function devEngine(engine: Engine, site: DevServerSite, startedAt: number): Engine {
  let stopped = false;
  return {
    ...engine,
    kind: 'dev',
    get description() {
      return `Temporal dev server (Server 1.29.1 on SQLite, pid ${site.server.process.pid}) on ${engine.address} (no time skipping: simulated time is paced by the wall clock)`;
    },
    get serverPid() {
      return site.server.process.pid;
    },
    startupMs: Date.now() - startedAt,
    async restartServer() {
      await site.server.stop();
      if (stopped) return;
      const server = await launchDevServer(site.binary, site.port, site.database);
      site.server = server;
      // Stopped while it started again (Ctrl-C during the restart): it goes too.
      if (!stopped) await namespaceReady(engine, server.exited, () => stopped);
      if (stopped) await server.stop();
    },
    async stop() {
      stopped = true;
      await engine.stop();
      await site.server.stop();
    },
  };
}
