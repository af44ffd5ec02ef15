/** Ctrl-C and SIGTERM for the commands that run strategies: stop cleanly, exit with the signal's code. */
import { killTrackedChildren } from '../engine/cleanup.js';
import { EXIT } from './errors.js';

/** The exit code for a run stopped by a signal: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? EXIT.interruptedByInt : EXIT.interruptedByTerm;
}

/** Ctrl-C / SIGTERM: abort the run (the engine is stopped on the way out); a second one exits at once. */
export function interruptions(controller: AbortController): {
  signal: () => NodeJS.Signals | undefined;
  dispose: () => void;
} {
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (received) {
      killTrackedChildren();
      process.exit(exitCodeFor(signal));
    }
    received = signal;
    process.stderr.write(`\n${signal}: stopping the run (and any Temporal server it started)...\n`);
    controller.abort();
    setTimeout(() => {
      killTrackedChildren();
      process.exit(exitCodeFor(signal));
    }, 15_000).unref();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: () => received,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
