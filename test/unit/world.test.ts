import { describe, expect, it } from 'vitest';
import { nextDetectorTransition, type HeartbeatLinks } from '../../simulator/world/detector.js';
import { World } from '../../simulator/world/world.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const world = () =>
  new World(
    configFromYaml(scenarioYaml({ faults: 'faults:\n  - { kind: crash, target: n2, at: 30m, duration: 10m }' })),
  );
function call<Result = unknown>(
  subject: World,
  request: Parameters<World['handle']>[0],
  caller: { component: string; node: string },
  atMs: number,
): Result {
  return subject.handle(request, caller, atMs).result as Result;
}
const onN1 = { component: 'agent-n1', node: 'n1' };
const onN2 = { component: 'agent-n2', node: 'n2' };

describe('the world', () => {
  it('records each execution in the ledger, and a second JOB_SUBMISSION as a second job at the site', () => {
    const subject = world();
    const job = subject.jobSpec('job-1');
    const first = call(subject, { op: 'exec.start', node: 'n1', job, task: 'JOB_SUBMISSION', attempt: 1 }, onN1, 1_000);
    const second = call(
      subject,
      { op: 'exec.start', node: 'n2', job, task: 'JOB_SUBMISSION', attempt: 2 },
      onN2,
      5_000,
    );
    expect(first).toEqual({ started: true, execution: 0, durationMs: 10_000 });
    expect(second).toEqual({ started: true, execution: 1, durationMs: 10_000 });
    const effects = subject.ledger.filter((entry) => entry.kind === 'site-effect');
    expect(effects.map((entry) => [entry.timeMs, entry.node, entry.siteJob])).toEqual([
      [1_000, 'n1', 'hpc1#1'],
      [5_000, 'n2', 'hpc1#2'],
    ]);
    expect(
      call(
        subject,
        { op: 'exec.finish', node: 'n1', job: 'job-1', task: 'JOB_SUBMISSION', execution: 0 },
        onN1,
        11_000,
      ),
    ).toEqual({ outcome: 'ok', siteJob: 'hpc1#1' });
  });

  it('draws a task duration from the stream of (job, task, execution), whatever else happened before (seed=7)', () => {
    const yaml = scenarioYaml({
      workload:
        'workload:\n  jobs: 4\n  arrival: { every: 10m }\n  durations:\n    INPUT_DATA_STAGING: { exponential: { mean: 20m } }',
    });
    const a = new World(configFromYaml(yaml));
    const b = new World(configFromYaml(yaml));
    call(a, { op: 'exec.start', node: 'n1', job: a.jobSpec('job-2'), task: 'INPUT_DATA_STAGING', attempt: 1 }, onN1, 0);
    const fromA = call<{ durationMs: number }>(
      a,
      { op: 'exec.start', node: 'n1', job: a.jobSpec('job-1'), task: 'INPUT_DATA_STAGING', attempt: 1 },
      onN1,
      10,
    );
    const fromB = call<{ durationMs: number }>(
      b,
      { op: 'exec.start', node: 'n1', job: b.jobSpec('job-1'), task: 'INPUT_DATA_STAGING', attempt: 1 },
      onN1,
      99,
    );
    expect(fromA.durationMs).toBe(fromB.durationMs);
    const retry = call<{ durationMs: number }>(
      b,
      { op: 'exec.start', node: 'n1', job: b.jobSpec('job-1'), task: 'INPUT_DATA_STAGING', attempt: 2 },
      onN1,
      100,
    );
    expect(retry.durationMs).not.toBe(fromB.durationMs);
  });

  it('refuses a call made for another node than the caller’s', () => {
    const subject = world();
    expect(() =>
      call(
        subject,
        { op: 'exec.start', node: 'n2', job: subject.jobSpec('job-1'), task: 'ENV_SETUP', attempt: 1 },
        onN1,
        0,
      ),
    ).toThrow(/runs on n1/);
  });

  it('answers node liveness from the fault timeline, half-open at both ends', () => {
    const subject = world();
    expect(subject.isNodeDown('n2', 1_799_999)).toBe(false);
    expect(subject.isNodeDown('n2', 1_800_000)).toBe(true);
    expect(subject.isNodeDown('n2', 2_399_999)).toBe(true);
    expect(subject.isNodeDown('n2', 2_400_000)).toBe(false);
    expect(subject.isNodeDown('n1', 2_000_000)).toBe(false);
  });

  it('hands each client its jobs in arrival order, then nothing', () => {
    const subject = world();
    const first = call<{ next: unknown }>(
      subject,
      { op: 'workload.next', client: 'client-1', index: 0 },
      { component: 'client-1', node: 'client-1' },
      0,
    );
    const last = call<{ next: unknown }>(
      subject,
      { op: 'workload.next', client: 'client-1', index: 4 },
      { component: 'client-1', node: 'client-1' },
      0,
    );
    expect(first.next).toMatchObject({ index: 0, atMs: 0, job: { id: 'job-1', site: 'hpc1' } });
    expect(last.next).toBeNull();
  });
});

describe('the end of a run', () => {
  it('records what each store replica holds at the end, one store-final entry per key in key order, once', () => {
    const subject = world();
    const endMs = subject.config.phases.endMs;
    // z1 = n1, store-r1, store-r3; z2 = store-r2: a write reaches r2 20 ms after it is made.
    call(subject, { op: 'store.write', key: 'job/b', value: 1, consistency: 'quorum' }, onN1, 60_000);
    call(subject, { op: 'store.write', key: 'job/a', value: 1, consistency: 'quorum' }, onN1, 60_000);
    call(subject, { op: 'store.write', key: 'job/a', value: 2, consistency: 'quorum' }, onN1, endMs - 10);
    subject.finish();
    subject.finish();
    expect(subject.ledger).toEqual([
      { kind: 'store-final', timeMs: endMs, key: 'job/a', versions: { r1: 2, r2: 1, r3: 2 } },
      { kind: 'store-final', timeMs: endMs, key: 'job/b', versions: { r1: 1, r2: 1, r3: 1 } },
    ]);
  });

  it('records nothing when nothing was written', () => {
    const subject = world();
    subject.finish();
    expect(subject.ledger).toEqual([]);
  });
});

describe('the heartbeat failure detector', () => {
  /** Heartbeats every 5 s at phase 0, latency 2 ms, node down in [20 s, 60 s). */
  const links: HeartbeatLinks = {
    endMs: 120_000,
    isUp: (_node, atMs) => !(atMs >= 20_000 && atMs < 60_000),
    reachable: () => true,
    heartbeatLatencyMs: () => 2,
    heartbeatPhaseMs: () => 0,
  };
  const query = { observer: 'control', node: 'n2', periodMs: 5_000, timeoutMs: 12_000, sinceMs: 0 };

  it('suspects a node the timeout after the last heartbeat that arrived before it went down', () => {
    // Last heartbeat sent at 15 s arrives at 15.002 s; suspicion 12 s later.
    expect(nextDetectorTransition(links, { ...query, fromMs: 0, trusted: true })).toEqual({
      atMs: 27_002,
      verdict: 'suspect',
      heartbeats: 4,
    });
    // Re-planned later (a crash fired by a trigger), it counts what came before as heard.
    expect(nextDetectorTransition(links, { ...query, fromMs: 16_000, trusted: true })).toEqual({
      atMs: 27_002,
      verdict: 'suspect',
      heartbeats: 0,
    });
  });

  it('trusts it again at the first heartbeat after it is back', () => {
    expect(nextDetectorTransition(links, { ...query, fromMs: 27_002, trusted: false })).toEqual({
      atMs: 60_002,
      verdict: 'trust',
      heartbeats: 1,
    });
  });

  it('never suspects a node that keeps beating', () => {
    const healthy = { ...links, isUp: () => true };
    expect(nextDetectorTransition(healthy, { ...query, fromMs: 0, trusted: true })).toMatchObject({
      atMs: null,
      verdict: 'suspect',
    });
  });

  it('suspects across a cut link too (the node is alive: a false suspicion)', () => {
    const partitioned = {
      ...links,
      isUp: () => true,
      reachable: (_from: string, _to: string, atMs: number) => !(atMs >= 30_000 && atMs < 50_000),
    };
    expect(nextDetectorTransition(partitioned, { ...query, fromMs: 0, trusted: true })).toMatchObject({
      atMs: 37_002,
      verdict: 'suspect',
    });
  });
});
