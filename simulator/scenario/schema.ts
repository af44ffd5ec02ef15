/**
 * The scenario language: one YAML or JSON file that fixes everything a run depends on. Parsed
 * and validated with zod; every default lives here, in one place. `docs/scenarios.md` is
 * generated from this schema (`npm run docs`) and a test checks it is current.
 */
import { z } from 'zod';
import { brokerProfiles } from './broker/profiles/index.js';
import { faultSchema, swarmSchema } from './faults/schema.js';
import { AIRAVATA_CHAIN } from './model.js';
import { arrivalProcesses, type BuiltInArrivalProcess } from './arrivals/index.js';
import {
  durationDistribution,
  identifier,
  nonNegativeDuration,
  nonNegativeInt,
  positiveDuration,
  positiveInt,
  probability,
} from './fields.js';
import { lateProcessKills, processKillsSchema } from './process-kills.js';

/** Items in a sentence: `a, b or c` (with `lastSeparator` ` or `), `a, b, or c` (`, or `). */
function listed(items: readonly string[], lastSeparator: string): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')}${lastSeparator}${items.at(-1) ?? ''}`;
}

/** Every broker profile's name, in registry order (`broker/profiles/index.ts`). */
const profileNames = brokerProfiles().map((profile) => profile.name) as [string, ...string[]];

const zoneName = identifier.describe('Name of a zone defined in topology.zones.');
const taskKind = z.enum(AIRAVATA_CHAIN, { error: `expected a task kind: ${AIRAVATA_CHAIN.join(', ')}` });

const stageDurations = z
  .strictObject({
    ENV_SETUP: durationDistribution.prefault('30s').describe('Creating the scratch directory on the target.'),
    INPUT_DATA_STAGING: durationDistribution.prefault('2m').describe('Third-party transfer of the inputs.'),
    JOB_SUBMISSION: durationDistribution
      .prefault('10s')
      .describe('Submitting the job to the compute site (a side effect at the site).'),
    MONITORING: durationDistribution
      .prefault('30s')
      .describe(
        'Interval between two polls of the site; a monitoring task ends at the first poll after its site job ends.',
      ),
    OUTPUT_DATA_STAGING: durationDistribution.prefault('2m').describe('Fetching the outputs back.'),
  })
  .describe('Run time of each task kind on a worker node, as a distribution.');

const failureRates = z
  .strictObject({
    retryable: probability.default(0).describe('Probability that an execution fails in a way a retry can fix.'),
    fatal: probability
      .default(0)
      .describe('Probability that an execution fails for good (e.g. a cross-protocol transfer).'),
  })
  .refine((rates) => rates.retryable + rates.fatal <= 1, { error: 'expected retryable + fatal <= 1' });

const failuresByKind = z
  .partialRecord(taskKind, failureRates)
  .describe('Failure probabilities per task kind, e.g. `{ JOB_SUBMISSION: { retryable: 0.1 } }`.');

const taskEntry = z.union([
  taskKind,
  z.strictObject({
    id: identifier.describe('Task id, unique within the job type.'),
    kind: taskKind.describe('What the task does (which nodes can run it, how long it takes).'),
    after: z.array(identifier).default([]).describe('Ids of tasks that must finish first.'),
  }),
]);

const jobType = z.strictObject({
  name: identifier.describe('Job type name (e.g. PHYSICS).'),
  weight: z.number().positive({ error: 'expected a weight > 0' }).default(1).describe('Relative share of the jobs.'),
  tasks: z
    .array(taskEntry)
    .min(1, { error: 'expected at least one task' })
    .default([...AIRAVATA_CHAIN])
    .describe(
      'The task DAG: a list of kinds is a chain in that order; `{ id, kind, after }` entries give any DAG (parallel branches).',
    ),
  runtime: durationDistribution
    .prefault({ lognormal: { median: '10m', sigma: 0.5 } })
    .describe('Run time of the job at the compute site, once it starts there.'),
  failures: failuresByKind.optional().describe('Overrides workload.failures for this type.'),
});

/** Every arrival process, in registry order (`arrivals/index.ts`): one object each, told apart by its one field. */
const arrivalModules = arrivalProcesses();

/** A parsed `workload.arrival` of any built-in process. */
export type ArrivalSpec = z.output<BuiltInArrivalProcess['schema']>;
/** `workload.arrival` of any built-in process, as written. */
export type ArrivalInput = z.input<BuiltInArrivalProcess['schema']>;

/** Typed as the union of the built-in processes' schemas; a process registered at run time (a test's) parses too. */
const arrival = z
  .union(arrivalModules.map((module) => module.schema) as unknown as [z.ZodType, ...z.ZodType[]], {
    error: `expected one arrival process: ${listed(
      arrivalModules.map((module) => module.shape),
      ' or ',
    )}`,
  })
  .describe(
    `Arrival process: ${listed(
      arrivalModules.map((module) => `\`${module.example}\``),
      ' or ',
    )}.`,
  ) as unknown as z.ZodType<ArrivalSpec, ArrivalInput>;

const workload = z
  .strictObject({
    jobs: positiveInt.optional().describe('Number of jobs; required unless the arrival file gives them.'),
    arrival,
    start: nonNegativeDuration.default(0).describe('Time of the first arrival.'),
    requestTimeout: positiveDuration
      .prefault('30s')
      .describe('How long a client waits for an answer before it records the outcome as unknown (info).'),
    statusReads: z
      .strictObject({ every: positiveDuration.describe('Gap between two reads of one job.') })
      .optional()
      .describe('Clients read the status of each job they submitted at this interval until they see it end.'),
    types: z
      .array(jobType)
      .min(1, { error: 'expected at least one job type' })
      .optional()
      .describe('Job types (default: one type running the Airavata chain).'),
    urgent: probability.default(0).describe('Fraction of jobs submitted with priority URGENT.'),
    delayed: z
      .strictObject({
        fraction: probability.describe('Share of the jobs given a scheduled start.'),
        by: durationDistribution.describe('How long after its arrival such a job may start.'),
      })
      .optional()
      .describe('Scheduled starts: this fraction of jobs may not start before arrival + `by`.'),
    durations: stageDurations.prefault({}),
    failures: failuresByKind.default({}),
  })
  .describe('The jobs: how many, of which types, when they arrive, how long their tasks run, how they fail.');

const node = z.strictObject({
  id: identifier.describe('Unique node name.'),
  zone: zoneName,
  slots: positiveInt.default(1).describe('Tasks the node can run at once.'),
  capabilities: z.array(taskKind).min(1).optional().describe('Task kinds the node can run (default: all).'),
  joinAt: positiveDuration
    .optional()
    .describe('The node joins the cluster at this time, inside the fault phase (absent before).'),
  leaveAt: positiveDuration
    .optional()
    .describe('The node leaves the cluster for good at this time, inside the fault phase.'),
});

const site = z.strictObject({
  id: identifier.describe('Unique site name.'),
  kind: z
    .enum(['CLOUD', 'HPC', 'VM'], { error: 'expected one of CLOUD, HPC, VM' })
    .describe('Kind of compute resource.'),
  zone: zoneName.optional().describe('Zone the site is reached from (default: the first zone).'),
  capacity: positiveInt.optional().describe('Jobs the site runs at once (default: HPC 8, CLOUD 1000, VM 2).'),
  queueWait: durationDistribution
    .optional()
    .describe('Wait in the site queue before a job may start (default: HPC exponential mean 5m, CLOUD 5s, VM 1s).'),
});

const broker = z
  .strictObject({
    zone: zoneName.optional().describe('Zone of the broker node (default: the control zone).'),
    zones: z
      .array(zoneName)
      .min(1)
      .optional()
      .describe(
        'One broker per zone instead (nodes broker-<zone>): a strategy uses the broker of its own zone, so each side of a zone split keeps a broker.',
      ),
    profile: z
      .enum(profileNames, { error: `expected one of ${profileNames.join(', ')}` })
      .default('at-least-once')
      .describe(
        `Delivery profile: ${listed(
          brokerProfiles().map((profile) => profile.summary),
          ', or ',
        )}.`,
      ),
    ackTimeout: positiveDuration
      .prefault('30m')
      .describe(
        'at-least-once: redeliver a message not acknowledged (or touched) within this time (RabbitMQ consumer timeout); log: session timeout.',
      ),
    prefetch: positiveInt
      .default(1)
      .describe(
        'Unacknowledged deliveries a consumer may hold per slot of its node, over all its queues (at-least-once; log: also per partition past the committed offset). Auto-ack consumers have no limit.',
      ),
    partitions: positiveInt.default(4).describe('log: partitions per topic.'),
    durable: z.boolean().default(true).describe('Queues survive a broker restart.'),
  })
  .describe('The message broker, for strategies that use one.');

const store = z
  .strictObject({
    replicas: z
      .array(z.strictObject({ id: identifier.describe('Replica name (its node is store-<id>).'), zone: zoneName }))
      .min(1, { error: 'expected at least one replica' })
      .describe('Replicas of the state store, each in a zone.'),
    replicationLag: durationDistribution
      .prefault('50ms')
      .describe('Delay before a write reaches a replica that did not take part in it.'),
  })
  .describe('The replicated state store.');

const topology = z
  .strictObject({
    zones: z
      .array(identifier)
      .min(1, { error: 'expected at least one zone' })
      .describe('Names of the zones (failure domains).'),
    control: z
      .strictObject({ zone: zoneName })
      .optional()
      .describe('Where the control node runs (default: the first zone).'),
    clients: z
      .array(z.strictObject({ zone: zoneName }))
      .min(1, { error: 'expected at least one client' })
      .optional()
      .describe('Client locations; jobs are shared round-robin between them (default: one client in the first zone).'),
    nodes: z.array(node).min(1, { error: 'expected at least one worker node' }).describe('Worker nodes.'),
    sites: z
      .array(site)
      .min(1, { error: 'expected at least one compute site' })
      .describe('Compute sites (CLOUD, HPC or VM).'),
    broker: broker.prefault({}),
    store: store
      .optional()
      .describe('The replicated state store (default: three replicas, one per zone, round-robin).'),
  })
  .describe('Zones, worker nodes, the control node, clients, compute sites, the broker and the store.');

const link = z.strictObject({
  between: z.tuple([zoneName, zoneName]).describe('The two zones (either order).'),
  latency: durationDistribution.describe('One-way latency on this link.'),
});

const network = z
  .strictObject({
    latency: z
      .strictObject({
        sameZone: durationDistribution.prefault('1ms').describe('One-way latency inside a zone.'),
        crossZone: durationDistribution
          .prefault('20ms')
          .describe('One-way latency between zones (unless a link says otherwise).'),
      })
      .prefault({})
      .describe('One-way message latencies.'),
    links: z.array(link).default([]).describe('Per-link latency overrides.'),
    loss: probability.default(0).describe('Baseline probability that a message is lost.'),
    duplicate: probability.default(0).describe('Baseline probability that a message arrives twice.'),
    reorder: probability.default(0).describe('Baseline probability that a message is held back and overtaken.'),
  })
  .describe('The simulated network between components.');

const bound = z
  .strictObject({
    max: z.number().optional().describe('The metric may not exceed this.'),
    min: z.number().optional().describe('The metric may not fall below this.'),
  })
  .refine((value) => value.max !== undefined || value.min !== undefined, { error: 'expected { max: n } or { min: n }' })
  .refine((value) => value.max === undefined || value.min === undefined || value.min <= value.max, {
    error: 'expected min <= max (a bound some value can meet)',
  });

const fractionBound = z
  .strictObject({
    max: probability.optional().describe('The fraction may not exceed this.'),
    min: probability.optional().describe('The fraction may not fall below this.'),
  })
  .refine((value) => value.max !== undefined || value.min !== undefined, {
    error: 'expected { min: 0.99 } or { max: f }',
  })
  .refine((value) => value.max === undefined || value.min === undefined || value.min <= value.max, {
    error: 'expected min <= max (a bound some value can meet)',
  });

const durationBound = z
  .strictObject({
    max: nonNegativeDuration.optional().describe('The time may not exceed this.'),
  })
  .refine((value) => value.max !== undefined, { error: 'expected { max: <duration> }, e.g. { max: 10m }' });

const targets = z
  .strictObject({
    lostJobs: bound
      .optional()
      .describe('Jobs accepted but neither completed nor declared failed by the end of the run.'),
    stuckJobs: bound
      .optional()
      .describe('Jobs accepted but neither completed nor declared failed when the convergence budget ended.'),
    duplicateEffects: bound.optional().describe('Site side effects applied more than once for one task.'),
    duplicateExecutions: bound.optional().describe('Successful executions of a task beyond the first.'),
    skippedSteps: bound.optional().describe('Tasks not yet run when their job was declared COMPLETED.'),
    outOfOrderSteps: bound.optional().describe('Task executions started before the tasks they depend on had finished.'),
    staleReads: bound
      .optional()
      .describe('Status reads that returned a state older than the truth when they were made.'),
    nonMonotonicReads: bound
      .optional()
      .describe('Status reads that went back to an earlier state than one the same client had already seen.'),
    finalReadDisagreements: bound
      .optional()
      .describe('Final-phase status reads that disagree with what really happened.'),
    divergentReplicas: bound.optional().describe('Store keys whose replicas still disagree at the end of the run.'),
    concurrentExecutions: bound.optional().describe('Tasks that ran on two nodes at the same instant (split brain).'),
    doubleAssignments: bound.optional().describe('Dispatches of a task to a node while another node still held it.'),
    availabilityOutsideFaults: fractionBound
      .optional()
      .describe(
        'Ok fraction of client operations (submits and status reads) in the fault phase outside every fault window.',
      ),
    availabilityDuringFaults: fractionBound
      .optional()
      .describe('Ok fraction of client operations inside fault windows.'),
    drainTime: durationBound
      .optional()
      .describe(
        "Longest time, over the faults, from a fault's end until the backlog is back to its level before the fault (never: a violation).",
      ),
  })
  .describe('Check targets; a run that misses one exits 1.');

const phases = z
  .strictObject({
    converge: nonNegativeDuration
      .prefault('1h')
      .describe('Budget after the fault phase (and the heal) for outstanding work to finish.'),
    finalReads: positiveDuration
      .prefault('1m')
      .describe('Window at the end in which clients read the status of every job.'),
    warmup: nonNegativeDuration
      .prefault('0s')
      .describe(
        'Steady-state metrics (job latency, queue wait, task delay, slot use) leave out the jobs submitted before this time, so that a run that starts empty can measure a steady state.',
      ),
  })
  .describe(
    'The phases after the fault phase (which lasts `duration`): heal, converge, final reads; and the warm-up that steady-state metrics leave out.',
  );

export const scenarioSchema = z
  .strictObject({
    extends: z
      .string()
      .optional()
      .describe('A base scenario file (relative to this one) whose fields this one overrides.'),
    name: z
      .string()
      .min(1, { error: 'expected a non-empty name' })
      .describe('Scenario name, shown in tables and reports.'),
    description: z.string().optional().describe('What the scenario exercises.'),
    seed: nonNegativeInt.default(1).describe('Seed of every random decision (overridden by --seed).'),
    duration: positiveDuration.describe(
      'Length of the fault phase; every scheduled fault falls inside it, and it ends with the heal.',
    ),
    phases: phases.prefault({}),
    workload,
    topology,
    network: network.prefault({}),
    faults: z.array(faultSchema).default([]).describe('Scheduled faults.'),
    swarm: swarmSchema.optional().describe('Faults drawn from the seed.'),
    processKills: processKillsSchema,
    targets: targets.default({}),
  })
  // A process kill's `at` must fall inside the run, which only the whole scenario knows (duration and phases).
  .superRefine((scenario, context) => {
    for (const late of lateProcessKills(scenario))
      context.addIssue({ code: 'custom', path: [...late.path], message: late.expected, input: late.found });
  })
  .describe('A faultline scenario.');

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Targets = z.output<typeof targets>;
export type FailureRates = z.output<typeof failureRates>;
export type ScenarioJobType = z.output<typeof jobType>;
