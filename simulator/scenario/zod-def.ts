/**
 * The one place that reads zod 4's internals (`schema._zod.def`): what a schema is made of —
 * its wrappers, fields, options, elements, literal values, checks. zod has no public API for
 * walking a schema, and faultline walks it for three things that must follow the schema as it
 * is: the fields a user may write where they wrote an unknown one, and how scenario bases merge
 * (`schema-walk.ts`), and the reference of the language (`scripts/scenario-docs.ts`). When zod
 * changes its internals, this is the file to change.
 */
import type { z } from 'zod';

/** What a walk reads of a zod 4 schema: its definition and its `.describe()` text. */
export interface WalkableSchema {
  readonly _zod: { readonly def: SchemaDef };
  readonly description?: string;
}

/** The parts of a zod 4 definition the walks read; which are set depends on `type`. */
export interface SchemaDef {
  readonly type: string;
  /** Of wrappers: optional, default, prefault, nullable, readonly… */
  readonly innerType?: WalkableSchema;
  /** Of a pipe (a transform): the schema the input is checked against. */
  readonly in?: WalkableSchema;
  readonly shape?: Readonly<Record<string, WalkableSchema>>;
  readonly element?: WalkableSchema;
  readonly items?: readonly WalkableSchema[];
  readonly options?: readonly WalkableSchema[];
  readonly discriminator?: string;
  readonly left?: WalkableSchema;
  readonly right?: WalkableSchema;
  readonly keyType?: WalkableSchema;
  readonly valueType?: WalkableSchema;
  readonly defaultValue?: unknown;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
}

/** A check of a definition (bounds, formats, lengths, refinements). */
export interface CheckDef {
  readonly check: string;
  readonly value?: number | bigint;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly error?: (issue?: unknown) => unknown;
}

/** A zod schema seen as what the walks read of it (zod's own types do not expose `_zod.def` in this shape). */
export function walkable(schema: z.core.$ZodType): WalkableSchema {
  return schema as unknown as WalkableSchema;
}

export function defOf(schema: WalkableSchema): SchemaDef {
  return schema._zod.def;
}

/** The schema under any wrappers (optional, default, prefault…) and pipes (transforms). */
export function unwrap(schema: WalkableSchema): WalkableSchema {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

export function checksOf(def: SchemaDef): CheckDef[] {
  return (def.checks ?? []).map((check) => check._zod.def);
}
