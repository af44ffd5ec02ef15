/** Picks and starts the engine for a run. */
import { installedServerDir, startEmbeddedEngine } from './embedded.js';
import { connectExistingEngine } from './existing.js';
import { startSdkDownloadEngine } from './sdk-download.js';
import type { Engine } from './types.js';

export interface EngineOptions {
  /** `host:port` of an existing server; otherwise the embedded one is started. */
  readonly temporalAddress?: string;
}

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  if (options.temporalAddress) return connectExistingEngine(options.temporalAddress);
  const serverDir = installedServerDir();
  if (serverDir) return startEmbeddedEngine({ serverDir });
  return startSdkDownloadEngine('the embedded server is not installed (server/lib/ is missing: `npm install` needs Java and Maven)');
}

export { type Engine, EngineError } from './types.js';
