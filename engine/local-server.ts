/**
 * What the servers faultline starts itself share (the embedded test server, the dev server): a free loopback port,
 * waiting for the server to listen there, and making sure it dies with this process — on its exit, on a signal,
 * and by a shell watchdog even if this process is killed with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { trackForCleanup } from './cleanup.js';
import { EngineError } from './types.js';

/** A spawned server as its starter follows it: its standard error's tail, how it exited, and a failure to start it. */
export interface FollowedProcess {
  /** The last 4,000 characters the server wrote to standard error. */
  readonly stderr: () => string;
  /** How the server exited ('exited with …'); undefined while it runs. */
  readonly exited: () => string | undefined;
  /** Rejects with an EngineError (its message from `cannotStart`) if the process could not be started. */
  readonly spawnError: Promise<never>;
}

/** Listens to a just spawned server (before anything else can happen to it). */
export function followProcess(server: ChildProcess, cannotStart: (error: Error) => string): FollowedProcess {
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let exited: string | undefined;
  server.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const spawnError = new Promise<never>((_, reject) =>
    server.once('error', (error) => reject(new EngineError(cannotStart(error)))),
  );
  return { stderr: () => stderr, exited: () => exited, spawnError };
}

/** A loopback port free a moment ago. */
export async function freePort(): Promise<number> {
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

function startWatchdog(serverPid: number): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${serverPid} 2>/dev/null; do sleep 1; done; kill -9 ${serverPid} 2>/dev/null`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}

/**
 * Makes sure the server dies with this process (on its exit, and by a shell watchdog even if it is killed); returns the
 * function that stops the server now.
 */
export function guardServer(server: ChildProcess, exited: () => string | undefined): () => Promise<void> {
  const untrack = trackForCleanup(() => server.kill('SIGKILL'));
  startWatchdog(server.pid as number);
  return async () => {
    if (exited() === undefined) {
      const gone = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGKILL');
      await gone;
    }
    untrack();
  };
}

/** Waits until something listens on `port`; fails when the server exits first or `budgetMs` passes. */
export async function waitForPort(
  port: number,
  exited: () => string | undefined,
  stderr: () => string,
  what: string,
  budgetMs: number,
): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    const status = exited();
    if (status) throw new EngineError(`${what} ${status} before it listened on port ${port}.\n${stderr()}`);
    if (await portOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new EngineError(`${what} did not listen on port ${port} within ${budgetMs / 1000} s.\n${stderr()}`);
}
