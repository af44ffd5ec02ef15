/** An existing Temporal server or cluster, given by address. No time skipping there. */
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { type Engine, EngineError } from './types.js';

export interface ConnectOptions {
  readonly namespace?: string;
  /** How long to wait for the connection (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** The message when the server cannot be reached, given the first line of the cause. */
  readonly unreachable?: (cause: string) => string;
}

export async function connectExistingEngine(address: string, options: ConnectOptions = {}): Promise<Engine> {
  const { namespace = 'default', connectTimeoutMs = 5_000 } = options;
  const startedAt = Date.now();
  const connection = Connection.lazy({ address, connectTimeout: connectTimeoutMs });
  let nativeConnection: NativeConnection;
  try {
    await connection.ensureConnected();
    nativeConnection = await NativeConnection.connect({ address });
  } catch (error) {
    await connection.close().catch(() => undefined);
    const cause = (error as Error).message.split('\n')[0] ?? '';
    throw new EngineError(
      options.unreachable?.(cause) ??
        `cannot reach a Temporal server at ${address}: ${cause}\n` +
          `Start one there (for example \`temporal server start-dev\`), check the address, or drop --temporal-address to use the embedded server.`,
    );
  }
  let stopped = false;
  return {
    kind: 'existing',
    description: `existing Temporal server at ${address} (no time skipping: simulated time is paced by the wall clock)`,
    address,
    namespace,
    timeSkipping: false,
    startupMs: Date.now() - startedAt,
    connection,
    nativeConnection,
    async awaitResult<T>(handle: WorkflowHandle): Promise<T> {
      return (await handle.result()) as T;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await nativeConnection.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}
