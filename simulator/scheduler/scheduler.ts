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
 * Messages travel through the world, not through Temporal signals: a signal only says "wake
 * up at t". See ARCHITECTURE.md, "Time model".
 */
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
import type { World } from '../world/world.js';

export interface ComponentRegistration {
  readonly id: ComponentId;
  readonly workflowId: string;
  readonly node: string;
  /** Time of the component's first event (its start). */
  readonly startAtMs: number;
}

interface ComponentState {
  readonly id: ComponentId;
  readonly workflowId: string;
  readonly node: string;
  readonly order: number;
  finished: boolean;
  parked: boolean;
  /** When the component's workflow will next wake by itself (its timer); null: only a doorbell wakes it. */
  declaredWakeMs: number | null;
  localNextMs: number | null;
  sendCount: number;
  steps: number;
  readonly inbox: Envelope[];
  readonly system: SystemEvent[];
  lastDue?: { step: number; response: DueResponse };
  lastCommit?: { step: number; response: CommitResponse };
  callCache: Map<number, unknown>;
  callCacheStep: number;
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
  private holder: ComponentState | null = null;
  private nowMs = 0;
  private messageSeq = 0;
  private orderCounter = 0;
  private ended = false;
  /** Total steps granted; the runner's watchdog reads it. */
  steps = 0;

  /**
   * @param ownerId the driver: when it finishes, the run is over; only it may record on behalf
   *   of another process (`nemesis`).
   */
  constructor(
    private readonly world: World,
    private readonly ownerId: ComponentId,
    private readonly workflowIdFor: (componentId: ComponentId) => string,
  ) {}

  get finished(): boolean {
    return this.ended;
  }

  register(registration: ComponentRegistration): void {
    if (this.components.has(registration.id)) throw new Error(`scheduler: component ${registration.id} registered twice`);
    const system: SystemEvent[] = [];
    for (const interval of this.world.timeline.downIntervals(registration.node)) {
      if (interval.toMs <= registration.startAtMs) continue;
      system.push({ kind: 'crash', atMs: Math.max(interval.fromMs, registration.startAtMs), faultId: interval.faultId });
      system.push({ kind: 'restart', atMs: interval.toMs, faultId: interval.faultId });
    }
    this.components.set(registration.id, {
      id: registration.id,
      workflowId: registration.workflowId,
      node: registration.node,
      order: this.orderCounter++,
      finished: false,
      parked: false,
      declaredWakeMs: registration.startAtMs,
      localNextMs: registration.startAtMs,
      sendCount: 0,
      steps: 0,
      inbox: [],
      system,
      callCache: new Map(),
      callCacheStep: -1,
    });
  }

  nodeOf(componentId: ComponentId): string {
    return this.get(componentId).node;
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

  due(request: DueRequest): DueResponse {
    const component = this.get(request.componentId);
    if (component.lastDue?.step === request.step) return component.lastDue.response;
    const response = this.grantOrPark(component);
    if (response.kind === 'granted') component.lastDue = { step: request.step, response };
    return response;
  }

  call(request: CallRequest): unknown {
    const component = this.get(request.componentId);
    this.assertHolder(component, 'call');
    if (component.callCacheStep !== request.step) {
      component.callCache.clear();
      component.callCacheStep = request.step;
    }
    if (component.callCache.has(request.index)) return component.callCache.get(request.index);
    const result = this.world.handle(request.call, { component: component.id, node: component.node }, this.nowMs);
    component.callCache.set(request.index, result);
    return result;
  }

  commit(request: CommitRequest): CommitResponse {
    const component = this.get(request.componentId);
    if (component.lastCommit?.step === request.step) return component.lastCommit.response;
    this.assertHolder(component, 'commit');
    if (request.nowMs !== this.nowMs) throw new Error(`scheduler: ${component.id} committed at ${request.nowMs}, granted at ${this.nowMs}`);

    for (const draft of request.records) {
      if (draft.process !== undefined && component.id !== this.ownerId) {
        throw new Error(`scheduler: ${component.id} recorded on behalf of ${draft.process}; only ${this.ownerId} may`);
      }
      this.world.record(component.id, this.nowMs, draft);
    }
    const touched = new Set<ComponentState>();
    for (const message of request.sends) {
      const receiver = this.deliver(component, message.to, message.body);
      if (receiver) touched.add(receiver);
    }
    const spawned = request.spawns.map((spawn) => this.spawn(spawn));

    component.localNextMs = request.localNextMs;
    component.finished = request.finished;
    component.steps++;
    this.holder = null;
    if (request.finished && component.id === this.ownerId) this.ended = true;

    const doorbells: Doorbell[] = [];
    for (const receiver of touched) {
      if (receiver === component || receiver.parked || receiver.finished) continue;
      const nextMs = this.nextEventMs(receiver);
      if (receiver.declaredWakeMs === null || nextMs < receiver.declaredWakeMs) {
        receiver.declaredWakeMs = nextMs;
        doorbells.push({ workflowId: receiver.workflowId, atMs: nextMs });
      }
    }
    const wakeAtMs = component.finished ? null : finiteOrNull(this.nextEventMs(component));
    component.declaredWakeMs = wakeAtMs;
    const next = this.ended ? undefined : this.earliest();
    if (next?.parked) {
      next.parked = false;
      next.declaredWakeMs = this.nextEventMs(next);
      doorbells.push({ workflowId: next.workflowId, atMs: next.declaredWakeMs });
    }
    const response: CommitResponse = { wakeAtMs, doorbells, spawned };
    component.lastCommit = { step: request.step, response };
    return response;
  }

  private grantOrPark(component: ComponentState): DueResponse {
    if (this.ended || component.finished) return { kind: 'stop' };
    const next = this.earliest();
    if (this.holder !== null || next !== component) {
      component.parked = true;
      component.declaredWakeMs = null;
      return { kind: 'parked' };
    }
    const nowMs = this.nextEventMs(component);
    if (!Number.isFinite(nowMs)) {
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
    const system = takeWhile(component.system, (event) => event.atMs === nowMs);
    const arrived = takeWhile(component.inbox, (message) => message.deliverAtMs === nowMs);
    const receiverDown = this.world.isNodeDown(component.node, nowMs);
    const messages = receiverDown ? [] : arrived;
    if (receiverDown) this.world.messages.droppedReceiverDown += arrived.length;
    this.world.messages.delivered += messages.length;
    if (component.localNextMs !== null && component.localNextMs <= nowMs) component.localNextMs = null;
    return { kind: 'granted', nowMs, system, messages };
  }

  private deliver(sender: ComponentState, to: ComponentId, body: unknown): ComponentState | undefined {
    const receiver = this.get(to);
    this.world.messages.sent++;
    const sequence = sender.sendCount++;
    const fate = this.world.network.send(sender.node, receiver.node, this.nowMs, ['message', sender.id, sequence]);
    if (!fate.delivered) {
      this.world.messages.droppedUnreachable++;
      return undefined;
    }
    if (receiver.finished) return undefined;
    const envelope: Envelope = { from: sender.id, to, sentAtMs: this.nowMs, deliverAtMs: fate.deliverAtMs, seq: this.messageSeq++, body };
    insertSorted(receiver.inbox, envelope);
    return receiver;
  }

  private spawn(request: SpawnRequest): { componentId: ComponentId; workflowId: string } {
    const workflowId = this.workflowIdFor(request.componentId);
    this.register({ id: request.componentId, workflowId, node: request.node, startAtMs: this.nowMs + 1 });
    return { componentId: request.componentId, workflowId };
  }

  /** The active component with the earliest next event (ties: registration order). */
  private earliest(): ComponentState | undefined {
    let best: ComponentState | undefined;
    let bestMs = Number.POSITIVE_INFINITY;
    for (const component of this.components.values()) {
      if (component.finished) continue;
      const nextMs = this.nextEventMs(component);
      if (nextMs < bestMs || (nextMs === bestMs && best !== undefined && component.order < best.order)) {
        best = component;
        bestMs = nextMs;
      }
    }
    return best;
  }

  private nextEventMs(component: ComponentState): number {
    return Math.min(
      component.localNextMs ?? Number.POSITIVE_INFINITY,
      component.inbox[0]?.deliverAtMs ?? Number.POSITIVE_INFINITY,
      component.system[0]?.atMs ?? Number.POSITIVE_INFINITY,
    );
  }

  private get(componentId: ComponentId): ComponentState {
    const component = this.components.get(componentId);
    if (!component) throw new Error(`scheduler: unknown component ${componentId}`);
    return component;
  }

  private assertHolder(component: ComponentState, action: string): void {
    if (this.holder !== component) {
      throw new Error(`scheduler: ${component.id} tried to ${action} without the baton (holder: ${this.holder?.id ?? 'none'})`);
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

function insertSorted(inbox: Envelope[], envelope: Envelope): void {
  let low = 0;
  let high = inbox.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = inbox[middle] as Envelope;
    if (other.deliverAtMs < envelope.deliverAtMs || (other.deliverAtMs === envelope.deliverAtMs && other.seq < envelope.seq)) low = middle + 1;
    else high = middle;
  }
  inbox.splice(low, 0, envelope);
}
