import { describe, expect, it } from 'vitest';
import type { CommitRequest } from '../../simulator/kernel/protocol.js';
import { Scheduler } from '../../simulator/scheduler/scheduler.js';
import { World } from '../../simulator/world/world.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const commit = (
  componentId: string,
  step: number,
  nowMs: number,
  extra: Partial<CommitRequest> = {},
): CommitRequest => ({
  componentId,
  step,
  nowMs,
  sends: [],
  records: [],
  localNextMs: null,
  spawns: [],
  finished: false,
  historyEvents: 0,
  largestCarryBytes: 0,
  ...extra,
});

/** A driver, and components `a` on n1 (zone z1) and `b` on n2 (zone z2); latency 1 ms / 20 ms. */
function setup(faults = '') {
  const world = new World(configFromYaml(scenarioYaml(faults ? { faults } : {})));
  const scheduler = new Scheduler(world, 'driver', (id) => `wf.${id}`);
  scheduler.register({ id: 'driver', workflowId: 'wf.driver', node: 'harness', startAtMs: 0 });
  scheduler.register({ id: 'a', workflowId: 'wf.a', node: 'n1', startAtMs: 0 });
  scheduler.register({ id: 'b', workflowId: 'wf.b', node: 'n2', startAtMs: 0 });
  return { world, scheduler };
}

describe('the scheduler', () => {
  it('grants the baton in (time, registration order) and parks whoever asks out of turn', () => {
    const { scheduler } = setup();
    expect(scheduler.due({ componentId: 'b', step: 0 })).toEqual({ kind: 'parked' });
    expect(scheduler.due({ componentId: 'driver', step: 0 })).toMatchObject({ kind: 'granted', nowMs: 0 });
    expect(scheduler.due({ componentId: 'a', step: 0 })).toEqual({ kind: 'parked' });
    // The driver commits: the earliest is now `a`, parked, so the committer must ring it.
    const response = scheduler.commit(commit('driver', 0, 0, { localNextMs: 60_000 }));
    expect(response).toEqual({ wakeAtMs: 60_000, doorbells: [{ workflowId: 'wf.a', atMs: 0 }], spawned: [] });
    expect(scheduler.due({ componentId: 'a', step: 0 })).toMatchObject({ kind: 'granted', nowMs: 0 });
  });

  it('delivers a message after the network latency, and rings a receiver that sleeps past it', () => {
    const { scheduler } = setup();
    scheduler.due({ componentId: 'driver', step: 0 });
    scheduler.commit(commit('driver', 0, 0));
    scheduler.due({ componentId: 'a', step: 0 });
    scheduler.commit(commit('a', 0, 0, { localNextMs: 500_000 }));
    scheduler.due({ componentId: 'b', step: 0 });
    // b sleeps until 1 000 000; a's message to it arrives 20 ms after a sends it.
    scheduler.commit(commit('b', 0, 0, { localNextMs: 1_000_000 }));
    // a's timer fires at 500 000; it sends to b.
    expect(scheduler.due({ componentId: 'a', step: 1 })).toMatchObject({ kind: 'granted', nowMs: 500_000 });
    const response = scheduler.commit(commit('a', 1, 500_000, { sends: [{ to: 'b', body: { hello: 1 } }] }));
    expect(response.doorbells).toEqual([{ workflowId: 'wf.b', atMs: 500_020 }]);
    const granted = scheduler.due({ componentId: 'b', step: 1 });
    expect(granted).toEqual({
      kind: 'granted',
      nowMs: 500_020,
      system: [],
      messages: [{ from: 'a', to: 'b', sentAtMs: 500_000, deliverAtMs: 500_020, seq: 0, body: { hello: 1 } }],
      clockSkewMs: 0,
    });
  });

  it('injects crash and restart events; drops what arrives while the node is down; bounces what is sent to it while down', () => {
    const { world, scheduler } = setup('faults:\n  - { kind: crash, target: n2, at: 1s, duration: 1s }');
    scheduler.due({ componentId: 'driver', step: 0 });
    scheduler.commit(commit('driver', 0, 0));
    scheduler.due({ componentId: 'a', step: 0 });
    scheduler.commit(commit('a', 0, 0, { localNextMs: 990 }));
    scheduler.due({ componentId: 'b', step: 0 });
    scheduler.commit(commit('b', 0, 0));
    // a sends at 990 ms; it would arrive at 1010 ms, after b's node went down.
    expect(scheduler.due({ componentId: 'a', step: 1 })).toMatchObject({ kind: 'granted', nowMs: 990 });
    scheduler.commit(commit('a', 1, 990, { sends: [{ to: 'b', body: 'in flight' }], localNextMs: 1_500 }));
    expect(scheduler.due({ componentId: 'b', step: 1 })).toMatchObject({
      kind: 'granted',
      nowMs: 1_000,
      system: [{ kind: 'crash', atMs: 1_000 }],
    });
    scheduler.commit(commit('b', 1, 1_000));
    // The in-flight message is dropped: b's node is down when it arrives.
    expect(world.messages.droppedReceiverDown).toBe(1);
    expect(scheduler.due({ componentId: 'b', step: 2 })).toEqual({ kind: 'parked' });
    expect(scheduler.due({ componentId: 'a', step: 2 })).toMatchObject({ kind: 'granted', nowMs: 1_500 });
    // At 1.5 s b's node is down: the connection is refused and a hears so, one round trip later.
    scheduler.commit(commit('a', 2, 1_500, { sends: [{ to: 'b', body: 'refused' }] }));
    expect(world.messages.droppedReceiverDown).toBe(1);
    expect(world.messages.refused).toBe(1);
    expect(scheduler.due({ componentId: 'a', step: 3 })).toMatchObject({
      kind: 'granted',
      nowMs: 1_540,
      messages: [
        { from: '$network', to: 'a', body: { type: 'undeliverable', to: 'b', body: 'refused', reason: 'refused' } },
      ],
    });
    scheduler.commit(commit('a', 3, 1_540));
    expect(scheduler.due({ componentId: 'b', step: 2 })).toMatchObject({
      kind: 'granted',
      nowMs: 2_000,
      system: [{ kind: 'restart', atMs: 2_000 }],
      messages: [],
    });
  });

  it('answers a repeated request (a retried workflow task) with the same response', () => {
    const { scheduler } = setup();
    const first = scheduler.due({ componentId: 'driver', step: 0 });
    expect(scheduler.due({ componentId: 'driver', step: 0 })).toBe(first);
    const committed = scheduler.commit(commit('driver', 0, 0));
    expect(scheduler.commit(commit('driver', 0, 0))).toBe(committed);
  });

  it('answers the repeated steps of a replay after a killed worker as before, applying their effects once', () => {
    const { scheduler, world } = setup();
    const quietStep = (id: string) => {
      scheduler.due({ componentId: id, step: 0 });
      scheduler.commit(commit(id, 0, 0));
    };
    quietStep('driver');
    // `a` runs three steps in one workflow task (none of them in its Temporal history yet), a world call and a
    // record in each.
    const stepOf = (step: number) => {
      const due = scheduler.due({ componentId: 'a', step });
      const nowMs = due.kind === 'granted' ? due.nowMs : -1;
      const call = scheduler.call({
        componentId: 'a',
        step,
        index: 0,
        nowMs,
        call: { op: 'store.write', key: 'k', value: step, consistency: 'all' },
      });
      const committed = scheduler.commit(
        commit('a', step, nowMs, {
          localNextMs: nowMs + 100,
          records: [{ type: 'info', f: 'phase', value: { phase: 'faults' } }],
          durableBefore: 0,
        }),
      );
      return { due, call, committed };
    };
    const answered = [stepOf(0)];
    quietStep('b');
    answered.push(stepOf(1), stepOf(2));
    const recorded = world.history.length;
    const calls = scheduler.worldCalls;
    // The worker dies; the replay on the next one asks all three steps again.
    expect([0, 1, 2].map(stepOf)).toEqual(answered);
    expect(world.history.length).toBe(recorded);
    expect(scheduler.worldCalls).toBe(calls);
    expect(scheduler.repeatedRequests).toBe(9);
    // The run goes on: step 3 is a new question.
    expect(scheduler.due({ componentId: 'a', step: 3 })).toMatchObject({ kind: 'granted', nowMs: 300 });
  });

  it('forgets the answers of the steps before the workflow run that asks (they are in its history for good)', () => {
    const { scheduler } = setup();
    scheduler.due({ componentId: 'driver', step: 0 });
    scheduler.commit(commit('driver', 0, 0, { durableBefore: 0, localNextMs: 0 }));
    scheduler.due({ componentId: 'driver', step: 1 });
    scheduler.commit(commit('driver', 1, 0, { durableBefore: 1 }));
    // Step 0's answers are gone: asked again, it is a new question (and here, not the driver's turn).
    expect(() => scheduler.commit(commit('driver', 0, 0))).toThrow(/without the baton/);
  });

  it('refuses work from a component without the baton, and ends the run when the driver finishes', () => {
    const { scheduler } = setup();
    expect(() => scheduler.commit(commit('a', 0, 0))).toThrow(/without the baton/);
    scheduler.due({ componentId: 'driver', step: 0 });
    scheduler.commit(commit('driver', 0, 0, { finished: true }));
    expect(scheduler.finished).toBe(true);
    expect(scheduler.due({ componentId: 'a', step: 0 })).toEqual({ kind: 'stop' });
  });
});
