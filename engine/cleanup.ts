/**
 * Last-resort cleanup of child processes when this process exits or is interrupted: the
 * embedded server must not outlive a run that succeeded, failed, threw or was stopped with
 * Ctrl-C or SIGTERM. (A SIGKILL of this process is covered by the embedded engine's watchdog.)
 */
const killers = new Set<() => void>();
let installed = false;

function killAll(): void {
  for (const kill of killers) {
    try {
      kill();
    } catch {
      // already gone
    }
  }
  killers.clear();
}

/** Registers a synchronous kill function; returns the function that unregisters it. */
export function trackForCleanup(kill: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', killAll);
  }
  killers.add(kill);
  return () => killers.delete(kill);
}

/** Kills every tracked child now (used by signal handlers before they exit). */
export function killTrackedChildren(): void {
  killAll();
}
