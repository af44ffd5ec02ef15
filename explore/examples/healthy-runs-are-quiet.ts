/**
 * A user-defined property, the worked example of docs/exploring.md (a test runs it): when
 * nothing fails, a strategy completes every job and dispatches no task twice.
 */
import type { ExploreProperty } from '../properties.js';

export const healthyRunsAreQuiet: ExploreProperty = {
  name: 'healthy-runs-are-quiet',
  claim: 'without faults, every accepted job completes and no task is dispatched twice',
  heldBy: 'every-strategy',
  // Generated scenarios without faults, of at most four jobs; the targets go into a counterexample file.
  scenarios: { faults: { max: 0 }, jobs: { max: 4 }, targets: { lostJobs: { max: 0 } } },
  check([{ results }]) {
    const { jobsAccepted, jobsCompleted, redispatches } = results.checks.work;
    if (jobsCompleted === jobsAccepted && redispatches === 0) return undefined;
    return `accepted jobs: ${jobsAccepted}, completed: ${jobsCompleted}, re-dispatches: ${redispatches}`;
  },
};
