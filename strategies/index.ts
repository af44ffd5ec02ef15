/**
 * The strategy registry: the only place strategy names appear. The CLI's choices come from it.
 */
import { canary2017 } from './canary-2017/index.js';
import { hybrid } from './hybrid/index.js';
import { roundRobin } from './round-robin/index.js';
import { stateful, statefulVolatile } from './stateful/index.js';
import { stateless } from './stateless/index.js';
import type { Strategy } from './types.js';

export const STRATEGIES: readonly Strategy[] = [stateful, statefulVolatile, stateless, hybrid, canary2017, roundRobin];

/** The strategies `--strategy all` compares: every registered one but the teaching examples. */
export function comparedStrategies(): Strategy[] {
  return STRATEGIES.filter((strategy) => !strategy.example);
}

export function strategyNames(): string[] {
  return STRATEGIES.map((strategy) => strategy.name);
}

export function findStrategy(name: string): Strategy | undefined {
  return STRATEGIES.find((strategy) => strategy.name === name);
}
