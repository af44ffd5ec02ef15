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
  const server = spawnDevServer(binary, port, join(options.dataDir, 'temporal.sqlite'));
  if (server.process.pid === undefined) await server.spawnError;
  const stopServer = guardServer(server.process, server.exited);
  try {
    await Promise.race([
      server.spawnError,
      waitForPort(port, server.exited, server.stderr, 'the Temporal dev server', STARTUP_BUDGET_MS),
    ]);
    const engine = await connectExistingEngine(`127.0.0.1:${port}`);
    await namespaceReady(engine, server.exited);
    return devEngine(engine, server.process, startedAt, stopServer);
  } catch (error) {
    await stopServer();
    throw error;
  }
}

/** Waits until the server answers for its `default` namespace (it listens a moment before it has registered it). */
async function namespaceReady(engine: Engine, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + STARTUP_BUDGET_MS;
  for (;;) {
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

function devEngine(engine: Engine, server: ChildProcess, startedAt: number, stopServer: () => Promise<void>): Engine {
  return {
    ...engine,
    kind: 'dev',
    description: `Temporal dev server (Server 1.29.1 on SQLite, pid ${server.pid}) on ${engine.address} (no time skipping: simulated time is paced by the wall clock)`,
    serverPid: server.pid,
    startupMs: Date.now() - startedAt,
    async stop() {
      await engine.stop();
      await stopServer();
    },
  };
}
