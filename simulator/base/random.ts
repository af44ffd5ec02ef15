/**
 * Seeded, named random streams. A stream is identified by the run seed and a key such as
 * `['exec', jobId, taskId, attempt]`; its values depend on nothing else. So the order in which
 * decisions happen to be taken never changes their outcome, and adding a new consumer of
 * randomness never shifts the values any other consumer sees.
 *
 * The generator is pure-rand's xoroshiro128+; the key is folded into its 32-bit seed with
 * FNV-1a followed by the murmur3 finaliser.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type StreamKey = readonly (string | number)[];

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A well-mixed 32-bit seed for the stream `key` of run `seed`. */
export function streamSeed(seed: number, key: StreamKey): number {
  let hash = FNV_OFFSET;
  const text = `${seed}\u0001${key.join('\u0001')}`;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash | 0;
}

export class RandomStream {
  private readonly generator: RandomGenerator;

  constructor(seed: number, key: StreamKey) {
    this.generator = xoroshiro128plus(streamSeed(seed, key));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return probability > 0 && this.float() < probability;
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u1 = 1 - this.float();
    const u2 = this.float();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('RandomStream.pick: empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = this.int(0, index);
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }
}

/** Shorthand: the stream `key` of run `seed`. */
export function stream(seed: number, ...key: StreamKey): RandomStream {
  return new RandomStream(seed, key);
}
