/**
 * The strategy registry: the only place strategy names appear. The CLI's choices come from it.
 */
import { stateful } from './stateful/index.js';
import type { Strategy } from './types.js';

export const STRATEGIES: readonly Strategy[] = [stateful];

export function strategyNames(): string[] {
  return STRATEGIES.map((strategy) => strategy.name);
}

export function findStrategy(name: string): Strategy | undefined {
  return STRATEGIES.find((strategy) => strategy.name === name);
}
