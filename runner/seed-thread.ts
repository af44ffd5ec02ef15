/**
 * A worker thread that runs seeds on the direct runtime for `runner/seed-threads.ts`: it takes
 * one seed at a time from the main thread, runs it as `faultline run --seed N --runtime direct`
 * would (`runScenario`, the seed's own folder), and answers with its outcome or its error.
 * Loading the modules once per thread, not once per seed, is what makes many short seeds cheap.
 */
import { parentPort } from 'node:worker_threads';
import { findStrategy } from '../strategies/index.js';
import type { Strategy } from '../strategies/types.js';
import { type RunEvents, runScenario } from './run.js';
import type { SeedJob, SeedReply, ThreadError, ThreadEvent } from './seed-threads.js';

const port = parentPort;
if (!port) throw new Error('seed-thread.ts runs as a worker thread');

port.on('message', (job: SeedJob) => {
  void runSeed(job).then((reply) => port.postMessage(reply));
});

async function runSeed(job: SeedJob): Promise<SeedReply> {
  try {
    const strategies = job.strategies.map((name) => findStrategy(name) ?? missing(name));
    const outcome = await runScenario({
      scenarioFile: job.scenarioFile,
      strategies,
      seed: job.seed,
      outDir: job.outDir,
      force: job.force,
      yes: job.yes ?? true,
      runtime: 'direct',
      events: job.events ? forwarded(job.id) : undefined,
    });
    return { id: job.id, outcome };
  } catch (error) {
    const failure = error as Error & { file?: string; problems?: ThreadError['problems'] };
    return {
      id: job.id,
      error: {
        name: failure.name,
        message: failure.message,
        stack: failure.stack,
        file: failure.file,
        problems: failure.problems,
      },
    };
  }
}

/** The run's events, posted to the main thread as they happen (a strategy by its name). */
function forwarded(id: number): RunEvents {
  const post = (event: ThreadEvent['event'], ...args: unknown[]) =>
    port?.postMessage({ id, event, args } satisfies ThreadEvent);
  return {
    configResolved: (config, folder, warnings, cost) => post('configResolved', config, folder, warnings, cost),
    strategyStarted: (strategy, config) => post('strategyStarted', strategy.name, config),
    progress: (strategy, progress) => post('progress', strategy.name, progress),
    strategyFinished: (strategy, results, wall) => post('strategyFinished', strategy.name, results, wall),
  };
}

function missing(name: string): Strategy {
  throw new Error(`no strategy named ${name}`);
}
