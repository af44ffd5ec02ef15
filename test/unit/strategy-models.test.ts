/**
 * Model-based tests (fast-check `fc.commands`) of the pure cores of `hybrid` (offer matching),
 * `stateless` (what a finished task makes ready) and `canary-2017` (the proof-of-concept's DAG
 * bookkeeping). The canary's model has two sides: a model of the code as built, which the real
 * code must match step for step, and the invariant a correct orchestrator keeps, which the real
 * code must be caught breaking — with the shortest sequence that shows it: one OK, twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIRAVATA_CHAIN, type JobSpec, type Priority, type TaskKind } from '../../simulator/scenario/model.js';
import { createExperiment, type Experiment, firstNode, onOkResponse } from '../../strategies/canary-2017/dag.js';
import {
  type MatchingState,
  match,
  newMatchingState,
  recordOffer,
  requestPlacement,
  setOnline,
} from '../../strategies/hybrid/matching.js';
import { readySuccessors, rootTasks, statusAfter, unknownJoinInputs } from '../../strategies/stateless/flow.js';
import { jobArbitrary } from '../helpers/jobs.js';
import { checkProperty, propertySeed } from '../helpers/property.js';

const FILE = 'test/unit/strategy-models.test.ts';
const NODES = ['n1', 'n2', 'n3'];

describe('hybrid offer matching against its model (fc.commands)', () => {
  interface Model {
    offers: Map<string, { capabilities: readonly TaskKind[]; free: number; online: boolean }>;
    /** Pending requests by `job/task`: the latest request wins. */
    pending: Map<string, { kind: TaskKind; priority: Priority }>;
  }
  type Real = { state: MatchingState };

  const agree = (model: Model, real: Real) => {
    expect(new Set(real.state.pending.map((request) => `${request.job}/${request.task}`))).toEqual(
      new Set(model.pending.keys()),
    );
    expect(real.state.pending).toHaveLength(model.pending.size);
    for (const [node, offer] of model.offers)
      expect(real.state.offers[node]).toMatchObject({ free: offer.free, online: offer.online });
  };

  class Offer implements fc.Command<Model, Real> {
    constructor(
      readonly node: string,
      readonly capabilities: readonly TaskKind[],
      readonly free: number,
    ) {}
    check = () => true;
    run(model: Model, real: Real) {
      recordOffer(real.state, this.node, this.capabilities, this.free);
      model.offers.set(this.node, { capabilities: this.capabilities, free: this.free, online: true });
      agree(model, real);
    }
    toString = () => `offer(${this.node}, ${this.capabilities.length} kinds, ${this.free} free)`;
  }

  class Online implements fc.Command<Model, Real> {
    constructor(
      readonly node: string,
      readonly online: boolean,
    ) {}
    check = () => true;
    run(model: Model, real: Real) {
      setOnline(real.state, this.node, this.online);
      const offer = model.offers.get(this.node);
      if (offer) offer.online = this.online;
      agree(model, real);
    }
    toString = () => `online(${this.node}, ${this.online})`;
  }

  class Request implements fc.Command<Model, Real> {
    constructor(
      readonly job: string,
      readonly kind: TaskKind,
      readonly priority: Priority,
    ) {}
    check = () => true;
    run(model: Model, real: Real) {
      requestPlacement(real.state, {
        job: this.job,
        task: this.kind,
        kind: this.kind,
        priority: this.priority,
        attempt: 1,
        orchestrator: `orchestrator-${this.job}`,
      });
      model.pending.set(`${this.job}/${this.kind}`, { kind: this.kind, priority: this.priority });
      agree(model, real);
    }
    toString = () => `request(${this.job}/${this.kind}, ${this.priority})`;
  }

  class Match implements fc.Command<Model, Real> {
    check = () => true;
    run(model: Model, real: Real) {
      const placements = match(real.state);
      const placedOn = new Map<string, number>();
      for (const { request, node } of placements) {
        // Only onto an online offer with the capability, never more than it had free.
        const offer = model.offers.get(node);
        expect(offer?.online, `${node} online`).toBe(true);
        expect(offer?.capabilities).toContain(request.kind);
        placedOn.set(node, (placedOn.get(node) ?? 0) + 1);
        expect(
          model.pending.delete(`${request.job}/${request.task}`),
          `${request.job}/${request.task} was pending`,
        ).toBe(true);
      }
      for (const [node, count] of placedOn) {
        const offer = model.offers.get(node) as { free: number };
        expect(count).toBeLessThanOrEqual(offer.free);
        offer.free -= count;
      }
      // Nothing left pending that an online offer with a free slot could have taken.
      for (const [key, request] of model.pending) {
        const fits = [...model.offers.values()].some(
          (offer) => offer.online && offer.free > 0 && offer.capabilities.includes(request.kind),
        );
        expect(fits, `${key} left pending though an offer fits`).toBe(false);
      }
      agree(model, real);
    }
    toString = () => 'match()';
  }

  it('places only what fits, never overbooks an offer, and leaves nothing placeable pending', async () => {
    const kinds = fc.constantFrom(...AIRAVATA_CHAIN);
    const commands = fc.commands(
      [
        fc
          .tuple(fc.constantFrom(...NODES), fc.subarray([...AIRAVATA_CHAIN], { minLength: 1 }), fc.nat({ max: 3 }))
          .map(([node, capabilities, free]) => new Offer(node, capabilities, free)),
        fc.tuple(fc.constantFrom(...NODES), fc.boolean()).map(([node, online]) => new Online(node, online)),
        fc
          .tuple(fc.constantFrom('j1', 'j2', 'j3', 'j4'), kinds, fc.constantFrom<Priority[]>('NORMAL', 'URGENT'))
          .map(([job, kind, priority]) => new Request(job, kind, priority)),
        fc.constant(new Match()),
      ],
      { maxCommands: 50 },
    );
    await checkProperty(
      fc.property(commands, (sequence) =>
        fc.modelRun(
          () => ({ model: { offers: new Map(), pending: new Map() }, real: { state: newMatchingState(NODES) } }),
          sequence,
        ),
      ),
      { file: FILE, title: 'hybrid matching model', seed: propertySeed(301), numRuns: 300 },
    );
  });
});

describe('stateless flow against a model of DAG execution (fc.commands)', () => {
  interface Model {
    readonly job: JobSpec;
    readonly done: Set<string>;
    /** Tasks started so far (published to their stage queue). */
    readonly started: Set<string>;
    readonly running: string[];
  }

  /** Finishes a running task with the message's context missing some done tasks; looks up what it must. */
  class Finish implements fc.Command<Model, Model> {
    constructor(
      readonly pick: number,
      readonly forgetMask: number,
    ) {}
    check = (model: Readonly<Model>) => model.running.length > 0;
    run(model: Model) {
      const [finished] = model.running.splice(this.pick % model.running.length, 1) as [string];
      model.done.add(finished);
      // The message carries a possibly stale context; the store lookup supplies the rest.
      const known = new Set(
        [...model.done].filter((task, index) => task === finished || ((this.forgetMask >> index) & 1) === 0),
      );
      const unknown = unknownJoinInputs(model.job, finished, known);
      for (const task of unknown) expect(known.has(task)).toBe(false);
      const successorInputs = model.job.tasks
        .filter((task) => task.after.includes(finished))
        .flatMap((task) => task.after);
      for (const input of successorInputs)
        expect(known.has(input) || unknown.includes(input), `${input} known or looked up`).toBe(true);
      const afterLookup = new Set([...known, ...unknown.filter((task) => model.done.has(task))]);
      const ready = readySuccessors(model.job, finished, afterLookup);
      expect(ready.map((task) => task.id)).toEqual(
        readySuccessors(model.job, finished, model.done).map((task) => task.id),
      );
      for (const task of ready) {
        // Each task starts once, after everything it depends on.
        expect(model.started.has(task.id), `${task.id} started twice`).toBe(false);
        for (const before of task.after) expect(model.done.has(before)).toBe(true);
        model.started.add(task.id);
        model.running.push(task.id);
      }
      expect(statusAfter(model.job, model.done)).toBe(
        model.job.tasks.every((task) => model.done.has(task.id)) ? 'COMPLETED' : 'RUNNING',
      );
    }
    toString = () => `finish(${this.pick}, forget ${this.forgetMask.toString(2)})`;
  }

  it('starts every task of any DAG exactly once, after its predecessors, whatever the finishing order and however stale the context', async () => {
    const commands = fc.commands(
      [fc.tuple(fc.nat(), fc.nat({ max: 63 })).map(([pick, mask]) => new Finish(pick, mask))],
      { maxCommands: 12 },
    );
    await checkProperty(
      fc.property(jobArbitrary('j1'), commands, (job, sequence) => {
        const roots = rootTasks(job).map((task) => task.id);
        const model: Model = { job, done: new Set(), started: new Set(roots), running: [...roots] };
        fc.modelRun(() => ({ model, real: model }), sequence);
        // Drain what is left: the job completes with every task run.
        while (model.running.length > 0) new Finish(0, 0).run(model);
        expect(model.started).toEqual(new Set(job.tasks.map((task) => task.id)));
        expect(statusAfter(job, model.done)).toBe('COMPLETED');
      }),
      { file: FILE, title: 'stateless flow model', seed: propertySeed(302), numRuns: 300 },
    );
  });
});

describe('canary-2017 DAG bookkeeping (fc.commands): the model of the code as built, and the bug it has', () => {
  const chain: JobSpec = {
    id: 'j1',
    type: 'experiment',
    priority: 'NORMAL',
    site: 'site1',
    tasks: AIRAVATA_CHAIN.map((kind, index) => ({
      id: kind,
      kind,
      after: index === 0 ? [] : [AIRAVATA_CHAIN[index - 1] as string],
    })),
  };

  interface Model {
    /** As built: how many nodes of the chain are marked executed (a prefix of the order). */
    marked: number;
    /** What a correct orchestrator would track: tasks an OK has come back for. */
    readonly answered: Set<string>;
    /** Tasks published to a stage queue: the ones a worker may answer. */
    readonly published: string[];
  }
  type Real = { experiment: Experiment };

  /** An OK arrives for a published task — the one just published, or a duplicate of an earlier one. */
  class Ok implements fc.Command<Model, Real> {
    constructor(
      readonly pick: number,
      readonly invariant: 'as-built' | 'correct',
    ) {}
    check = (model: Readonly<Model>) => model.published.length > 0 && model.marked < chain.tasks.length;
    run(model: Model, real: Real) {
      const task = model.published[this.pick % model.published.length] as string;
      const next = onOkResponse(real.experiment, task);
      model.marked += 1;
      model.answered.add(task);
      // The model of the code as built: the OK marks the next node, whichever task it answers.
      expect(real.experiment.executed).toEqual(real.experiment.order.slice(0, model.marked));
      expect(next).toBe(real.experiment.order[model.marked]);
      expect(real.experiment.state).toBe(model.marked === chain.tasks.length ? 'COMPLETED' : 'RUNNING');
      if (next !== undefined) model.published.push(next);
      // What a correct orchestrator keeps: a node is executed only once its own OK came back.
      if (this.invariant === 'correct')
        for (const executed of real.experiment.executed)
          expect(model.answered.has(executed), `${executed} marked executed without its OK`).toBe(true);
    }
    toString = () => `ok(${this.pick})`;
  }

  const run = (invariant: 'as-built' | 'correct') =>
    fc.property(
      fc.commands([fc.nat({ max: 4 }).map((pick) => new Ok(pick, invariant))], { maxCommands: 8 }),
      (sequence) => {
        const experiment = createExperiment(chain);
        const model: Model = { marked: 0, answered: new Set(), published: [firstNode(experiment) as string] };
        fc.modelRun(() => ({ model, real: { experiment } }), sequence);
      },
    );

  it('matches the model of the code as built, OK by OK, duplicates included', async () => {
    await checkProperty(run('as-built'), {
      file: FILE,
      title: 'canary dag as built',
      seed: propertySeed(303),
      numRuns: 300,
    });
  });

  it('breaks the invariant of a correct orchestrator, and the shortest proof is one OK delivered twice', async () => {
    const details = await checkProperty(run('correct'), {
      file: FILE,
      title: 'canary dag bug',
      seed: propertySeed(304),
      numRuns: 300,
      expect: 'fail',
    });
    const [sequence] = details.counterexample ?? [];
    // ENV_SETUP's OK twice: the second marks INPUT_DATA_STAGING executed, which never ran.
    expect(String(sequence)).toMatch(/^ok\(0\),ok\(0\)(\s|$)/);
  });
});
