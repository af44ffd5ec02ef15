/**
 * `npm run bench:checkers`: feeds every registered checker a generated run of about 1,000,000
 * events (history entries + ledger entries) and reports the time `runCheckers` takes (median of
 * several repetitions) and the process's peak memory.
 *
 * The run is built to look like a real one, only longer: jobs running the five-stage Airavata
 * chain, each with a submit, dispatches, executions, a site submission, status reads and a
 * completion; some tasks run twice (zombies), some submits time out, crashes and partitions come
 * and go, and the phases are recorded. Generated with a fixed seed: the same input every time.
 *
 * Usage: npm run bench:checkers [-- --events N] [-- --runs N]
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { CHECKERS, runCheckers } from '../checkers/index.js';
import type { ResolvedConfig, ResolvedJob } from '../simulator/scenario/config.js';
import { type HistoryDraft, type HistoryEntry, type LedgerEntry, stampDraft } from '../simulator/scenario/history.js';
import { AIRAVATA_CHAIN, type TaskKind } from '../simulator/scenario/model.js';
import { type RandomStream, stream } from '../simulator/base/random.js';
import { parseScenarioText } from '../simulator/scenario/load.js';
import { resolveScenario } from '../simulator/scenario/resolve.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
});
const targetEvents = Number(values.events);
const runs = Number(values.runs);

const EVENTS_PER_JOB = 23; // on average, as generate() builds them
const jobs = Math.ceil(targetEvents / EVENTS_PER_JOB);
const ARRIVAL_EVERY_MS = 60_000;
const faultEndMs = jobs * ARRIVAL_EVERY_MS + 3_600_000;

const scenario = `
name: checker-benchmark
seed: 1
duration: ${Math.ceil(faultEndMs / 60_000)}m
workload:
  jobs: ${jobs}
  arrival: { every: 1m }
topology:
  zones: [z1, z2]
  clients: [{ zone: z1 }, { zone: z2 }]
  nodes:
${Array.from({ length: 16 }, (_, index) => `    - { id: n${index + 1}, zone: z${(index % 2) + 1}, slots: 4 }`).join('\n')}
  sites: [{ id: hpc1, kind: HPC }]
`;

/** Where a generated run goes, and what it draws on: the random stream, the worker nodes, the operation count. */
interface Generation {
  readonly random: RandomStream;
  readonly ledger: LedgerEntry[];
  readonly nodes: readonly string[];
  /** The number of the next client operation (`client:N`). */
  op: number;
  readonly record: (timeMs: number, process: string, draft: HistoryDraft) => void;
}

function generate(config: ResolvedConfig): { history: HistoryEntry[]; ledger: LedgerEntry[] } {
  const history: HistoryEntry[] = [];
  const generation: Generation = {
    random: stream(1, 'checker-benchmark'),
    ledger: [],
    nodes: config.nodes.filter((node) => node.role === 'worker').map((node) => node.id),
    op: 0,
    record: (timeMs, process, draft) => history.push(stampDraft(draft, history.length, timeMs, process)),
  };
  const { record } = generation;
  record(0, 'driver', { type: 'info', f: 'phase', value: { phase: 'faults' } });
  recordFaults(generation);
  config.workload.jobs.forEach((job, jobIndex) => generateJob(generation, job, jobIndex));
  record(faultEndMs, 'driver', { type: 'info', f: 'heal', process: 'nemesis' });
  record(faultEndMs, 'driver', { type: 'info', f: 'phase', value: { phase: 'converge' } });
  return inTimeOrder(history, generation.ledger);
}

/** A crash or a partition every 2 simulated hours, for 10 minutes. */
function recordFaults({ nodes, record }: Generation): void {
  for (let at = 3_600_000, index = 0; at < faultEndMs - 600_000; at += 7_200_000, index++) {
    const node = nodes[index % nodes.length] as string;
    const kind = index % 2 === 0 ? 'crash' : 'partition';
    const fault = { fault: `f${index}`, kind, nodes: [node] };
    record(at, 'driver', { type: 'info', f: 'start', process: 'nemesis', value: fault });
    record(at + 600_000, 'driver', { type: 'info', f: 'stop', process: 'nemesis', value: fault });
  }
}

/** One job: its submit (1% time out), its chain of tasks one after the other, its completion and two status reads. */
function generateJob(generation: Generation, job: ResolvedJob, jobIndex: number): void {
  const { random, record } = generation;
  const client = job.client;
  let now = job.arrivalMs;
  const submitOp = `${client}:${generation.op++}`;
  record(now, client, { type: 'invoke', f: 'submit', op: submitOp, value: { job: job.id } });
  const timedOut = random.chance(0.01);
  if (timedOut)
    record(now + 5, client, { type: 'info', f: 'submit', op: submitOp, value: { job: job.id, reason: 'timeout' } });
  else record(now + 5, client, { type: 'ok', f: 'submit', op: submitOp, value: { job: job.id } });
  for (const [taskIndex, kind] of AIRAVATA_CHAIN.entries())
    now = runTask(generation, job, jobIndex, taskIndex, kind, now);
  record(now + 50, 'coordinator', { type: 'info', f: 'job-complete', value: { job: job.id } });
  for (const [readIndex, state] of (['RUNNING', 'COMPLETED'] as const).entries()) {
    const readOp = `${client}:${generation.op++}`;
    const at = readIndex === 0 ? job.arrivalMs + 60_000 : now + 60_000;
    record(at, client, { type: 'invoke', f: 'status', op: readOp, value: { job: job.id } });
    record(at + 5, client, { type: 'ok', f: 'status', op: readOp, value: { job: job.id, state } });
  }
}

/**
 * One task of a job's chain from `now`: its dispatch and execution (and site submission), 2% of the time a zombie; the
 * time the next task starts from.
 */
function runTask(
  generation: Generation,
  job: ResolvedJob,
  jobIndex: number,
  taskIndex: number,
  kind: TaskKind,
  now: number,
): number {
  const { random, ledger, nodes, record } = generation;
  const node = nodes[(jobIndex + taskIndex) % nodes.length] as string;
  const durationMs = 1_000 + random.int(0, 60_000);
  record(now + 10, 'coordinator', {
    type: 'info',
    f: 'dispatch',
    value: { job: job.id, task: kind, node, attempt: 1 },
  });
  ledger.push({
    kind: 'exec-start',
    timeMs: now + 20,
    node,
    job: job.id,
    task: kind,
    taskKind: kind,
    attempt: 1,
    execution: 0,
    durationMs,
  });
  if (kind === 'JOB_SUBMISSION')
    ledger.push({
      kind: 'site-effect',
      timeMs: now + 20,
      site: 'hpc1',
      node,
      job: job.id,
      task: kind,
      attempt: 1,
      siteJob: `hpc1#${jobIndex}`,
      startsAtMs: now + 20,
      endsAtMs: now + 20 + durationMs,
    });
  ledger.push({
    kind: 'exec-end',
    timeMs: now + 20 + durationMs,
    node,
    job: job.id,
    task: kind,
    taskKind: kind,
    attempt: 1,
    execution: 0,
    outcome: 'ok',
  });
  if (random.chance(0.02)) runZombie(generation, job, (jobIndex + taskIndex + 1) % nodes.length, kind, now, durationMs);
  return now + 30 + durationMs;
}

/** A zombie: the task runs again on the next node (`nodeIndex`), a little later. */
function runZombie(
  { ledger, nodes, record }: Generation,
  job: ResolvedJob,
  nodeIndex: number,
  kind: TaskKind,
  now: number,
  durationMs: number,
): void {
  const other = nodes[nodeIndex] as string;
  record(now + 30, 'coordinator', {
    type: 'info',
    f: 'dispatch',
    value: { job: job.id, task: kind, node: other, attempt: 2 },
  });
  ledger.push({
    kind: 'exec-start',
    timeMs: now + 40,
    node: other,
    job: job.id,
    task: kind,
    taskKind: kind,
    attempt: 2,
    execution: 1,
    durationMs,
  });
  ledger.push({
    kind: 'exec-end',
    timeMs: now + 40 + durationMs,
    node: other,
    job: job.id,
    task: kind,
    taskKind: kind,
    attempt: 2,
    execution: 1,
    outcome: 'ok',
  });
}

/** Entries are generated per job; a real history is in time order (and indexed in it), and so is a ledger. */
function inTimeOrder(
  history: HistoryEntry[],
  ledger: LedgerEntry[],
): { history: HistoryEntry[]; ledger: LedgerEntry[] } {
  history.sort((a, b) => a.timeMs - b.timeMs || a.index - b.index);
  return {
    history: history.map((entry, index) => ({ ...entry, index })),
    ledger: ledger.sort((a, b) => a.timeMs - b.timeMs),
  };
}

const config = resolveScenario(parseScenarioText('bench/checker-benchmark.yaml', scenario), {
  file: 'bench/checker-benchmark.yaml',
});
const { history, ledger } = generate(config);
const events = history.length + ledger.length;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(
  `bench:checkers: ${countOf(jobs, 'job')}, ${history.length} history + ${ledger.length} ledger = ${countOf(events, 'event')}, ${countOf(runs, 'run')}\nmachine: ${machine}\n`,
);

const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const results = runCheckers({ config, history, ledger });
  times.push(performance.now() - started);
  if (run === 0)
    process.stdout.write(
      `  jobs completed ${results.work.jobsCompleted}, duplicate executions ${results.work.duplicateExecutions}\n`,
    );
  process.stdout.write(`  run ${run + 1}: ${(times[run]! / 1000).toFixed(2)} s\n`);
}
// Where the time goes: each checker alone, once.
const perChecker = Object.entries(CHECKERS).map(([name, checker]) => {
  const started = performance.now();
  checker.check({ config, history, ledger });
  return `${name} ${((performance.now() - started) / 1000).toFixed(2)} s`;
});
process.stdout.write(`  each checker alone: ${perChecker.join(', ')}\n`);
const peakMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `median ${(median(times) / 1000).toFixed(2)} s (min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)}); peak memory (max RSS, generation included) ${peakMiB.toFixed(0)} MiB\n`,
);
