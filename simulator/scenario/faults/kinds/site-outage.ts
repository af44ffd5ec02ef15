/**
 * Site outage: a compute site refuses submissions and cannot be polled; jobs already there keep running
 * (`world/sites.ts`).
 */
import { z } from 'zod';
import type { ResolvedWindow } from '../types.js';
import { onSite, siteTarget, targetText, windowFields } from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({ kind: z.literal('site-outage'), target: siteTarget, ...windowFields })
  .describe('The site refuses submissions and cannot be polled; jobs already there keep running.');

export interface SiteOutageFault extends ResolvedWindow {
  readonly kind: 'site-outage';
  readonly site: string;
}

export const siteOutage: FaultKindOf<typeof schema, SiteOutageFault> = {
  kind: 'site-outage',
  schema,
  holds: 'site-outage',
  checkReferences: onSite.checkReferences,
  heldTargets: onSite.heldTargets,
  resolve: (spec, window, context, random) => ({
    ...window,
    kind: 'site-outage',
    site: onSite.site(spec, context, random),
  }),
  swarm: (window) => ({ kind: 'site-outage', target: 'random', ...window }),
  describe: (fault) => `site ${fault.site} down`,
  effects: { siteDown: (fault, site) => fault.site === site },
  explore: {
    draws: [
      {
        name: 'site-outage',
        weight: 1,
        bind: (_draft, _topology, window) => ({
          fault: { kind: 'site-outage', target: 'site1', ...window },
          held: ['site1'],
        }),
      },
    ],
    describe: (fault) => `site-outage ${targetText(fault.target)}`,
  },
  report: { color: '90, 90, 90' },
};
