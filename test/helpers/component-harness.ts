/**
 * A deterministic harness that runs a {@link ComponentDefinition} directly, without Temporal,
 * the scheduler or the world: the unit-test stand-in for a runtime. Every event it hands the
 * component is a step of `simulator/kernel/step.ts` — the very module both runtimes run steps
 * with — so a component behaves here exactly as in a run.
 *
 * It holds the component's memory (state and local timers) and a current simulated time, and
 * records everything the component sends, records, spawns. Time only moves forward, and only
 * when the test says so:
 *
 * ```ts
 * const h = harness(brokerComponent, brokerConfig, { self: 'broker', node: 'broker' });
 * await h.start(0);
 * await h.deliver('c1', { type: 'broker.subscribe', queue: 'q' }, 10);
 * await h.advanceTo(60_010); // a step at each timer due by then, at its own time
 * expect(h.takeSent()).toEqual([{ to: 'c1', body: { ... }, atMs: 10 }]);
 * ```
 *
 * As the scheduler would, it wakes the component for a step at each of its timers' times; a
 * message, a crash or a restart is a step at its instant, in which (as in every step) system
 * events come before timers due then, and timers before messages. What it does not model: the
 * network (a send is recorded, never delivered: deliver replies yourself), clock-skew faults (a
 * fixed `clockSkewMs` option instead) and crash-cut steps (a world call that crashes the node).
 */
import type { HistoryDraft } from '../../simulator/scenario/history.js';
import type { ComponentContext, ComponentDefinition, Timer } from '../../simulator/kernel/component.js';
import type { ComponentId, Envelope } from '../../simulator/kernel/protocol.js';
import {
  type ComponentIdentity,
  emptyEffects,
  fireDueTimers,
  type GrantedStep,
  initialMemory,
  localNextMs,
  runStep,
  startIfNeeded,
  type StepEffects,
  stepContext,
  type WorldCaller,
} from '../../simulator/kernel/step.js';
import type { WorldCall } from '../../simulator/kernel/calls.js';

/** A message the component sent, stamped with the simulated time of the handler that sent it. */
export interface SentMessage {
  readonly to: ComponentId;
  readonly body: unknown;
  readonly atMs: number;
}

/** A history draft the component recorded, with the time it recorded it. */
export interface RecordedDraft {
  readonly draft: HistoryDraft;
  readonly atMs: number;
}

/** A child component the component asked to spawn. */
export interface SpawnedComponent {
  readonly componentId: ComponentId;
  readonly workflowType: string;
  readonly node: string;
  readonly input: unknown;
  /** The spawn's options (`durable`…), when given. */
  readonly options?: unknown;
  readonly atMs: number;
}

/** Answers the component's `ctx.world` calls (and `ctx.crashPoint`, which is a `crash.point` call). */
export type WorldCallback = (
  call: WorldCall,
  at: { readonly nowMs: number; readonly self: ComponentId; readonly node: string },
) => unknown;

export interface HarnessOptions {
  /** The component's id (`ctx.self`). */
  readonly self: ComponentId;
  /** The component's node (`ctx.node`). */
  readonly node: string;
  /** How far the node's clock is off: `ctx.localClockMs` is `nowMs + clockSkewMs` (default 0). */
  readonly clockSkewMs?: number;
  /**
   * Answers world calls. Without it, `ctx.world` throws (a component under test that reaches the
   * data plane unexpectedly fails loudly) and `ctx.crashPoint` is a no-op that never crashes.
   */
  readonly world?: WorldCallback;
  /** Simulated time the harness starts at (default 0). */
  readonly startAtMs?: number;
}

export interface ComponentHarness<State> {
  /** The component's live state: handlers mutate it in place; a crash may replace it. */
  readonly state: State;
  /** The simulated time of the last event handled (or the start time). */
  readonly nowMs: number;
  /** Pending local timers, in firing order (`atMs`, then `seq`). */
  readonly timers: readonly Timer[];
  /** Everything sent so far (since the last {@link takeSent}), in send order. */
  readonly sent: readonly SentMessage[];
  /** Everything recorded so far, in order. */
  readonly records: readonly RecordedDraft[];
  /** Every spawn requested so far, in order. */
  readonly spawns: readonly SpawnedComponent[];
  /** Names of the crash points passed, in order. */
  readonly crashPoints: readonly string[];
  /** Whether the host node is down (between {@link crash} and {@link restart}). */
  readonly down: boolean;
  /** Whether the component called `ctx.stop()`; any further event throws. */
  readonly stopped: boolean;
  /** Whether `onStart` has run. */
  readonly started: boolean;

  /** Runs `onStart` at `atMs` (default: the current time). Throws if already started. */
  start(atMs?: number): Promise<void>;
  /**
   * Delivers a message from `from` at `atMs` (default: now): first fires the timers due by then,
   * then calls `onMessage` with an {@link Envelope}, then fires timers set for that instant.
   * Returns false if the node is down (the message is dropped, as the kernel drops it).
   */
  deliver(from: ComponentId, body: unknown, atMs?: number): Promise<boolean>;
  /**
   * Fires every timer due at or before `atMs` in (`atMs`, `seq`) order, each at its own time, then sets the time to
   * `atMs`.
   */
  advanceTo(atMs: number): Promise<void>;
  /** Fires timers due before `atMs`, then crashes the host node at `atMs`. Throws if already down. */
  crash(atMs?: number): Promise<void>;
  /** Brings the host node back at `atMs`: `onRestart`, then any timer now due. Throws if not down. */
  restart(atMs?: number): Promise<void>;
  /**
   * Runs `action` as a step of the component at `atMs` (default: now), with a context as a
   * handler gets one; timers it sets for that instant fire after it. Handy to drive helper
   * functions (a client library) that take `(state, ctx)`. Throws if the node is down.
   */
  act<T>(action: (state: State, ctx: ComponentContext) => T | Promise<T>, atMs?: number): Promise<T>;
  /** Returns the messages sent since the last call and forgets them. */
  takeSent(): SentMessage[];
  /** The pending timer named `name`, if any. */
  timer(name: string): Timer | undefined;
}

/**
 * Wraps `definition` with `input` in a {@link ComponentHarness}: state from `definition.init`,
 * no timers, time at `options.startAtMs` (default 0), not started.
 */
export function harness<State, Input>(
  definition: ComponentDefinition<State, Input>,
  input: Input,
  options: HarnessOptions,
): ComponentHarness<State> {
  const identity: ComponentIdentity<Input> = { componentId: options.self, node: options.node, input };
  const memory = initialMemory(definition, identity);
  let messageSeq = 0;
  let nowMs = options.startAtMs ?? 0;
  let stopped = false;
  let sent: SentMessage[] = [];
  const records: RecordedDraft[] = [];
  const spawns: SpawnedComponent[] = [];
  const crashPoints: string[] = [];

  const checkTime = (atMs: number): void => {
    if (!Number.isFinite(atMs)) throw new Error(`harness: time must be a finite number, got ${atMs}`);
    if (atMs < nowMs) throw new Error(`harness: time cannot go backwards (now ${nowMs}, asked for ${atMs})`);
  };

  const callWorld =
    (atMs: number): WorldCaller =>
    async (call) => {
      if (call.op === 'crash.point') crashPoints.push(call.name);
      if (!options.world) {
        if (call.op === 'crash.point') return { kind: 'result', result: undefined };
        throw new Error(
          `harness: ${options.self} called the world (${call.op}) but the harness has no \`world\` option`,
        );
      }
      return {
        kind: 'result',
        result: await options.world(call, { nowMs: atMs, self: options.self, node: options.node }),
      };
    };

  /** Keeps what a step did, stamped with its time. */
  const keep = (effects: StepEffects, atMs: number): void => {
    for (const message of effects.sends) sent.push({ to: message.to, body: message.body, atMs });
    for (const draft of effects.records) records.push({ draft, atMs });
    for (const spawn of effects.spawns) {
      const { durable, ...rest } = spawn;
      spawns.push({ ...rest, ...(durable ? { options: { durable } } : {}), atMs });
    }
    if (effects.finished) stopped = true;
  };

  /** One step at `atMs` with these system events and messages, as the scheduler would grant it. */
  const step = async (
    atMs: number,
    system: GrantedStep['system'] = [],
    messages: GrantedStep['messages'] = [],
  ): Promise<void> => {
    checkTime(atMs);
    nowMs = atMs;
    const { effects } = await runStep(
      definition,
      memory,
      identity,
      { kind: 'granted', nowMs: atMs, system, messages, clockSkewMs: options.clockSkewMs ?? 0 },
      callWorld(atMs),
    );
    keep(effects, atMs);
  };

  /** Steps at each timer due before `atMs` (or at it too, when `inclusive`), at its own time. */
  const fireTimersUntil = async (atMs: number, inclusive: boolean): Promise<void> => {
    checkTime(atMs);
    for (let guard = 0; guard < 100_000; guard++) {
      // A down node's timers wait for its restart; a stopped component's never fire.
      if (memory.down || stopped) return;
      const next = localNextMs(memory);
      if (next === null || next > atMs || (!inclusive && next === atMs)) return;
      await step(Math.max(next, nowMs));
    }
    throw new Error('harness: a timer handler keeps setting timers for now (100000 in a row)');
  };

  const ensureRunning = (what: string): void => {
    if (stopped) throw new Error(`harness: ${options.self} has stopped; cannot ${what}`);
  };

  const api: ComponentHarness<State> = {
    get state() {
      return memory.state;
    },
    get nowMs() {
      return nowMs;
    },
    get timers() {
      return memory.timers.values().sort((left, right) => left.atMs - right.atMs || left.seq - right.seq);
    },
    get sent() {
      return sent;
    },
    get records() {
      return records;
    },
    get spawns() {
      return spawns;
    },
    get crashPoints() {
      return crashPoints;
    },
    get down() {
      return memory.down;
    },
    get stopped() {
      return stopped;
    },
    get started() {
      return memory.started;
    },

    async start(atMs = nowMs) {
      ensureRunning('start');
      if (memory.started) throw new Error(`harness: ${options.self} has already started`);
      await step(atMs);
    },

    async deliver(from, body, atMs = nowMs) {
      ensureRunning('receive a message');
      await fireTimersUntil(atMs, false);
      if (memory.down) {
        nowMs = atMs;
        return false;
      }
      ensureRunning('receive a message');
      const envelope: Envelope = { from, to: options.self, sentAtMs: atMs, deliverAtMs: atMs, seq: messageSeq++, body };
      await step(atMs, [], [envelope]);
      return true;
    },

    async advanceTo(atMs) {
      ensureRunning('advance');
      if (!memory.started) await step(Math.max(nowMs, Math.min(atMs, localNextMs(memory) ?? atMs)));
      await fireTimersUntil(atMs, true);
      checkTime(atMs);
      nowMs = atMs;
    },

    async crash(atMs = nowMs) {
      ensureRunning('crash');
      if (memory.down) throw new Error(`harness: ${options.self} is already down`);
      // At one instant, the crash comes before the timers due then.
      await fireTimersUntil(atMs, false);
      await step(atMs, [{ kind: 'crash', atMs, faultId: 'harness' }]);
    },

    async restart(atMs = nowMs) {
      ensureRunning('restart');
      if (!memory.down) throw new Error(`harness: ${options.self} is not down`);
      await step(atMs, [{ kind: 'restart', atMs, faultId: 'harness' }]);
    },

    async act(action, atMs = nowMs) {
      ensureRunning('act');
      await fireTimersUntil(atMs, false);
      if (memory.down) throw new Error(`harness: ${options.self} is down`);
      checkTime(atMs);
      nowMs = atMs;
      const effects = emptyEffects();
      const context = stepContext(memory, identity, atMs, options.clockSkewMs ?? 0, effects, callWorld(atMs));
      await startIfNeeded(definition, memory, identity, context);
      await fireDueTimers(definition, memory, context, input, atMs);
      ensureRunning('act');
      const result = await action(memory.state, context);
      await fireDueTimers(definition, memory, context, input, atMs);
      keep(effects, atMs);
      return result;
    },

    takeSent() {
      const taken = sent;
      sent = [];
      return taken;
    },

    timer(name) {
      return memory.timers.get(name);
    },
  };
  return api;
}
