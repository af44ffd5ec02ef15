/** Picks and starts the engine for a run. */
import { installedServerDir, startEmbeddedEngine } from './embedded.js';
import { startDevEngine } from './dev-server.js';
import { connectExistingEngine } from './existing.js';
import { startSdkDownloadEngine } from './sdk-download.js';
import type { Engine, ServerName } from './types.js';

export interface EngineOptions {
  /** `host:port` of an existing server; otherwise faultline starts `server`. */
  readonly temporalAddress?: string;
  /** Which server to start (default `test`). */
  readonly server?: ServerName;
  /** Where the dev server keeps its database (the run folder's `temporal/`); required with `server: 'dev'`. */
  readonly dataDir?: string;
}

/** The last server start of this process; the next waits for it (see `startEngine`). */
let previousStart: Promise<unknown> = Promise.resolve();

/**
 * Starts (or connects to) the engine. Servers this process starts are started one at a time,
 * even when runs go on in parallel (`--seeds` with `--parallel`): a server is started on a port
 * found free a moment before, and two starts at once could be handed the same port, the loser
 * then finding the winner's server listening there and taking it for its own.
 */
export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  if (options.temporalAddress) return connectExistingEngine(options.temporalAddress);
  const start = previousStart
    .catch(() => undefined)
    .then(() => {
      if (options.server === 'dev') {
        if (!options.dataDir) throw new Error('startEngine: the dev server needs a dataDir for its database');
        return startDevEngine({ dataDir: options.dataDir });
      }
      const serverDir = installedServerDir();
      if (serverDir) return startEmbeddedEngine({ serverDir });
      return startSdkDownloadEngine(
        'the embedded server is not installed (server/lib/ is missing: `npm install` needs Java and Maven)',
      );
    });
  previousStart = start;
  return start;
}

export { type Engine, EngineError, type ServerName } from './types.js';
