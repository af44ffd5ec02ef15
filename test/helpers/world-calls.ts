/** Typed shortcuts for calling a World directly in unit tests (no scheduler). */
import type { LedgerEntry } from '../../simulator/scenario/history.js';
import type { WorldCall, WorldCallResults } from '../../simulator/kernel/calls.js';
import type { Fate } from '../../simulator/world/network.js';
import type { Caller, World } from '../../simulator/world/world.js';
import { configFromYaml, scenarioYaml } from './scenarios.js';

export const SECOND = 1_000;
export const MINUTE = 60_000;

/** The agent component running on `node`. */
export const on = (node: string): Caller => ({ component: `agent-${node}`, node });

type CallOf<Op extends WorldCall['op']> = Extract<WorldCall, { op: Op }>;

/** World.handle, typed by the call's op: `{ result, crashedCaller }`. */
export function handle<Op extends WorldCall['op']>(
  world: World,
  request: CallOf<Op>,
  caller: Caller,
  atMs: number,
): { result: WorldCallResults[Op]; crashedCaller: boolean } {
  const { result, crashedCaller } = world.handle(request, caller, atMs);
  return { result: result as WorldCallResults[Op], crashedCaller };
}

/** Scenario YAML with the given `faults:` items (each a flow mapping) and other section overrides. */
export function faultScenario(faults: readonly string[], overrides: Record<string, string> = {}): string {
  const section = faults.length === 0 ? 'faults: []' : ['faults:', ...faults.map((fault) => `  - ${fault}`)].join('\n');
  return scenarioYaml({ faults: section, ...overrides });
}

export const configWithFaults = (faults: readonly string[], overrides: Record<string, string> = {}) =>
  configFromYaml(faultScenario(faults, overrides));

export function execStart(world: World, node: string, jobId: string, task: string, atMs: number, attempt = 1) {
  return handle(world, { op: 'exec.start', node, job: world.jobSpec(jobId), task, attempt }, on(node), atMs);
}

export function execFinish(world: World, node: string, jobId: string, task: string, execution: number, atMs: number) {
  return handle(world, { op: 'exec.finish', node, job: jobId, task, execution }, on(node), atMs);
}

export function siteEffects(world: World): Extract<LedgerEntry, { kind: 'site-effect' }>[] {
  return world.ledger.filter(
    (entry): entry is Extract<LedgerEntry, { kind: 'site-effect' }> => entry.kind === 'site-effect',
  );
}

/** Fates of `count` distinct messages from `from` to `to`, all sent at `atMs` (or at `atMs + i` with `spreadMs`). */
export function sendMany(
  world: World,
  from: string,
  to: string,
  atMs: number,
  count: number,
  spreadMs = 0,
): { sentAtMs: number; fate: Fate }[] {
  return Array.from({ length: count }, (_, index) => {
    const sentAtMs = atMs + index * spreadMs;
    return { sentAtMs, fate: world.network.send(from, to, sentAtMs, [from, to, 'msg', index]) };
  });
}

export function fraction<T>(items: readonly T[], holds: (item: T) => boolean): number {
  return items.filter(holds).length / items.length;
}
