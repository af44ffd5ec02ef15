/**
 * Renders `docs/scenarios.md`, the reference of the scenario language, from the zod schema
 * (`simulator/scenario/schema.ts`), so the document cannot drift from what the loader accepts.
 *
 * It walks zod 4 internals (`schema._zod.def`, read through `simulator/scenario/zod-def.ts`): one
 * table per object, one per form of a discriminated union (each fault kind, each partition
 * shape), each field with its type in words, whether it is required or its default, and its
 * `.describe()` text. The field types of `fields.ts` (durations, distributions, probabilities…)
 * are recognised by identity and named, not expanded. The checks across fields are listed from
 * `CROSS_FIELD_RULES` (`simulator/scenario/references.ts`). The output depends only on the schema
 * and those rules: same input, same bytes. `scripts/generate-scenario-docs.ts` writes it; a unit test checks it.
 */
import { nodeTarget } from '../simulator/scenario/faults/targets.js';
import {
  durationDistribution,
  identifier,
  nonNegativeDuration,
  nonNegativeInt,
  positiveDuration,
  positiveInt,
  probability,
  signedDuration,
} from '../simulator/scenario/fields.js';
import { MAX_ALIAS_EXPANSIONS, MAX_NESTING_DEPTH } from '../simulator/scenario/load.js';
import { CROSS_FIELD_RULES, WARNING_RULES } from '../simulator/scenario/references.js';
import { scenarioSchema } from '../simulator/scenario/schema.js';
import { checksOf, defOf, type SchemaDef, walkable, type WalkableSchema } from '../simulator/scenario/zod-def.js';

/** The command that regenerates the document (quoted by the `--check` hint and the test). */
export const REGENERATE_COMMAND = 'node --import tsx scripts/generate-scenario-docs.ts';

/** A type in words, as a single value and inside a list ("duration" / "durations"). */
interface TypePhrase {
  readonly one: string;
  readonly many: string;
}

/** A field as written: the schema under its wrappers, and what the wrappers say. */
interface FieldInfo {
  readonly core: WalkableSchema;
  readonly description?: string;
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly presence: string;
  readonly description: string;
}

/** Where a form of a discriminated union sits: its heading qualifiers (`kind \`crash\``) and discriminator fields. */
interface FormSelection {
  readonly qualifiers: readonly string[];
  readonly discriminators: readonly string[];
}

interface Section {
  readonly heading: string;
  readonly anchor: string;
  readonly paragraphs: string[];
  readonly rows: Row[];
  readonly rules: string[];
}

const INTRO_HEADINGS = {
  files: 'Files and `extends`',
  durations: 'Durations',
  distributions: 'Distributions of durations',
  identifiers: 'Identifiers',
  nodeTargets: 'Node targets',
  crossField: 'Checks across fields',
  fields: 'Fields',
  example: 'Example',
} as const;

/** Anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes. */
function slugOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function link(text: string, heading: string): string {
  return `[${text}](#${slugOf(heading)})`;
}

/**
 * The shared field types of `fields.ts`, by definition identity: `.describe()` clones a schema
 * but keeps its definition object, so a described `positiveDuration` is still recognised.
 */
const NAMED_TYPES = new Map<SchemaDef, TypePhrase>([
  [defOf(walkable(positiveDuration)), { one: 'duration', many: 'durations' }],
  [defOf(walkable(nonNegativeDuration)), { one: 'duration (0 allowed)', many: 'durations (0 allowed)' }],
  [
    defOf(walkable(signedDuration)),
    { one: 'signed duration (`+30s`, `-2m`)', many: 'signed durations (`+30s`, `-2m`)' },
  ],
  [
    defOf(walkable(durationDistribution)),
    {
      one: link('distribution of durations', INTRO_HEADINGS.distributions),
      many: link('distributions of durations', INTRO_HEADINGS.distributions),
    },
  ],
  [defOf(walkable(probability)), { one: 'probability (0..1)', many: 'probabilities (0..1)' }],
  [
    defOf(walkable(identifier)),
    { one: link('identifier', INTRO_HEADINGS.identifiers), many: link('identifiers', INTRO_HEADINGS.identifiers) },
  ],
  [defOf(walkable(positiveInt)), { one: 'positive integer', many: 'positive integers' }],
  [defOf(walkable(nonNegativeInt)), { one: 'integer ≥ 0', many: 'integers ≥ 0' }],
  [
    defOf(walkable(nodeTarget)),
    { one: link('node target', INTRO_HEADINGS.nodeTargets), many: link('node targets', INTRO_HEADINGS.nodeTargets) },
  ],
]);

const TRANSPARENT_WRAPPERS = new Set([
  'optional',
  'default',
  'prefault',
  'nullable',
  'readonly',
  'nonoptional',
  'catch',
]);

/** Looks through the wrappers of a field (optional, default, prefault, nullable, pipes) down to its type. */
function unwrapField(schema: WalkableSchema): FieldInfo {
  let current = schema;
  let description: string | undefined;
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  let defaultValue: unknown;
  for (;;) {
    description ??= current.description;
    const def = defOf(current);
    if (NAMED_TYPES.has(def)) break;
    if ((def.type === 'default' || def.type === 'prefault') && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    if (def.type === 'optional') optional = true;
    if (def.type === 'nullable') nullable = true;
    const inner = TRANSPARENT_WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) break;
    current = inner;
  }
  return { core: current, description, optional, nullable, hasDefault, defaultValue };
}

/** A value as it would be written in a YAML flow: `30s`, `[a, b]`, `{ uniform: [1m, 10m] }`. */
function flowValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([key, inner]) => `${key}: ${flowValue(inner)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return /^[\w.:+/-]+$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** "required", "optional" or "default `…`" (a prefault shows the raw input, e.g. `30s`). */
function presenceOf(field: FieldInfo): string {
  if (field.hasDefault) {
    const isObject = defOf(field.core).type === 'object';
    return isObject && isEmptyObject(field.defaultValue) ? 'optional' : `default \`${flowValue(field.defaultValue)}\``;
  }
  return field.optional ? 'optional' : 'required';
}

function numberPhrase(def: SchemaDef): TypePhrase {
  const checks = checksOf(def);
  const isInteger = checks.some((check) => check.check === 'number_format' && /int/.test(check.format ?? ''));
  const bounds = checks.flatMap((check) => {
    if (check.check === 'greater_than') return [`${check.inclusive ? '≥' : '>'} ${String(check.value)}`];
    if (check.check === 'less_than') return [`${check.inclusive ? '≤' : '<'} ${String(check.value)}`];
    return [];
  });
  const suffix = bounds.length > 0 ? ` ${bounds.join(' and ')}` : '';
  return isInteger
    ? { one: `integer${suffix}`, many: `integers${suffix}` }
    : { one: `number${suffix}`, many: `numbers${suffix}` };
}

function stringPhrase(def: SchemaDef): TypePhrase {
  const nonEmpty = checksOf(def).some((check) => check.check === 'min_length' && (check.minimum ?? 0) > 0);
  return nonEmpty ? { one: 'non-empty text', many: 'non-empty texts' } : { one: 'text', many: 'texts' };
}

function enumPhrase(values: readonly unknown[]): TypePhrase {
  const listed = values.map((value) => `\`${String(value)}\``).join(', ');
  return values.length === 1
    ? { one: listed, many: listed }
    : { one: `one of ${listed}`, many: `values from ${listed}` };
}

/** "list of …", "non-empty list of …" or "list of at least n …", from the array's length checks. */
function listPhrase(def: SchemaDef, element: TypePhrase): TypePhrase {
  const minimum = checksOf(def).find((check) => check.check === 'min_length')?.minimum ?? 0;
  const maximum = checksOf(def).find((check) => check.check === 'max_length')?.maximum;
  const lead = minimum === 1 ? 'non-empty list' : 'list';
  const atLeast = minimum > 1 ? `at least ${minimum} ` : '';
  const atMost = maximum !== undefined ? ` (at most ${maximum})` : '';
  return {
    one: `${lead} of ${atLeast}${element.many}${atMost}`,
    many: `${lead}s of ${atLeast}${element.many}${atMost}`,
  };
}

/** Messages of an object's refinements (`expected exactly one of …`), as rules in words. */
function rulesOf(def: SchemaDef): string[] {
  return checksOf(def).flatMap((check) => {
    if (check.check !== 'custom' || !check.error) return [];
    let message: unknown;
    try {
      message = check.error();
    } catch {
      return [];
    }
    return typeof message === 'string' ? [message.replace(/^expected /, '')] : [];
  });
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function headingFor(path: string, qualifiers: readonly string[]): string {
  const subject = path === '' ? 'Top level' : `\`${path}\``;
  return qualifiers.length === 0 ? subject : `${subject} ${qualifiers.join(', ')}`;
}

/** The value of the discriminator `key` in a union option (looking into nested unions). */
function discriminatorValue(option: WalkableSchema, key: string): string {
  const def = defOf(option);
  const field = def.shape?.[key];
  if (field) return String(defOf(field).values?.[0]);
  const first = def.options?.[0];
  return first ? discriminatorValue(first, key) : '?';
}

function isObjectSchema(schema: WalkableSchema): boolean {
  return defOf(schema).type === 'object';
}

/** A union of objects whose field names do not overlap: written as "exactly one of these fields". */
function isFieldChoice(options: readonly WalkableSchema[]): boolean {
  if (!options.every(isObjectSchema)) return false;
  const keys = options.flatMap((option) => Object.keys(defOf(option).shape ?? {}));
  return new Set(keys).size === keys.length;
}

/** Collects the reference sections in document order (each object before the objects inside it). */
class SectionCollector {
  readonly sections: Section[] = [];
  private readonly usedAnchors = new Map<string, number>();

  constructor(reservedHeadings: readonly string[]) {
    for (const heading of reservedHeadings) this.anchorFor(heading);
  }

  /** A table of the fields of `schema`, at `path`. */
  addObject(
    schema: WalkableSchema,
    path: string,
    qualifiers: readonly string[],
    fallbackDescription?: string,
  ): Section {
    const def = defOf(schema);
    const section = this.open(headingFor(path, qualifiers), schema.description ?? fallbackDescription);
    for (const [key, field] of Object.entries(def.shape ?? {}))
      section.rows.push(this.rowFor(field, joinPath(path, key)));
    section.rules.push(...rulesOf(def));
    return section;
  }

  /** One table for a union of objects with distinct fields, of which exactly one is written. */
  addFieldChoice(schema: WalkableSchema, path: string, fallbackDescription?: string): Section {
    const options = defOf(schema).options ?? [];
    const section = this.open(headingFor(path, []), schema.description ?? fallbackDescription);
    const forms = options.map((option) =>
      Object.keys(defOf(option).shape ?? {})
        .map((key) => `\`${key}\``)
        .join(' + '),
    );
    section.paragraphs.push(`Write exactly one of: ${forms.join(', ')}.`);
    for (const option of options) {
      const keys = Object.keys(defOf(option).shape ?? {});
      for (const [key, field] of Object.entries(defOf(option).shape ?? {})) {
        const row = this.rowFor(field, joinPath(path, key));
        const presence =
          row.presence !== 'required'
            ? row.presence
            : keys.length === 1
              ? 'one of these'
              : `required with \`${keys[0]}\``;
        section.rows.push({ ...row, presence });
      }
      section.rules.push(...rulesOf(defOf(option)));
    }
    return section;
  }

  /** A section listing the forms of a discriminated union, then one section per form. */
  addDiscriminatedUnion(
    schema: WalkableSchema,
    path: string,
    outer: FormSelection,
    fallbackDescription?: string,
  ): Section {
    const def = defOf(schema);
    const key = def.discriminator ?? '';
    const section = this.open(headingFor(path, outer.qualifiers), schema.description ?? fallbackDescription);
    const forms: string[] = [];
    for (const option of def.options ?? []) {
      const qualifier = `${key} \`${discriminatorValue(option, key)}\``;
      const form = this.addForm(option, path, {
        qualifiers: [...outer.qualifiers, qualifier],
        discriminators: [...outer.discriminators, key],
      });
      forms.push(`- [${qualifier}](#${form.anchor})${option.description ? `: ${option.description}` : ''}`);
    }
    section.paragraphs.push(`One of these forms, told apart by \`${key}\`:`, forms.join('\n'));
    return section;
  }

  /** The section of one form of a discriminated union; its discriminator rows say they select the form. */
  private addForm(option: WalkableSchema, path: string, selection: FormSelection): Section {
    const def = defOf(option);
    if (def.type === 'union' && def.discriminator) return this.addDiscriminatedUnion(option, path, selection);
    const form = this.addObject(option, path, selection.qualifiers);
    const discriminatorPaths = selection.discriminators.map((key) => joinPath(path, key));
    form.rows.forEach((row, index) => {
      if (discriminatorPaths.includes(row.path) && row.description === '')
        form.rows[index] = { ...row, description: 'Selects this form.' };
    });
    return form;
  }

  private rowFor(schema: WalkableSchema, path: string): Row {
    const field = unwrapField(schema);
    const phrase = this.phraseFor(field.core, path, field.description);
    const type = field.nullable ? `${phrase.one} or null` : phrase.one;
    return { path, type, presence: presenceOf(field), description: field.description ?? '' };
  }

  /** The type of `schema` in words; adds sections for the objects it contains. */
  private phraseFor(schema: WalkableSchema, path: string, description: string | undefined): TypePhrase {
    const def = defOf(schema);
    const named = NAMED_TYPES.get(def);
    if (named) return named;
    if (def.type === 'nullable' && def.innerType) {
      const inner = this.phraseFor(def.innerType, path, description);
      return { one: `${inner.one} or null`, many: `${inner.many} or null` };
    }
    if (TRANSPARENT_WRAPPERS.has(def.type) && def.innerType) return this.phraseFor(def.innerType, path, description);
    if (def.type === 'pipe' && def.in) return this.phraseFor(def.in, path, description);
    switch (def.type) {
      case 'string':
        return stringPhrase(def);
      case 'number':
        return numberPhrase(def);
      case 'boolean':
        return { one: '`true` or `false`', many: 'booleans' };
      case 'enum':
        return enumPhrase(Object.values(def.entries ?? {}));
      case 'literal':
        return enumPhrase(def.values ?? []);
      case 'array':
        return listPhrase(def, this.elementPhrase(def.element, `${path}[]`, description));
      case 'tuple':
        return this.tuplePhrase(def.items ?? [], path, description);
      case 'record':
        return this.recordPhrase(def, path, description);
      case 'object':
        return this.objectLink(this.addObject(schema, path, [], description));
      case 'union':
        return this.unionPhrase(schema, path, description);
      default:
        return { one: def.type, many: def.type };
    }
  }

  private elementPhrase(
    element: WalkableSchema | undefined,
    path: string,
    description: string | undefined,
  ): TypePhrase {
    return element ? this.phraseFor(element, path, description) : { one: 'value', many: 'values' };
  }

  private tuplePhrase(items: readonly WalkableSchema[], path: string, description: string | undefined): TypePhrase {
    const phrases = items.map((item, index) => this.phraseFor(item, `${path}[${index}]`, description));
    const allSame = phrases.every((phrase) => phrase.one === phrases[0]?.one);
    if (allSame && phrases.length === 2 && phrases[0])
      return { one: `pair of ${phrases[0].many}`, many: `pairs of ${phrases[0].many}` };
    const listed = `[${phrases.map((phrase) => phrase.one).join(', ')}]`;
    return { one: listed, many: `lists ${listed}` };
  }

  private recordPhrase(def: SchemaDef, path: string, description: string | undefined): TypePhrase {
    const key = def.keyType ? this.phraseFor(def.keyType, path, undefined) : { one: 'text', many: 'texts' };
    const value = this.elementPhrase(def.valueType, `${path}.<key>`, description);
    return { one: `map from keys (${key.one}) to ${value.many}`, many: `maps from keys (${key.one}) to ${value.many}` };
  }

  private unionPhrase(schema: WalkableSchema, path: string, description: string | undefined): TypePhrase {
    const def = defOf(schema);
    const options = def.options ?? [];
    if (def.discriminator)
      return this.objectLink(
        this.addDiscriminatedUnion(schema, path, { qualifiers: [], discriminators: [] }, description),
      );
    if (isFieldChoice(options)) return this.objectLink(this.addFieldChoice(schema, path, description));
    const one = options.map((option) => this.phraseFor(option, path, description).one).join(', or ');
    return { one, many: `values, each ${one}` };
  }

  private objectLink(section: Section): TypePhrase {
    const target = `[${section.heading}](#${section.anchor})`;
    return { one: `object, see ${target}`, many: `objects, see ${target}` };
  }

  private open(heading: string, description: string | undefined): Section {
    const section: Section = {
      heading,
      anchor: this.anchorFor(heading),
      paragraphs: description ? [description] : [],
      rows: [],
      rules: [],
    };
    this.sections.push(section);
    return section;
  }

  /** GitHub's anchor for a heading, with `-1`, `-2`… on repeats (as GitHub numbers them). */
  private anchorFor(heading: string): string {
    const base = slugOf(heading);
    const seen = this.usedAnchors.get(base) ?? 0;
    this.usedAnchors.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen}`;
  }
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function renderSection(section: Section): string {
  const lines = [`### ${section.heading}`, ''];
  for (const paragraph of section.paragraphs) lines.push(paragraph, '');
  if (section.rows.length > 0) {
    lines.push('| Field | Type | Required / default | Description |', '| --- | --- | --- | --- |');
    for (const row of section.rows) {
      lines.push(
        `| \`${row.path}\` | ${escapeCell(row.type)} | ${escapeCell(row.presence)} | ${escapeCell(row.description)} |`,
      );
    }
    lines.push('');
  }
  if (section.rules.length > 0) lines.push('Also required:', '', ...section.rules.map((rule) => `- ${rule}`), '');
  return lines.join('\n');
}

function renderIntro(): string {
  return [
    '# Scenario reference',
    '',
    `<!-- Generated from simulator/scenario/schema.ts (and the rules of references.ts) by scripts/generate-scenario-docs.ts; do not edit by hand. Regenerate with: ${REGENERATE_COMMAND} -->`,
    '',
    'A scenario is one YAML or JSON file that fixes everything a run depends on: the workload, the topology, the network, the faults, the phases and the targets a run must meet. `faultline run <file>` validates it before anything starts; a malformed scenario is rejected (exit code 2) with the file, the line, the field, what was expected and what was found.',
    '',
    `## ${INTRO_HEADINGS.files}`,
    '',
    'A scenario may name a base file in `extends:` (a path relative to the scenario). The base is read first and the scenario’s own fields are laid over it: mappings merge field by field, everything else (numbers, text, lists) is replaced as a whole. A base may itself extend another file.',
    '',
    'Every mapping is strict: a field the schema does not know is an error that lists the fields allowed there.',
    '',
    `A file may nest mappings and lists at most ${MAX_NESTING_DEPTH} levels deep (a scenario needs about 6), and the aliases of a YAML file (\`*name\`) may expand at most ${MAX_ALIAS_EXPANSIONS} times: guards against files built to exhaust the reader.`,
    '',
    `## ${INTRO_HEADINGS.durations}`,
    '',
    'Durations are written like `250ms`, `30s`, `5m`, `1.5h` (units `ms`, `s`, `m`, `h`, `d`), compounds like `1h30m`, or a plain number of milliseconds. A signed duration (clock skew) may start with `+` or `-`: `+30s`, `-2m`.',
    '',
    `## ${INTRO_HEADINGS.distributions}`,
    '',
    'Where a field takes a distribution of durations, write one of:',
    '',
    '| Written as | Meaning |',
    '| --- | --- |',
    '| `30s` or `{ fixed: 30s }` | always this duration |',
    '| `{ uniform: [1m, 3m] }` | uniformly between low and high (low ≤ high) |',
    '| `{ exponential: { mean: 20m } }` | exponentially distributed with this mean |',
    '| `{ lognormal: { median: 10m, sigma: 0.5 } }` | log-normally distributed with this median and shape sigma (> 0) |',
    '',
    `## ${INTRO_HEADINGS.identifiers}`,
    '',
    'Names and ids (zones, nodes, sites, replicas, job types, task ids) are identifiers: a letter, then letters, digits, `-` or `_`.',
    '',
    `## ${INTRO_HEADINGS.nodeTargets}`,
    '',
    'Faults aimed at nodes name them with a node target, one of:',
    '',
    walkable(nodeTarget).description ?? '',
    '',
    `## ${INTRO_HEADINGS.crossField}`,
    '',
    'Beyond the type of each field, the loader checks what one field cannot say alone; a scenario that breaks one of these rules is rejected like any other mistake, naming the field:',
    '',
    ...CROSS_FIELD_RULES.map((rule) => `- ${rule}`),
    '',
    'What is allowed but most likely a slip is not rejected: `faultline validate` prints a warning for it (exit code 0):',
    '',
    ...WARNING_RULES.map((rule) => `- ${rule}`),
    '',
    `## ${INTRO_HEADINGS.fields}`,
    '',
    'One table per mapping of the language. A field path joins field names with `.`; `[]` stands for any entry of a list and `<key>` for any key of a map. “Required” means required whenever the enclosing mapping is written.',
    '',
  ].join('\n');
}

const EXAMPLE_SCENARIO = `# Two zones lose each other for 20 minutes while jobs keep arriving.
name: zone-partition
description: Jobs of two types on three nodes in two zones; the zones are cut apart at 1h.
seed: 42
duration: 4h

workload:
  jobs: 40
  arrival: { poisson: { mean: 5m } }
  types:
    - name: PHYSICS
      weight: 3
    - name: CHEMISTRY
      tasks:
        - { id: setup, kind: ENV_SETUP }
        - { id: stage-a, kind: INPUT_DATA_STAGING, after: [setup] }
        - { id: stage-b, kind: INPUT_DATA_STAGING, after: [setup] }
        - { id: submit, kind: JOB_SUBMISSION, after: [stage-a, stage-b] }
        - { id: monitor, kind: MONITORING, after: [submit] }
        - { id: fetch, kind: OUTPUT_DATA_STAGING, after: [monitor] }
      runtime: { exponential: { mean: 20m } }
  durations:
    INPUT_DATA_STAGING: { uniform: [1m, 3m] }
  failures:
    JOB_SUBMISSION: { retryable: 0.05 }

topology:
  zones: [z1, z2]
  nodes:
    - { id: n1, zone: z1, slots: 2 }
    - { id: n2, zone: z1, slots: 2 }
    - { id: n3, zone: z2, slots: 2 }
  sites:
    - { id: hpc1, kind: HPC, zone: z1 }
    - { id: cloud1, kind: CLOUD, zone: z2 }
  broker: { profile: at-least-once, ackTimeout: 2m }

network:
  latency:
    crossZone: { uniform: [15ms, 40ms] }
  loss: 0.001

faults:
  - { kind: partition, shape: zones, groups: [[z1], [z2]], at: 1h, duration: 20m }
  - { kind: crash, when: { on: task-start, kind: JOB_SUBMISSION, nth: 5 }, duration: 10m }
  - { kind: slow-site, target: hpc1, at: 2h, duration: 30m, factor: 4 }

targets:
  lostJobs: { max: 0 }
  duplicateEffects: { max: 0 }
`;

function renderExample(): string {
  return [
    `## ${INTRO_HEADINGS.example}`,
    '',
    'A complete scenario using several of the fields above:',
    '',
    '```yaml',
    EXAMPLE_SCENARIO.trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** The whole of `docs/scenarios.md`, generated from `scenarioSchema`. */
export function renderScenarioDocs(): string {
  const collector = new SectionCollector(Object.values(INTRO_HEADINGS));
  collector.addObject(walkable(scenarioSchema), '', []);
  return [renderIntro(), ...collector.sections.map(renderSection), renderExample()].join('\n');
}

/** 1-based number of the first line where two texts differ, or undefined when they are equal. */
export function firstDifferentLine(actual: string, expected: string): number | undefined {
  if (actual === expected) return undefined;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const index = expectedLines.findIndex((line, position) => actualLines[position] !== line);
  return (index === -1 ? expectedLines.length : index) + 1;
}
