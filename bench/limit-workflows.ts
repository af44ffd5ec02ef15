/**
 * Workflow code of the physical-limit benchmark (bench/limit.ts): a job that does nothing but a
 * given number of Temporal operations — timers, local activities, signals, child workflows — and
 * a parent that runs many of them, all at once or one after another. No world, no scheduler, no
 * checkers: what is left is the engine's own cost for that much Temporal work.
 */
import {
  condition,
  defineSignal,
  executeChild,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';

export interface LimitJob {
  readonly timers: number;
  readonly localActivities: number;
  readonly signals: number;
  readonly children: number;
}

export interface LimitRun {
  readonly jobs: readonly LimitJob[];
  /** How many jobs run at a time: 1 runs them one after another. */
  readonly concurrency: number;
}

interface LimitActivities {
  limitNoop(): Promise<void>;
}

const { limitNoop } = proxyLocalActivities<LimitActivities>({ startToCloseTimeout: '60s' });
const poke = defineSignal('limitPoke');

/** How many of `total` operations fall in round `round` of `rounds`, spread evenly. */
const share = (total: number, round: number, rounds: number) =>
  Math.floor(((round + 1) * total) / rounds) - Math.floor((round * total) / rounds);

export async function limitJob(job: LimitJob): Promise<void> {
  let received = 0;
  setHandler(poke, () => {
    received++;
  });
  const self = getExternalWorkflowHandle(workflowInfo().workflowId);
  const rounds = Math.max(1, job.timers);
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < share(job.localActivities, round, rounds); index++) await limitNoop();
    for (let index = 0; index < share(job.signals, round, rounds); index++) await self.signal(poke);
    for (let index = 0; index < share(job.children, round, rounds); index++)
      await executeChild(limitChild, { workflowId: `${workflowInfo().workflowId}.c${round}.${index}` });
    if (round < job.timers) await sleep(1);
  }
  await condition(() => received >= job.signals);
}

export async function limitChild(): Promise<void> {
  // Started and finished: the cost of a child workflow and nothing else.
}

export async function limitRun(run: LimitRun): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < run.jobs.length) {
      const index = next++;
      await executeChild(limitJob, {
        workflowId: `${workflowInfo().workflowId}.j${index}`,
        args: [run.jobs[index] as LimitJob],
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, run.concurrency) }, lane));
}
