/**
 * Walks a zod schema by field path, looking through wrappers (optional, default, prefault,
 * pipes and transforms) and unions. Used to tell a user which fields exist where they wrote an
 * unknown one, and to merge scenario bases field by field.
 */
import type { z } from 'zod';
import type { FieldPath } from './errors.js';
import { scenarioSchema } from './schema.js';
import { defOf, type SchemaDef, unwrap, walkable, type WalkableSchema } from './zod-def.js';

/** Literal fields of an object schema (`kind: z.literal('crash')`), for matching union options against data. */
function literalsOf(def: SchemaDef): Record<string, unknown> {
  const literals: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const fieldDef = defOf(unwrap(field));
    if (fieldDef.type === 'literal' && fieldDef.values?.length === 1) literals[key] = fieldDef.values[0];
  }
  return literals;
}

/**
 * The object-like definitions reachable at `schema`, through wrappers and unions. When `data`
 * (the value written there) names a discriminator (`kind: crash`), only matching options count.
 */
function objectsAt(schema: WalkableSchema, data?: unknown): SchemaDef[] {
  const def = defOf(schema);
  if (def.innerType) return objectsAt(def.innerType, data);
  if (def.type === 'pipe' && def.in) return objectsAt(def.in, data);
  if (def.options) {
    const all = def.options.flatMap((option) => objectsAt(option, data));
    if (data === null || typeof data !== 'object') return all;
    const matching = all.filter((option) =>
      Object.entries(literalsOf(option)).every(
        ([key, value]) => !(key in data) || (data as Record<string, unknown>)[key] === value,
      ),
    );
    return matching.length > 0 ? matching : all;
  }
  if (def.type === 'intersection' && def.left && def.right)
    return [...objectsAt(def.left, data), ...objectsAt(def.right, data)];
  return [def];
}

function child(data: unknown, part: string | number): unknown {
  return data !== null && typeof data === 'object' ? (data as Record<string | number, unknown>)[part] : undefined;
}

/** Schemas reached by following `path` from `schema` (several when unions branch). */
export function schemasAt(schema: z.ZodType, path: FieldPath, data?: unknown): WalkableSchema[] {
  let current: { schema: WalkableSchema; data: unknown }[] = [{ schema: walkable(schema), data }];
  for (const part of path) {
    const next: { schema: WalkableSchema; data: unknown }[] = [];
    for (const candidate of current) {
      for (const def of objectsAt(candidate.schema, candidate.data)) {
        const value = child(candidate.data, part);
        if (typeof part === 'string' && def.shape?.[part]) next.push({ schema: def.shape[part], data: value });
        if (typeof part === 'string' && def.type === 'record' && def.valueType)
          next.push({ schema: def.valueType, data: value });
        if (typeof part === 'number' && def.element) next.push({ schema: def.element, data: value });
        if (typeof part === 'number' && def.items?.[part]) next.push({ schema: def.items[part], data: value });
      }
    }
    current = next;
  }
  return current.map((candidate) => candidate.schema);
}

/** Keys allowed in a record keyed by an enum (e.g. failure rates per task kind). */
function recordKeys(def: SchemaDef): string[] {
  if (def.type !== 'record' || !def.keyType) return [];
  const keyDef = defOf(unwrap(def.keyType));
  return Object.keys(keyDef.entries ?? {});
}

/** Field names allowed in the object at `path`, sorted; empty when there is no object there. */
export function knownKeysAt(schema: z.ZodType, path: FieldPath, data?: unknown): string[] {
  let value = data;
  for (const part of path) value = child(value, part);
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, path, data)) {
    for (const def of objectsAt(candidate, value)) {
      for (const key of [...Object.keys(def.shape ?? {}), ...recordKeys(def)]) keys.add(key);
    }
  }
  return [...keys].sort();
}

/** Whether the scenario schema at `path` is a plain object of named fields (not a union of shapes, not a record). */
export function isPlainObjectAt(path: FieldPath): boolean {
  const candidates = schemasAt(scenarioSchema, path);
  if (candidates.length !== 1) return false;
  const shapes = objectsAt(candidates[0] as WalkableSchema);
  return shapes.length === 1 && shapes[0]?.type === 'object';
}
