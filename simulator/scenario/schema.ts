/**
 * The scenario language: one YAML or JSON file that fixes everything a run depends on. Parsed
 * and validated with zod; every default lives here, in one place. `docs/scenarios.md` is
 * generated from this schema (`npm run docs:scenarios`) and a test checks it is current.
 */
import { z } from 'zod';
import {
  durationDistribution,
  identifier,
  nonNegativeDuration,
  nonNegativeInt,
  positiveDuration,
  positiveInt,
} from './fields.js';

const zoneName = identifier.describe('Name of a zone defined in topology.zones.');

const stageDurations = z
  .strictObject({
    ENV_SETUP: durationDistribution.prefault('30s').describe('Creating the scratch directory on the target.'),
    INPUT_DATA_STAGING: durationDistribution.prefault('2m').describe('Third-party transfer of the inputs.'),
    JOB_SUBMISSION: durationDistribution.prefault('10s').describe('Submitting the job to the compute site (a side effect at the site).'),
    MONITORING: durationDistribution.prefault('20m').describe('Watching the submitted job until it ends.'),
    OUTPUT_DATA_STAGING: durationDistribution.prefault('2m').describe('Fetching the outputs back.'),
  })
  .describe('Run time of each task kind on a worker node, as a distribution.');

const arrival = z
  .union([
    z.strictObject({ every: positiveDuration.describe('Fixed gap between two arrivals.') }),
    z.strictObject({
      poisson: z.strictObject({ mean: positiveDuration.describe('Mean gap between two arrivals.') }),
    }),
  ])
  .describe('Arrival process: `{ every: 5m }` (fixed rate) or `{ poisson: { mean: 5m } }`.');

const workload = z
  .strictObject({
    jobs: positiveInt.describe('Number of jobs (experiments) the clients submit.'),
    arrival,
    start: nonNegativeDuration.default(0).describe('Time of the first arrival.'),
    requestTimeout: positiveDuration
      .prefault('30s')
      .describe('How long a client waits for an answer before it records the outcome as unknown (info).'),
    durations: stageDurations.prefault({}),
  })
  .describe('The jobs: how many, when they arrive, how long their tasks run. Each job runs the Airavata chain.');

const node = z.strictObject({
  id: identifier.describe('Unique node name.'),
  zone: zoneName,
  slots: positiveInt.default(1).describe('Tasks the node can run at once.'),
});

const site = z.strictObject({
  id: identifier.describe('Unique site name.'),
  kind: z.enum(['CLOUD', 'HPC', 'VM'], { error: 'expected one of CLOUD, HPC, VM' }).describe('Kind of compute resource.'),
  zone: zoneName.optional().describe('Zone the site is reached from (default: the first zone).'),
});

const topology = z
  .strictObject({
    zones: z.array(identifier).min(1, { error: 'expected at least one zone' }).describe('Names of the zones (failure domains).'),
    control: z
      .strictObject({ zone: zoneName })
      .optional()
      .describe('Where the control plane (coordinator, scheduler) runs: a control node in this zone (default: the first zone).'),
    clients: z
      .array(z.strictObject({ zone: zoneName }))
      .min(1, { error: 'expected at least one client' })
      .optional()
      .describe('Client locations; jobs are shared round-robin between them (default: one client in the first zone).'),
    nodes: z.array(node).min(1, { error: 'expected at least one worker node' }).describe('Worker nodes.'),
    sites: z.array(site).min(1, { error: 'expected at least one compute site' }).describe('Compute sites (CLOUD, HPC or VM).'),
  })
  .describe('Zones, worker nodes, the control node, clients and compute sites.');

const network = z
  .strictObject({
    latency: z
      .strictObject({
        sameZone: durationDistribution.prefault('1ms').describe('One-way latency inside a zone.'),
        crossZone: durationDistribution.prefault('20ms').describe('One-way latency between zones.'),
      })
      .prefault({}),
  })
  .describe('The simulated network between components.');

const nodeTarget = z.strictObject({ node: identifier.describe('Id of a worker node (or `control`).') });

const crashFault = z.strictObject({
  kind: z.literal('crash'),
  target: nodeTarget,
  at: nonNegativeDuration.describe('When the node crashes (from the start of the run).'),
  duration: positiveDuration
    .optional()
    .describe('How long it stays down before it restarts with empty memory (default: until heal).'),
});

const fault = z
  .discriminatedUnion('kind', [crashFault], { error: 'expected a fault with kind: crash' })
  .describe('One scheduled fault.');

const bound = z
  .strictObject({ max: z.number().optional(), min: z.number().optional() })
  .refine((value) => value.max !== undefined || value.min !== undefined, { error: 'expected { max: n } or { min: n }' });

const targets = z
  .strictObject({
    lostJobs: bound.optional().describe('Jobs accepted but never completed.'),
    duplicateEffects: bound.optional().describe('Site side effects applied more than once for one task.'),
  })
  .describe('Check targets; a run that misses one exits 1.');

const phases = z
  .strictObject({
    converge: nonNegativeDuration.prefault('1h').describe('Budget after the fault phase for outstanding work to finish.'),
    finalReads: positiveDuration.prefault('1m').describe('Window at the end in which clients read the status of every job.'),
  })
  .describe('The phases after the fault phase (which lasts `duration`).');

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1, { error: 'expected a non-empty name' }).describe('Scenario name, shown in tables and reports.'),
    description: z.string().optional().describe('What the scenario exercises.'),
    seed: nonNegativeInt.default(1).describe('Seed of every random decision (overridden by --seed).'),
    duration: positiveDuration.describe('Length of the fault phase; every arrival and scheduled fault falls inside it.'),
    phases: phases.prefault({}),
    workload,
    topology,
    network: network.prefault({}),
    faults: z.array(fault).default([]).describe('Scheduled faults.'),
    targets: targets.prefault({}),
  })
  .describe('A faultline scenario.');

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Fault = z.output<typeof fault>;
export type Targets = z.output<typeof targets>;
