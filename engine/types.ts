/**
 * The engine: where the Temporal server comes from. One small interface hides the three
 * choices (the embedded Java time-skipping test server, an existing server given by address,
 * the Temporal SDK's own download), so replacing the Java test server with the real server's
 * time skipping later is a local change.
 */
import type { Connection, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';

/** The servers faultline can start itself: the Java time-skipping test server, or the real server in dev mode. */
export type ServerName = 'test' | 'dev';

export type EngineKind = 'embedded' | 'dev' | 'existing' | 'sdk-download';

export interface Engine {
  readonly kind: EngineKind;
  /** One line for the terminal: what server, where, with or without time skipping. */
  readonly description: string;
  readonly address: string;
  readonly namespace: string;
  /** Whether the server skips time while nothing is pending. */
  readonly timeSkipping: boolean;
  /** Process id of the server this engine started (embedded and dev only). */
  readonly serverPid?: number;
  /** Wall milliseconds from asking for the server to a working connection. */
  readonly startupMs: number;
  /** Client connection (starting workflows, awaiting results). */
  readonly connection: Connection;
  /** Worker connection. */
  readonly nativeConnection: NativeConnection;
  /**
   * Writes which time-skipping locks the server holds, and the lock events since the oldest,
   * to `file` (embedded engine with faultline's launcher only). Resolves true once written,
   * false when this server cannot say.
   */
  diagnoseLocks?(file: string): Promise<boolean>;
  /**
   * SIGKILL the server and start it again on the same port and database (a scenario's `server-kill`); only a server
   * that keeps its state on disk (the dev server) can.
   */
  restartServer?(): Promise<void>;
  /** Awaits a workflow's result; on a time-skipping server, time skips meanwhile. */
  awaitResult<T>(handle: WorkflowHandle): Promise<T>;
  /** Closes connections and stops the server if this engine started it. Idempotent. */
  stop(): Promise<void>;
}

/** The server could not be started or reached; the message says what to do. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}
