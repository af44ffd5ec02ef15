/** The fault kinds the nemesis knows, with their descriptions (their schemas' `.describe()`), in registry order. */
import { faultKindModules } from './kinds/index.js';

export interface FaultKindInfo {
  readonly kind: string;
  readonly description: string;
}

export function faultKinds(): FaultKindInfo[] {
  return faultKindModules().map((module) => ({ kind: module.kind, description: module.schema.description ?? '' }));
}
