/**
 * The Temporal server's clock as workflow code sees it. Inside a workflow `Date.now()` is the
 * time of the current workflow task, recorded in the history and replayed identically — on the
 * time-skipping server, the skipped-to time. The kernel uses it only to pace its sleeps (how
 * long until an event is due); decisions use the simulated time the scheduler hands out.
 */
export function serverNowMs(): number {
  // eslint-disable-next-line no-restricted-properties -- deterministic in the workflow sandbox; pacing only
  return Date.now();
}
