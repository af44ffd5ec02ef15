/** An existing Temporal server or cluster, given by address. No time skipping there. */
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { type Engine, EngineError } from './types.js';

export async function connectExistingEngine(address: string, namespace = 'default'): Promise<Engine> {
  const startedAt = Date.now();
  const connection = Connection.lazy({ address, connectTimeout: '5s' });
  let nativeConnection: NativeConnection;
  try {
    await connection.ensureConnected();
    nativeConnection = await NativeConnection.connect({ address });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new EngineError(
      `cannot reach a Temporal server at ${address}: ${(error as Error).message.split('\n')[0]}\n` +
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
