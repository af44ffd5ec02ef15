/**
 * Slow site: a compute site is overloaded — queue waits and run times of jobs starting there are stretched
 * (`world/sites.ts`).
 */
import { z } from 'zod';
import type { ResolvedWindow } from '../types.js';
import { factorField, onSite, siteTarget, targetText, windowFields } from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('slow-site'),
    target: siteTarget,
    ...windowFields,
    factor: factorField(3, 'Queue waits and run times are multiplied by this.'),
  })
  .describe('The site is overloaded.');

export interface SlowSiteFault extends ResolvedWindow {
  readonly kind: 'slow-site';
  readonly site: string;
  readonly factor: number;
}

export const slowSite: FaultKindOf<typeof schema, SlowSiteFault> = {
  kind: 'slow-site',
  schema,
  holds: 'slow-site',
  checkReferences: onSite.checkReferences,
  heldTargets: onSite.heldTargets,
  resolve: (spec, window, context, random) => ({
    ...window,
    kind: 'slow-site',
    site: onSite.site(spec, context, random),
    factor: spec.factor,
  }),
  swarm: (window, random) => ({ kind: 'slow-site', target: 'random', factor: 2 + random.int(0, 3), ...window }),
  describe: (fault) => `site ${fault.site} slow ×${fault.factor}`,
  effects: { siteSlowFactor: (fault, site) => (fault.site === site ? fault.factor : undefined) },
  explore: {
    draws: [
      {
        name: 'slow-site',
        weight: 1,
        bind: (draft, _topology, window) => ({
          fault: { kind: 'slow-site', target: 'site1', ...window, factor: draft.level + 1 },
          held: ['site1'],
        }),
      },
    ],
    describe: (fault) => `slow-site ${targetText(fault.target)} ×${String(fault.factor ?? '')}`,
  },
  report: { color: '150, 150, 150' },
};
