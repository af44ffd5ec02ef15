/**
 * `docs/scenarios.md` is generated from the scenario schema: the committed file must be exactly
 * what `scripts/scenario-docs.ts` renders, must cover every top-level field and every fault
 * kind, and its worked example must be a valid scenario.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstDifferentLine, REGENERATE_COMMAND, renderScenarioDocs } from '../../scripts/scenario-docs.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { scenarioSchema } from '../../simulator/scenario/schema.js';

const DOCS_FILE = new URL('../../docs/scenarios.md', import.meta.url);
const FAULT_KINDS = [
  'crash',
  'pause',
  'slow',
  'clock-skew',
  'partition',
  'network',
  'broker-outage',
  'replica-outage',
  'site-outage',
  'slow-site',
];

const rendered = renderScenarioDocs();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('docs/scenarios.md', () => {
  it('is the committed output of the generator', () => {
    const committed = readFileSync(DOCS_FILE, 'utf8');
    const line = firstDifferentLine(committed, rendered);
    expect(committed, `docs/scenarios.md is stale (first difference at line ${line}); run: ${REGENERATE_COMMAND}`).toBe(
      rendered,
    );
  });

  it('renders the same bytes every time', () => {
    expect(renderScenarioDocs()).toBe(rendered);
  });

  it('has a row for every top-level field of the scenario', () => {
    for (const field of Object.keys(scenarioSchema.shape)) {
      expect(rendered, `no row for the top-level field ${field}`).toContain(`| \`${field}\` |`);
    }
  });

  it('has a section for each fault kind', () => {
    for (const kind of FAULT_KINDS) {
      expect(rendered, `no section for the fault kind ${kind}`).toMatch(
        new RegExp(`^### \`faults\\[\\]\` kind \`${escapeRegExp(kind)}\``, 'm'),
      );
    }
  });

  it('ends with an example that is a valid scenario', () => {
    const example = /^## Example\n[\s\S]*?^```yaml\n([\s\S]*?)^```$/m.exec(rendered)?.[1];
    expect(example, 'no ```yaml block under ## Example').toBeDefined();
    const scenario = parseScenarioText('example.yaml', example ?? '');
    expect(scenario.name).toBe('zone-partition');
    expect(scenario.faults.map((fault) => fault.kind)).toEqual(['partition', 'crash', 'slow-site']);
  });
});
