/**
 * The conservative scheduler: it makes a run deterministic on a real Temporal server.
 *
 * Components (Temporal workflows) sleep on workflow timers until their next event, so the
 * time-skipping server jumps straight to it. When one wakes it asks for the baton (`due`). The
 * scheduler grants it only to the component whose next event is globally earliest, ties broken
 * by registration order; the others are parked and rung (a doorbell signal) when their turn
 * comes. The holder runs its handlers, calls the world, and `commit`s its sends and records,
 * which the scheduler turns into inbox entries with delivery times. So every event of the run
 * is processed in one total order of (simulated time, component order, message sequence) that
 * depends only on the scenario and the seed, never on wall-clock jitter or worker concurrency.
 *
 * Messages travel through the world, not through Temporal signals: a signal only says "wake up
 * at t". A paused node's events wait until it resumes; a down node's messages are dropped; a
 * crash fires `crash` and `restart` system events at every component on the node. See
 * ARCHITECTURE.md, "Time model".
 */
import type { ResolvedFault } from '../scenario/faults/types.js';
import type {
  CallRequest,
  CommitRequest,
  CommitResponse,
  ComponentId,
  Doorbell,
  DueRequest,
  DueResponse,
  Envelope,
  SpawnRequest,
  SystemEvent,
} from '../kernel/protocol.js';
import type { CallOutcome } from '../kernel/calls.js';
import { WORLD_SENDER, type World } from '../world/world.js';

/** Sender of the bounces a refused message produces. */
export const NETWORK_SENDER = '$network';

export interface ComponentRegistration {
  readonly id: ComponentId;
  readonly workflowId: string;
  readonly node: string;
  /** Time of the component's first event (its start). */
  readonly startAtMs: number;
  /** State kept by Temporal: a host crash only holds its events for the failover time. */
  readonly durable?: { readonly failoverMs: number };
}

interface Hold {
  readonly fromMs: number;
  readonly toMs: number;
}

interface Pending extends Envelope {
  readonly replaceKey?: string;
}

interface ComponentState {
  readonly id: ComponentId;
  readonly workflowId: string;
  readonly node: string;
  readonly order: number;
  readonly durable?: { readonly failoverMs: number };
  /** Durable components: intervals in which their events wait (host down, before failover). */
  readonly holds: Hold[];
  finished: boolean;
  parked: boolean;
  /** When the component's workflow will next wake by itself (its timer); null: only a doorbell wakes it. */
  declaredWakeMs: number | null;
  localNextMs: number | null;
  sendCount: number;
  historyEvents: number;
  /** History events of the component's current workflow run, as it last reported them. */
  runHistoryEvents: number;
  largestCarryBytes: number;
  readonly inbox: Pending[];
  readonly system: SystemEvent[];
  /**
   * The answers given for each step not yet in Temporal's history for good, by step: a step a
   * crashed worker or a timed-out workflow task runs again asks the same questions and gets the
   * same answers, and its effects are applied once (see `StepAnswers`).
   */
  readonly answers: Map<number, StepAnswers>;
}

/**
 * What the scheduler answered in one step of a component. A retried request (same component,
 * step and call index: the idempotency key, derived deterministically by the kernel) is answered
 * from here without touching the world.
 */
interface StepAnswers {
  /** The grant (a park or a stop is not kept: asking again is harmless). */
  due?: DueResponse;
  readonly calls: Map<number, CallOutcome>;
  commit?: CommitResponse;
}

export interface SchedulerSnapshot {
  readonly nowMs: number;
  readonly steps: number;
  readonly holder: ComponentId | null;
  readonly next: { readonly component: ComponentId; readonly atMs: number } | null;
  readonly parked: readonly ComponentId[];
  readonly components: number;
}

export class Scheduler {
  private readonly components = new Map<ComponentId, ComponentState>();
  /** The components that have not finished, in registration order: the only ones that can have a next event. */
  private live: ComponentState[] = [];
  private holder: ComponentState | null = null;
  private nowMs = 0;
  private messageSeq = 0;
  private orderCounter = 0;
  private ended = false;
  /** Components whose inbox or system events changed during the current step. */
  private readonly touched = new Set<ComponentState>();
  /** Callbacks for world posts, run when the post is delivered. */
  private readonly onDelivered = new Map<number, () => void>();
  /** Total steps granted; the runner's watchdog reads it. */
  steps = 0;
  /** World calls answered (a call repeated by a retry is answered from the step's answers, not counted). */
  worldCalls = 0;
  /** Requests answered from a step's answers: retried by a replay after a crashed worker or a workflow task timeout. */
  repeatedRequests = 0;

  /**
   * @param ownerId the driver: when it finishes, the run is over; only it may record on behalf
   *   of another process (`nemesis`).
   */
  constructor(
    private readonly world: World,
    private readonly ownerId: ComponentId,
    private readonly workflowIdFor: (componentId: ComponentId) => string,
  ) {
    world.attach({
      post: (to, body, deliverAtMs, replaceKey, onDelivered) =>
        this.post(to, body, deliverAtMs, replaceKey, onDelivered),
      driverId: ownerId,
    });
    world.timeline.onAdd((fault) => this.faultAdded(fault));
  }

  get finished(): boolean {
    return this.ended;
  }

  /** Workflow ids of every component registered, for cleaning up after a run. */
  get workflowIds(): string[] {
    return [...this.components.values()].map((component) => component.workflowId);
  }

  /** Workflow id of each component, by component id, in registration order. */
  workflowIdsByComponent(): Record<ComponentId, string> {
    return Object.fromEntries([...this.components.values()].map((component) => [component.id, component.workflowId]));
  }

  register(registration: ComponentRegistration): void {
    if (this.components.has(registration.id))
      throw new Error(`scheduler: component ${registration.id} registered twice`);
    const node = this.world.config.nodes.find((candidate) => candidate.id === registration.node);
    const startAtMs = Math.max(registration.startAtMs, node?.joinAtMs ?? 0);
    const system: SystemEvent[] = [];
    const holds: Hold[] = [];
    for (const interval of this.world.timeline.downIntervals(registration.node)) {
      if (interval.toMs <= startAtMs) continue;
      const fromMs = Math.max(interval.fromMs, startAtMs);
      if (registration.durable) {
        holds.push({ fromMs, toMs: Math.min(interval.toMs, fromMs + registration.durable.failoverMs) });
        continue;
      }
      system.push({ kind: 'crash', atMs: fromMs, faultId: interval.faultId });
      if (Number.isFinite(interval.toMs))
        system.push({ kind: 'restart', atMs: interval.toMs, faultId: interval.faultId });
    }
    const state: ComponentState = {
      id: registration.id,
      workflowId: registration.workflowId,
      node: registration.node,
      order: this.orderCounter++,
      durable: registration.durable,
      holds,
      finished: false,
      parked: false,
      declaredWakeMs: startAtMs,
      localNextMs: startAtMs,
      sendCount: 0,
      historyEvents: 0,
      runHistoryEvents: 0,
      largestCarryBytes: 0,
      inbox: [],
      system,
      answers: new Map(),
    };
    this.components.set(registration.id, state);
    this.live.push(state);
  }

  /** Temporal history events reported by the components, in total (a cost measure; see ARCHITECTURE.md). */
  historyEvents(): number {
    let total = 0;
    for (const component of this.components.values()) total += component.historyEvents;
    return total;
  }

  /**
   * History events of the current workflow runs of the components still running, as they last reported them: what a
   * worker without their workflows in its cache replays to resume them all.
   */
  liveRunHistoryEvents(): number {
    let total = 0;
    for (const component of this.live) total += component.runHistoryEvents;
    return total;
  }

  /** The component that carried the most state to a continued run, or null when none continued. */
  largestCarry(): { readonly component: ComponentId; readonly bytes: number } | null {
    let largest: { component: ComponentId; bytes: number } | null = null;
    for (const component of this.components.values()) {
      if (component.largestCarryBytes > (largest?.bytes ?? 0))
        largest = { component: component.id, bytes: component.largestCarryBytes };
    }
    return largest;
  }

  snapshot(): SchedulerSnapshot {
    const next = this.earliest();
    return {
      nowMs: this.nowMs,
      steps: this.steps,
      holder: this.holder?.id ?? null,
      next: next ? { component: next.id, atMs: this.nextEventMs(next) } : null,
      parked: [...this.components.values()].filter((component) => component.parked).map((component) => component.id),
      components: [...this.components.values()].filter((component) => !component.finished).length,
    };
  }

  /**
   * The component whose turn it is — the one with the globally earliest next event — or null
   * when no component has one. The direct runtime steps it; on Temporal it is the one `due`
   * will grant.
   */
  nextInTurn(): ComponentId | null {
    return this.ended ? null : (this.earliest()?.id ?? null);
  }

  due(request: DueRequest): DueResponse {
    const component = this.get(request.componentId);
    const answered = component.answers.get(request.step)?.due;
    if (answered) return this.repeated(answered);
    const response = this.grantOrPark(component);
    if (response.kind === 'granted') answersOf(component, request.step).due = response;
    return response;
  }

  call(request: CallRequest): CallOutcome {
    const component = this.get(request.componentId);
    const answered = component.answers.get(request.step)?.calls.get(request.index);
    if (answered) return this.repeated(answered);
    this.assertHolder(component, 'call');
    this.worldCalls++;
    const answer = this.world.handle(request.call, { component: component.id, node: component.node }, this.nowMs);
    // A durable component's step is atomic (a Temporal workflow task): a crash cannot cut it in
    // two. It completes, and the component's next events wait for the failover.
    const outcome: CallOutcome =
      answer.crashedCaller && !component.durable ? { kind: 'crashed' } : { kind: 'result', result: answer.result };
    answersOf(component, request.step).calls.set(request.index, outcome);
    return outcome;
  }

  commit(request: CommitRequest): CommitResponse {
    const component = this.get(request.componentId);
    const answered = component.answers.get(request.step)?.commit;
    if (answered) return this.repeated(answered);
    this.assertHolder(component, 'commit');
    if (request.nowMs !== this.nowMs)
      throw new Error(`scheduler: ${component.id} committed at ${request.nowMs}, granted at ${this.nowMs}`);

    for (const draft of request.records) {
      if (draft.process !== undefined && component.id !== this.ownerId) {
        throw new Error(`scheduler: ${component.id} recorded on behalf of ${draft.process}; only ${this.ownerId} may`);
      }
      this.world.record(component.id, this.nowMs, draft);
    }
    for (const message of request.sends) this.send(component, message.to, message.body);
    const spawned = request.spawns.map((spawn) => this.spawn(spawn));

    component.localNextMs = request.localNextMs;
    component.finished = request.finished;
    if (component.finished) this.live = this.live.filter((candidate) => candidate !== component);
    component.historyEvents = request.historyEvents;
    component.runHistoryEvents = request.runHistoryEvents ?? 0;
    component.largestCarryBytes = request.largestCarryBytes;
    this.holder = null;
    if (request.finished && component.id === this.ownerId) this.ended = true;

    const doorbells = this.doorbells(component);
    const wakeAtMs = component.finished ? null : finiteOrNull(this.nextEventMs(component));
    component.declaredWakeMs = wakeAtMs;
    const response: CommitResponse = { wakeAtMs, doorbells, spawned };
    answersOf(component, request.step).commit = response;
    forgetDurableSteps(component, request.durableBefore ?? request.step);
    return response;
  }

  private repeated<T>(answer: T): T {
    this.repeatedRequests++;
    return answer;
  }

  /** Whom the committer must ring: sleepers now due earlier than they planned, and the next in turn if parked. */
  private doorbells(committer: ComponentState): Doorbell[] {
    const doorbells: Doorbell[] = [];
    for (const receiver of this.touched) {
      if (receiver === committer || receiver.parked || receiver.finished) continue;
      const nextMs = this.nextEventMs(receiver);
      if (Number.isFinite(nextMs) && (receiver.declaredWakeMs === null || nextMs < receiver.declaredWakeMs)) {
        receiver.declaredWakeMs = nextMs;
        doorbells.push({ workflowId: receiver.workflowId, atMs: nextMs });
      }
    }
    this.touched.clear();
    const next = this.ended ? undefined : this.earliest();
    if (next?.parked && next !== committer) {
      next.parked = false;
      next.declaredWakeMs = this.nextEventMs(next);
      doorbells.push({ workflowId: next.workflowId, atMs: next.declaredWakeMs });
    }
    return doorbells;
  }

  private grantOrPark(component: ComponentState): DueResponse {
    if (this.ended || component.finished) return { kind: 'stop' };
    const next = this.earliest();
    const nowMs = this.nextEventMs(component);
    if (this.holder !== null || next !== component || !Number.isFinite(nowMs)) {
      component.parked = true;
      component.declaredWakeMs = null;
      return { kind: 'parked' };
    }
    if (nowMs < this.nowMs) throw new Error(`scheduler: ${component.id} due at ${nowMs}, before now ${this.nowMs}`);
    this.nowMs = nowMs;
    this.world.advanceTo(nowMs);
    this.holder = component;
    component.parked = false;
    this.steps++;
    const system = takeWhile(component.system, (event) => event.atMs <= nowMs);
    const arrived = takeWhile(component.inbox, (message) => message.deliverAtMs <= nowMs);
    const receiverDown = !component.durable && this.world.isNodeDown(component.node, nowMs);
    const messages: Envelope[] = [];
    for (const message of arrived) {
      const callback = this.onDelivered.get(message.seq);
      this.onDelivered.delete(message.seq);
      if (receiverDown) {
        // Counted as in purgeUndeliverable: messages between components, not the world's notices.
        if (message.from !== WORLD_SENDER) this.world.messages.droppedReceiverDown++;
        continue;
      }
      if (message.from !== WORLD_SENDER) this.world.messages.delivered++;
      const { replaceKey: _replaceKey, ...envelope } = message;
      messages.push(envelope);
      callback?.();
    }
    if (component.localNextMs !== null && component.localNextMs <= nowMs) component.localNextMs = null;
    return {
      kind: 'granted',
      nowMs,
      system,
      messages,
      clockSkewMs: this.world.timeline.clockSkewMs(component.node, nowMs),
    };
  }

  private send(sender: ComponentState, to: ComponentId, body: unknown): void {
    const receiver = this.get(to);
    this.world.messages.sent++;
    const sequence = sender.sendCount++;
    const fate = this.world.network.send(
      sender.node,
      receiver.node,
      this.nowMs,
      ['message', sender.id, sequence],
      receiver.durable !== undefined,
    );
    if (fate.kind === 'lost') {
      this.world.messages.lost++;
      return;
    }
    if (fate.kind === 'refused') {
      this.world.messages.refused++;
      this.enqueue(sender, {
        from: NETWORK_SENDER,
        to: sender.id,
        sentAtMs: this.nowMs,
        deliverAtMs: fate.bounceAtMs,
        seq: this.messageSeq++,
        body: { type: 'undeliverable', to, body, reason: 'refused' },
      });
      return;
    }
    if (fate.arrivalsMs.length > 1) this.world.messages.duplicated++;
    if (receiver.finished) return;
    for (const deliverAtMs of fate.arrivalsMs) {
      this.enqueue(receiver, { from: sender.id, to, sentAtMs: this.nowMs, deliverAtMs, seq: this.messageSeq++, body });
    }
  }

  /**
   * A message from the world itself (a detector verdict, a fault notice); replaces an earlier post with the same key.
   */
  private post(
    to: ComponentId,
    body: unknown,
    deliverAtMs: number,
    replaceKey: string,
    onDelivered?: () => void,
  ): void {
    const receiver = this.get(to);
    const stale = receiver.inbox.findIndex((message) => message.replaceKey === replaceKey);
    if (stale >= 0) {
      const [removed] = receiver.inbox.splice(stale, 1);
      if (removed) this.onDelivered.delete(removed.seq);
    }
    if (!Number.isFinite(deliverAtMs) || receiver.finished) return;
    const seq = this.messageSeq++;
    if (onDelivered) this.onDelivered.set(seq, onDelivered);
    this.enqueue(receiver, { from: WORLD_SENDER, to, sentAtMs: this.nowMs, deliverAtMs, seq, body, replaceKey });
  }

  private enqueue(receiver: ComponentState, envelope: Pending): void {
    insertSorted(receiver.inbox, envelope);
    this.touched.add(receiver);
  }

  /** A crash fired during the run: every component on the crashed nodes gets crash and restart events. */
  private faultAdded(fault: ResolvedFault): void {
    if (!('nodes' in fault)) return;
    for (const component of this.components.values()) {
      if (component.finished || !fault.nodes.includes(component.node)) continue;
      if (component.durable) {
        component.holds.push({
          fromMs: fault.startMs,
          toMs: Math.min(fault.endMs, fault.startMs + component.durable.failoverMs),
        });
        this.touched.add(component);
        continue;
      }
      component.system.push(
        { kind: 'crash', atMs: fault.startMs, faultId: fault.id },
        { kind: 'restart', atMs: fault.endMs, faultId: fault.id },
      );
      component.system.sort((left, right) => left.atMs - right.atMs);
      this.touched.add(component);
    }
  }

  private spawn(request: SpawnRequest): { componentId: ComponentId; workflowId: string; existing: boolean } {
    const known = this.components.get(request.componentId);
    if (known) return { componentId: request.componentId, workflowId: known.workflowId, existing: true };
    const workflowId = this.workflowIdFor(request.componentId);
    this.register({
      id: request.componentId,
      workflowId,
      node: request.node,
      startAtMs: this.nowMs + 1,
      durable: request.durable,
    });
    return { componentId: request.componentId, workflowId, existing: false };
  }

  /** The active component with the earliest next event (ties: registration order). */
  private earliest(): ComponentState | undefined {
    let best: ComponentState | undefined;
    let bestMs = Number.POSITIVE_INFINITY;
    for (const component of this.live) {
      const nextMs = this.nextEventMs(component);
      if (nextMs < bestMs || (nextMs === bestMs && best !== undefined && component.order < best.order)) {
        best = component;
        bestMs = nextMs;
      }
    }
    return best;
  }

  /** Drops messages that will arrive while the component's node is down: nobody is there to take them. */
  private purgeUndeliverable(component: ComponentState): void {
    if (component.durable) return;
    for (let index = 0; index < component.inbox.length;) {
      const message = component.inbox[index] as Pending;
      if (this.world.isNodeDown(component.node, message.deliverAtMs)) {
        component.inbox.splice(index, 1);
        this.onDelivered.delete(message.seq);
        if (message.from !== WORLD_SENDER) this.world.messages.droppedReceiverDown++;
      } else {
        index++;
      }
    }
  }

  /** The component's next event; while its node is paused (or a durable one's host is down), events wait. */
  private nextEventMs(component: ComponentState): number {
    this.purgeUndeliverable(component);
    let atMs = Math.min(
      component.localNextMs ?? Number.POSITIVE_INFINITY,
      component.inbox[0]?.deliverAtMs ?? Number.POSITIVE_INFINITY,
      component.system[0]?.atMs ?? Number.POSITIVE_INFINITY,
    );
    if (!Number.isFinite(atMs)) return atMs;
    for (let moved = true; moved;) {
      moved = false;
      const resumeMs =
        this.world.timeline.pausedUntil(component.node, atMs) ??
        component.holds.find((hold) => hold.fromMs <= atMs && atMs < hold.toMs)?.toMs;
      if (resumeMs !== undefined && resumeMs > atMs) {
        atMs = resumeMs;
        moved = true;
      }
    }
    return atMs;
  }

  private get(componentId: ComponentId): ComponentState {
    const component = this.components.get(componentId);
    if (!component) throw new Error(`scheduler: unknown component ${componentId}`);
    return component;
  }

  private assertHolder(component: ComponentState, action: string): void {
    if (this.holder !== component) {
      throw new Error(
        `scheduler: ${component.id} tried to ${action} without the baton (holder: ${this.holder?.id ?? 'none'})`,
      );
    }
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Removes and returns the leading elements of a sorted array that satisfy `predicate`. */
function takeWhile<T>(items: T[], predicate: (item: T) => boolean): T[] {
  let count = 0;
  while (count < items.length && predicate(items[count] as T)) count++;
  return items.splice(0, count);
}

function insertSorted(inbox: Pending[], envelope: Pending): void {
  let low = 0;
  let high = inbox.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = inbox[middle] as Pending;
    if (
      other.deliverAtMs < envelope.deliverAtMs ||
      (other.deliverAtMs === envelope.deliverAtMs && other.seq < envelope.seq)
    )
      low = middle + 1;
    else high = middle;
  }
  inbox.splice(low, 0, envelope);
}

/** The answers of `component` at `step`, created empty on first use. */
function answersOf(component: ComponentState, step: number): StepAnswers {
  let answers = component.answers.get(step);
  if (!answers) {
    answers = { calls: new Map() };
    component.answers.set(step, answers);
  }
  return answers;
}

/** Forgets the answers of the steps before `step`: no replay can ask them again. Steps are kept in ascending order. */
function forgetDurableSteps(component: ComponentState, step: number): void {
  for (const kept of component.answers.keys()) {
    if (kept >= step) return;
    component.answers.delete(kept);
  }
}
