/**
 * Crash: nodes go down and restart with empty memory — at a time, or right after an event of the
 * run (a crash trigger, `when`). The world fires triggers and the scheduler crashes and restarts
 * components (`world.ts`, `scheduler.ts`); this module says what a crash is and whom it hits.
 */
import { z } from 'zod';
import { AIRAVATA_CHAIN } from '../../model.js';
import { positiveInt } from '../../fields.js';
import { nodeTarget, resolveNodeTarget } from '../targets.js';
import type { ResolvedWindow } from '../types.js';
import { draftAnyNode, livenessTarget, nodeList, onNodeTarget, targetText, windowFields } from './common.js';
import type { FaultKindOf, ReferenceChecks } from './kind.js';

const crashTrigger = z
  .strictObject({
    on: z
      .enum(['site-submit', 'task-start', 'task-finish', 'point'], {
        error: 'expected one of site-submit, task-start, task-finish, point',
      })
      .describe('The event after which the node where it happens crashes.'),
    kind: z.enum(AIRAVATA_CHAIN).optional().describe('Only tasks of this kind count (task-start, task-finish).'),
    point: z
      .string()
      .optional()
      .describe('For `on: point`: the name a strategy gives a step boundary (ctx.crashPoint).'),
    nth: positiveInt.default(1).describe('Crash after the nth such event of the run.'),
  })
  .describe('Crash triggered by an event instead of at a time.');

const schema = z
  .strictObject({
    kind: z.literal('crash'),
    target: nodeTarget
      .optional()
      .describe('Node(s) to crash; with `when`, default: the node where the event happened.'),
    at: windowFields.at.optional(),
    when: crashTrigger.optional(),
    duration: windowFields.duration.describe(
      'How long the node stays down before it restarts with empty memory (default: until the heal).',
    ),
  })
  .refine((fault) => (fault.at === undefined) !== (fault.when === undefined), {
    error: 'expected exactly one of `at` or `when`',
  })
  .refine((fault) => fault.when !== undefined || fault.target !== undefined, {
    error: 'expected a `target` for a crash at a time',
  })
  .describe('Node crash and restart: volatile state is lost.');

type Spec = z.output<typeof schema>;

export interface CrashFault extends ResolvedWindow {
  readonly kind: 'crash';
  readonly nodes: readonly string[];
  /** For a crash a trigger fired during the run: the trigger, in words. */
  readonly triggeredBy?: string;
}

/** A trigger names `point` for `on: point` and only then, and `kind` only for task events, one the jobs run. */
function checkTrigger(when: NonNullable<Spec['when']>, checks: ReferenceChecks): void {
  if (when.on === 'point' && !when.point) checks.report(['when', 'point'], 'the name of a crash point (for on: point)');
  if (when.point !== undefined && when.on !== 'point')
    checks.report(['when', 'point'], 'point only with on: point', when.point);
  if (when.kind === undefined) return;
  if (when.on !== 'task-start' && when.on !== 'task-finish')
    checks.report(['when', 'kind'], 'kind only with on: task-start or task-finish', when.kind);
  else if (!checks.taskKindsRun.has(when.kind)) {
    checks.report(
      ['when', 'kind'],
      `a task kind some job type runs (${[...checks.taskKindsRun].join(', ')})`,
      when.kind,
    );
  }
}

export const crash: FaultKindOf<typeof schema, CrashFault> = {
  kind: 'crash',
  schema,
  holds: 'liveness',
  checkReferences(spec, checks) {
    onNodeTarget.checkReferences(spec, checks);
    if (spec.when) checkTrigger(spec.when, checks);
  },
  triggered: (spec) => spec.when !== undefined,
  namedNode: onNodeTarget.namedNode,
  heldTargets: onNodeTarget.heldTargets,
  resolve(spec, window, context, random) {
    if (spec.when) {
      const { on, kind: taskKind, point, nth } = spec.when;
      const nodes = spec.target ? resolveNodeTarget(spec.target, context, random) : [];
      return { id: window.id, on, taskKind, point, nth, durationMs: spec.duration ?? context.faultEndMs, nodes };
    }
    return { ...window, kind: 'crash', nodes: resolveNodeTarget(spec.target ?? 'random', context, random) };
  },
  swarm: (window) => ({ kind: 'crash', target: 'random', ...window }),
  describe: (fault) => `crash ${nodeList(fault)}${fault.triggeredBy ? ` (triggered by ${fault.triggeredBy})` : ''}`,
  effects: { down: (fault) => fault.nodes },
  explore: {
    draws: [
      {
        name: 'crash',
        weight: 3,
        bind(draft, topology, window) {
          const node = draftAnyNode(draft, topology);
          return { fault: { kind: 'crash', target: node, ...window }, held: [livenessTarget(node)] };
        },
      },
    ],
    describe: (fault) => `crash ${targetText(fault.target)}`,
  },
  report: { color: '213, 94, 0' },
};
