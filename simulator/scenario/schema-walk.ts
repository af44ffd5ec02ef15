/**
 * Walks a zod schema by field path, looking through wrappers (optional, default, prefault,
 * pipes and transforms) and unions. Used to tell a user which fields exist where they wrote an
 * unknown one.
 */
import type { z } from 'zod';
import type { FieldPath } from './errors.js';

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly options?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The object-like schemas reachable at `schema` itself, through wrappers and unions. */
function objectsAt(schema: z.ZodType): Def[] {
  const def = defOf(schema);
  if (def.innerType) return objectsAt(def.innerType);
  if (def.type === 'pipe' && def.in) return objectsAt(def.in);
  if (def.options) return def.options.flatMap(objectsAt);
  if (def.type === 'intersection' && def.left && def.right) return [...objectsAt(def.left), ...objectsAt(def.right)];
  return [def];
}

/** Schemas reached by following `path` from `schema` (several when unions branch). */
export function schemasAt(schema: z.ZodType, path: FieldPath): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  for (const part of path) {
    const next: z.ZodType[] = [];
    for (const candidate of current) {
      for (const def of objectsAt(candidate)) {
        if (typeof part === 'string' && def.shape?.[part]) next.push(def.shape[part]);
        if (typeof part === 'number' && def.element) next.push(def.element);
        if (typeof part === 'number' && def.items?.[part]) next.push(def.items[part]);
      }
    }
    current = next;
  }
  return current;
}

/** Field names allowed in the object at `path`, sorted; empty when there is no object there. */
export function knownKeysAt(schema: z.ZodType, path: FieldPath): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, path)) {
    for (const def of objectsAt(candidate)) {
      for (const key of Object.keys(def.shape ?? {})) keys.add(key);
    }
  }
  return [...keys].sort();
}
