/**
 * A component's local timers: at most one per name, ordered by (time, creation). A step asks
 * for the earliest and for those due by now; a handler sets, replaces and cancels them. A
 * client in the final-reads phase holds a request timeout for every job it reads — tens of
 * thousands at once on a long run — so each of those operations is O(log n): the timers are
 * kept in a map by name and in a min-heap by (time, creation), and a replaced or cancelled
 * timer stays in the heap until it reaches the top, where it is recognised (it is no longer
 * the map's) and dropped.
 */
import type { Timer } from './component.js';

const before = (left: Timer, right: Timer) =>
  left.atMs < right.atMs || (left.atMs === right.atMs && left.seq < right.seq);

export class TimerSet {
  private readonly byName = new Map<string, Timer>();
  private readonly heap: Timer[] = [];

  constructor(timers: Iterable<Timer> = []) {
    for (const timer of timers) this.add(timer);
  }

  get size(): number {
    return this.byName.size;
  }

  /** Adds `timer`, replacing the one of the same name. */
  add(timer: Timer): void {
    // Delete first, so that a replaced timer moves to the end, as it is listed when carried.
    this.byName.delete(timer.name);
    this.byName.set(timer.name, timer);
    this.push(timer);
  }

  delete(name: string): void {
    this.byName.delete(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): Timer | undefined {
    return this.byName.get(name);
  }

  /** Whether `timer` is still set (not fired, cancelled or replaced since). */
  holds(timer: Timer): boolean {
    return this.byName.get(timer.name) === timer;
  }

  clear(): void {
    this.byName.clear();
    this.heap.length = 0;
  }

  /** The timers in the order they were set (for carrying them across continue-as-new). */
  values(): Timer[] {
    return [...this.byName.values()];
  }

  /** The earliest timer, by time then creation. */
  earliest(): Timer | undefined {
    this.dropStale();
    return this.heap[0];
  }

  /** Every timer due at or before `limitMs`, by time then creation. */
  dueBy(limitMs: number): Timer[] {
    const due: Timer[] = [];
    for (let top = this.earliest(); top !== undefined && top.atMs <= limitMs; top = this.earliest())
      due.push(this.pop());
    for (const timer of due) this.push(timer);
    return due;
  }

  private dropStale(): void {
    while (this.heap.length > 0 && !this.holds(this.heap[0] as Timer)) this.pop();
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    for (let index = heap.length - 1; index > 0;) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index] as Timer, heap[parent] as Timer)) break;
      [heap[index], heap[parent]] = [heap[parent] as Timer, heap[index] as Timer];
      index = parent;
    }
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0] as Timer;
    const last = heap.pop() as Timer;
    if (heap.length === 0) return top;
    heap[0] = last;
    for (let index = 0; ;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left] as Timer, heap[smallest] as Timer)) smallest = left;
      if (right < heap.length && before(heap[right] as Timer, heap[smallest] as Timer)) smallest = right;
      if (smallest === index) break;
      [heap[index], heap[smallest]] = [heap[smallest] as Timer, heap[index] as Timer];
      index = smallest;
    }
    return top;
  }
}
