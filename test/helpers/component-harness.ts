/**
 * A deterministic harness that runs a {@link ComponentDefinition} directly, without Temporal,
 * the scheduler or the world: the unit-test stand-in for the kernel (`simulator/kernel/run-component.ts`).
 *
 * It holds the component's state and local timers and a current simulated time, hands the
 * handlers a fake {@link ComponentContext}, and records everything the component sends, records,
 * spawns. Time only moves forward, and only when the test says so:
 *
 * ```ts
 * const h = harness(brokerComponent, brokerConfig, { self: 'broker', node: 'broker' });
 * await h.start(0);
 * await h.deliver('c1', { type: 'broker.subscribe', queue: 'q' }, 10);
 * await h.advanceTo(60_010); // fires every timer due by then, each at its own time
 * expect(h.takeSent()).toEqual([{ to: 'c1', body: { ... }, atMs: 10 }]);
 * ```
 *
 * It follows the kernel's rules where they matter to a component:
 * - `onStart` runs once, before the component's first event (an explicit {@link ComponentHarness.start}
 *   or whatever event comes first);
 * - at one instant, a crash or restart comes before timers, and timers before messages; timers
 *   fire in (`atMs`, `seq`) order, and a timer set for "now" while handling an event fires in
 *   the same instant, after it;
 * - setting a timer replaces the one of the same name; a timer is never set in the past (it is
 *   clamped to now, as the kernel does);
 * - a crash applies `onCrash` (default: `init` again and every timer dropped; `keepTimers`
 *   honoured); while down, messages are dropped and timers wait; `onRestart` runs on restart,
 *   then any kept timer that fell due while down fires at the restart time.
 *
 * What it does not model: the network (a send is recorded, never delivered: deliver replies
 * yourself), clock-skew faults (a fixed `clockSkewMs` option instead) and crash-cut steps
 * (a world call that crashes the node).
 */
import type { HistoryDraft } from '../../simulator/history.js';
import type { ComponentContext, ComponentDefinition, Timer } from '../../simulator/kernel/component.js';
import type { ComponentId, Envelope } from '../../simulator/kernel/protocol.js';
import type { WorldCall, WorldCallResults } from '../../simulator/world/calls.js';

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
export type WorldCallback = (call: WorldCall, at: { readonly nowMs: number; readonly self: ComponentId; readonly node: string }) => unknown;

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
  /** Fires every timer due at or before `atMs` in (`atMs`, `seq`) order, each at its own time, then sets the time to `atMs`. */
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
export function harness<State, Input>(definition: ComponentDefinition<State, Input>, input: Input, options: HarnessOptions): ComponentHarness<State> {
  const self = { componentId: options.self, node: options.node };
  let state = definition.init(input, self);
  let timers: Timer[] = [];
  let timerSeq = 0;
  let messageSeq = 0;
  let nowMs = options.startAtMs ?? 0;
  let started = false;
  let down = false;
  let stopped = false;
  let sent: SentMessage[] = [];
  const records: RecordedDraft[] = [];
  const spawns: SpawnedComponent[] = [];
  const crashPoints: string[] = [];

  const checkTime = (atMs: number): void => {
    if (!Number.isFinite(atMs)) throw new Error(`harness: time must be a finite number, got ${atMs}`);
    if (atMs < nowMs) throw new Error(`harness: time cannot go backwards (now ${nowMs}, asked for ${atMs})`);
  };

  const moveTo = (atMs: number): void => {
    checkTime(atMs);
    nowMs = atMs;
  };

  const context = (): ComponentContext => {
    const at = nowMs;
    const callWorld = async <C extends WorldCall>(call: C): Promise<WorldCallResults[C['op']]> => {
      if (!options.world) throw new Error(`harness: ${options.self} called the world (${call.op}) but the harness has no \`world\` option`);
      return (await options.world(call, { nowMs: at, self: options.self, node: options.node })) as WorldCallResults[C['op']];
    };
    return {
      nowMs: at,
      localClockMs: at + (options.clockSkewMs ?? 0),
      self: options.self,
      node: options.node,
      send: (to, body) => {
        sent.push({ to, body, atMs: at });
      },
      record: (draft) => {
        records.push({ draft, atMs: at });
      },
      setTimer: (name, atMs, data) => {
        timers = timers.filter((timer) => timer.name !== name);
        timers.push({ name, atMs: Math.max(atMs, at), data, seq: timerSeq++ });
      },
      cancelTimer: (name) => {
        timers = timers.filter((timer) => timer.name !== name);
      },
      hasTimer: (name) => timers.some((timer) => timer.name === name),
      world: callWorld,
      crashPoint: async (name) => {
        crashPoints.push(name);
        if (options.world) await callWorld({ op: 'crash.point', name });
      },
      spawn: (componentId, workflowType, node, spawnInput, spawnOptions?: unknown) => {
        spawns.push({ componentId, workflowType, node, input: spawnInput, ...(spawnOptions === undefined ? {} : { options: spawnOptions }), atMs: at });
      },
      stop: () => {
        stopped = true;
      },
    };
  };

  const ensureRunning = (what: string): void => {
    if (stopped) throw new Error(`harness: ${options.self} has stopped; cannot ${what}`);
  };

  /** The kernel runs `onStart` before the component's first event. */
  const ensureStarted = async (): Promise<void> => {
    if (started) return;
    started = true;
    await definition.onStart?.(state, context(), input);
  };

  const nextDue = (limitMs: number, inclusive: boolean): Timer | undefined => {
    let next: Timer | undefined;
    for (const timer of timers) {
      if (inclusive ? timer.atMs > limitMs : timer.atMs >= limitMs) continue;
      if (!next || timer.atMs < next.atMs || (timer.atMs === next.atMs && timer.seq < next.seq)) next = timer;
    }
    return next;
  };

  /** Fires due timers (up to `limitMs`), each at its own time (or now, if it fell due while the node was down). */
  const fireTimers = async (limitMs: number, inclusive: boolean): Promise<void> => {
    for (let guard = 0; guard < 100_000; guard++) {
      // A down node's timers wait for its restart; a stopped component's never fire.
      if (down || stopped) return;
      const next = nextDue(limitMs, inclusive);
      if (!next) return;
      moveTo(Math.max(next.atMs, nowMs));
      timers = timers.filter((timer) => timer !== next);
      await definition.onTimer?.(state, next, context(), input);
    }
    throw new Error('harness: a timer handler keeps setting timers for now (100000 in a row)');
  };

  /**
   * Brings the component to `atMs`: starts it there if it has not started, fires the timers due
   * before `atMs` (or at it too, when `inclusive`) each at its own time, then sets the time.
   */
  const arrive = async (atMs: number, inclusive: boolean): Promise<void> => {
    checkTime(atMs);
    if (!started) {
      moveTo(atMs);
      await ensureStarted();
    }
    await fireTimers(atMs, inclusive);
    moveTo(atMs);
  };

  const api: ComponentHarness<State> = {
    get state() {
      return state;
    },
    get nowMs() {
      return nowMs;
    },
    get timers() {
      return [...timers].sort((left, right) => left.atMs - right.atMs || left.seq - right.seq);
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
      return down;
    },
    get stopped() {
      return stopped;
    },
    get started() {
      return started;
    },

    async start(atMs = nowMs) {
      ensureRunning('start');
      if (started) throw new Error(`harness: ${options.self} has already started`);
      await arrive(atMs, true);
    },

    async deliver(from, body, atMs = nowMs) {
      ensureRunning('receive a message');
      await arrive(atMs, true);
      if (down) return false;
      ensureRunning('receive a message');
      const envelope: Envelope = { from, to: options.self, sentAtMs: atMs, deliverAtMs: atMs, seq: messageSeq++, body };
      await definition.onMessage(state, envelope, context(), input);
      await fireTimers(atMs, true);
      return true;
    },

    async advanceTo(atMs) {
      ensureRunning('advance');
      await arrive(atMs, true);
    },

    async crash(atMs = nowMs) {
      ensureRunning('crash');
      if (down) throw new Error(`harness: ${options.self} is already down`);
      // At one instant, the crash comes before the timers due then.
      await arrive(atMs, false);
      const outcome = definition.onCrash?.(state, input) ?? { state: definition.init(input, self), keepTimers: false };
      state = outcome.state;
      if (!outcome.keepTimers) timers = [];
      down = true;
    },

    async restart(atMs = nowMs) {
      ensureRunning('restart');
      if (!down) throw new Error(`harness: ${options.self} is not down`);
      await arrive(atMs, false);
      down = false;
      await definition.onRestart?.(state, context(), input);
      await fireTimers(atMs, true);
    },

    async act(action, atMs = nowMs) {
      ensureRunning('act');
      await arrive(atMs, true);
      if (down) throw new Error(`harness: ${options.self} is down`);
      ensureRunning('act');
      const result = await action(state, context());
      await fireTimers(atMs, true);
      return result;
    },

    takeSent() {
      const taken = sent;
      sent = [];
      return taken;
    },

    timer(name) {
      return timers.find((candidate) => candidate.name === name);
    },
  };
  return api;
}
