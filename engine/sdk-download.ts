/**
 * Fallback when the embedded server is not installed and no address is given: the Temporal
 * SDK downloads its own time-skipping test server (needs general internet access).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type Engine, EngineError } from './types.js';

export async function startSdkDownloadEngine(reason: string): Promise<Engine> {
  const startedAt = Date.now();
  let environment: TestWorkflowEnvironment;
  try {
    environment = await TestWorkflowEnvironment.createTimeSkipping();
  } catch (error) {
    throw new EngineError(
      `no Temporal server available. ${reason}; the Temporal SDK's own server download failed too: ${(error as Error).message.split('\n')[0]}\n` +
        'Fix: run `npm install` with Java 17 and Maven on PATH (it fetches the embedded server from Maven Central), or pass --temporal-address host:port.',
    );
  }
  const testService = environment.connection.testService;
  let stopped = false;
  return {
    kind: 'sdk-download',
    description: `Temporal time-skipping test server downloaded by the SDK, on ${environment.address} (${reason})`,
    address: environment.address,
    namespace: 'default',
    timeSkipping: true,
    startupMs: Date.now() - startedAt,
    connection: environment.connection,
    nativeConnection: environment.nativeConnection,
    async awaitResult<T>(handle: WorkflowHandle): Promise<T> {
      await testService?.unlockTimeSkipping({});
      try {
        return (await handle.result()) as T;
      } finally {
        if (!stopped) await testService?.lockTimeSkipping({}).catch(() => undefined);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await environment.teardown();
    },
  };
}
