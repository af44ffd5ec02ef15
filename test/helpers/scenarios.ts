/** Builds scenarios and resolved configurations from literal YAML for tests. */
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import { parseScenarioText } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';

/** A small valid scenario; override top-level sections with YAML fragments. */
export function scenarioYaml(overrides: Record<string, string> = {}): string {
  const sections: Record<string, string> = {
    name: 'name: test',
    seed: 'seed: 7',
    duration: 'duration: 2h',
    workload: ['workload:', '  jobs: 4', '  arrival: { every: 10m }'].join('\n'),
    topology: [
      'topology:',
      '  zones: [z1, z2]',
      '  nodes:',
      '    - { id: n1, zone: z1, slots: 2 }',
      '    - { id: n2, zone: z2, slots: 2 }',
      '  sites: [{ id: hpc1, kind: HPC }]',
    ].join('\n'),
    ...overrides,
  };
  return (
    Object.values(sections)
      .filter((section) => section !== '')
      .join('\n') + '\n'
  );
}

export function configFromYaml(yaml: string, file = 'test.yaml'): ResolvedConfig {
  return resolveScenario(parseScenarioText(file, yaml), { file });
}
