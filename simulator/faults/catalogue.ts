/** The fault kinds the nemesis knows, with their descriptions, read from the fault schema. */
import type { z } from 'zod';
import { faultSchema } from './schema.js';

interface OptionDef {
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly values?: readonly unknown[];
}

function defOf(schema: z.ZodType): OptionDef & { type: string } {
  return (schema as unknown as { _zod: { def: OptionDef & { type: string } } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

/** Literal value of the `kind` field of a fault option (or of its first union member). */
function kindOf(option: z.ZodType): string {
  const inner = unwrap(option);
  const def = defOf(inner);
  const shape = def.shape ?? (def.options?.[0] ? defOf(unwrap(def.options[0])).shape : undefined);
  const kind = shape?.['kind'];
  return String(kind ? (defOf(kind).values?.[0] ?? '?') : '?');
}

export interface FaultKindInfo {
  readonly kind: string;
  readonly description: string;
}

export function faultKinds(): FaultKindInfo[] {
  const options = defOf(faultSchema).options ?? defOf(unwrap(faultSchema)).options ?? [];
  return options.map((option) => ({ kind: kindOf(option), description: option.description ?? unwrap(option).description ?? '' }));
}
